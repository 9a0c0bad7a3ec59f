/**
 * What the load test runs against: one PostgreSQL (a scratch database on DATABASE_URL's server,
 * or an embedded server of its own), the demo department sources, and two hub replicas — the
 * built hub (`dist/src/main.js`) as separate processes on different ports, in production mode,
 * sharing the database and the keys as a real deployment behind a load balancer would.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { createWriteStream, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { WebSocket } from 'undici';
import { certificateBenchEnv } from '../bench/certificates.js';
import { freePort } from '../bench/processes.js';
import { databaseCredentialEnv, productionKeyEnv } from '../test/support/production-env.js';
import { dropDatabase, scratchDatabase } from '../bench/scratch-database.js';
import { createTokenIssuer, type TokenIssuer } from '../test/support/token-issuer.js';
import { startSources, type RunningSources } from '../demo/sources/index.js';
import { seedCatalog } from '../src/catalog/seed.js';
import { HUB_NODE_FLAGS } from '../src/config/node-flags.js';
import { createDataSource, runMigrations } from '../src/database/data-source.js';
import { EmbeddedPostgres } from '../src/database/embedded-postgres.js';

const HUB_MAIN = fileURLToPath(new URL('../src/main.js', import.meta.url));
const READY_TIMEOUT_MS = 60_000;

export interface LoadDatabase {
  url: string;
  kind: 'external' | 'embedded';
  /** Stops and starts the server (every connection drops); resolves when it accepts connections again. */
  restart(): Promise<void>;
  drop(): Promise<void>;
}

export interface Replica {
  name: string;
  url: string;
  /** The running process's id, or undefined while it is down. */
  pid(): number | undefined;
  /** Resident set size in bytes, read from /proc (0 while down). */
  rss(): number;
  start(): Promise<void>;
  /**
   * A full garbage collection in the replica, through its inspector (the load test starts the
   * replicas with `--inspect` on a free loopback port): RSS read right after it is comparable.
   */
  collectGarbage(): Promise<void>;
  /** SIGKILL, as a crash: no shutdown hooks run. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export interface Cluster {
  database: LoadDatabase;
  sources: RunningSources;
  replicas: [Replica, Replica];
  issuer: TokenIssuer;
  /** The audit checkpoint public key (PEM file) for `npm run audit -- verify --public-key`. */
  auditPublicKeyFile: string;
  stop(): Promise<void>;
}

export async function startCluster(workDir: string, log: (line: string) => void): Promise<Cluster> {
  const database = process.env.DATABASE_URL ? await externalDatabase(process.env.DATABASE_URL) : await embeddedDatabase(workDir);
  log(`database: ${database.kind} PostgreSQL`);
  const seed = createDataSource({ url: database.url, poolSize: 2 });
  await seed.initialize();
  await runMigrations(seed);
  await seedCatalog(seed);
  await seed.destroy();

  const sources = await startSources({ adminDatabaseUrl: database.url, portBase: 0, frontDatabase: `sharehub_front_lt_${process.pid}` });
  log(`demo sources: ${sources.sources.map((s) => `${s.key}:${s.port}`).join(' ')} + 民政 front database`);
  const issuer = createTokenIssuer(workDir);
  const keys = productionKeyEnv(workDir);
  const auditPublicKeyFile = join(workDir, 'audit-checkpoint.pub.pem');
  writeFileSync(auditPublicKeyFile, createPublicKey(createPrivateKey(readFileSync(keys.SHAREHUB_AUDIT_KEY_FILE))).export({ type: 'spki', format: 'pem' }) as string);
  const sharedEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    DATABASE_URL: database.url,
    ...databaseCredentialEnv(database.url),
    SHAREHUB_JWKS_FILE: issuer.jwksFile,
    // The workload drives a few principals hard; the limiter has its own tests.
    SHAREHUB_PRINCIPAL_RATE_PER_SECOND: '1000000',
    SHAREHUB_PRINCIPAL_BURST: '1000000',
    ...keys,
    ...certificateBenchEnv(workDir),
    ...sources.env,
    // For diagnosis, e.g. `--heapsnapshot-signal=SIGUSR2` or `--cpu-prof`.
    ...(process.env.LOADTEST_HUB_NODE_OPTIONS ? { NODE_OPTIONS: process.env.LOADTEST_HUB_NODE_OPTIONS } : {}),
  };
  const replicas: [Replica, Replica] = [
    hubReplica('A', await freePort(), { ...sharedEnv, SHAREHUB_DATA_DIR: join(workDir, 'replica-A') }, workDir),
    hubReplica('B', await freePort(), { ...sharedEnv, SHAREHUB_DATA_DIR: join(workDir, 'replica-B') }, workDir),
  ];
  await Promise.all(replicas.map((replica) => replica.start()));
  log(`replicas: ${replicas.map((r) => `${r.name} ${r.url} (pid ${r.pid()})`).join(', ')}`);
  return {
    database,
    sources,
    replicas,
    issuer,
    auditPublicKeyFile,
    async stop() {
      await Promise.all(replicas.map((replica) => replica.stop()));
      await sources.stop();
      await database.drop();
    },
  };
}

function hubReplica(name: string, port: number, env: Record<string, string>, logDir: string): Replica {
  const url = `http://127.0.0.1:${port}`;
  const logFile = join(logDir, `replica-${name}.log`);
  let child: ChildProcess | undefined;
  let inspector: string | undefined;
  const exited = (process: ChildProcess) =>
    process.exitCode !== null || process.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => process.once('exit', () => resolve()));
  return {
    name,
    url,
    pid: () => child?.pid,
    rss() {
      if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return 0;
      try {
        const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        return match ? Number(match[1]) * 1024 : 0;
      } catch {
        return 0;
      }
    },
    async start() {
      const output = createWriteStream(logFile, { flags: 'a' });
      const started = spawn(process.execPath, [...HUB_NODE_FLAGS, '--inspect=127.0.0.1:0', HUB_MAIN], { env: { ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
      started.stdout!.pipe(output);
      started.stderr!.pipe(output);
      inspector = undefined;
      started.stderr!.on('data', (chunk: Buffer) => (inspector ??= /Debugger listening on (ws:\/\/\S+)/.exec(chunk.toString())?.[1]));
      child = started;
      const deadline = Date.now() + READY_TIMEOUT_MS;
      while (Date.now() < deadline) {
        if (started.exitCode !== null) throw new Error(`replica ${name} exited (${started.exitCode}) before it was ready; see ${logFile}`);
        try {
          if ((await fetch(`${url}/readyz`)).status === 200) return;
        } catch {
          // not listening yet
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`replica ${name} not ready after ${READY_TIMEOUT_MS} ms; see ${logFile}`);
    },
    async collectGarbage() {
      if (!inspector) throw new Error(`replica ${name} has no inspector address`);
      const socket = new WebSocket(inspector);
      await new Promise<void>((resolve, reject) => {
        socket.addEventListener('open', () => socket.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' })));
        socket.addEventListener('message', (event) => {
          if ((JSON.parse(String(event.data)) as { id?: number }).id === 1) resolve();
        });
        socket.addEventListener('error', () => reject(new Error(`replica ${name}: inspector connection failed`)));
      });
      socket.close();
    },
    async kill() {
      if (!child) return;
      const done = exited(child);
      child.kill('SIGKILL');
      await done;
    },
    async stop() {
      if (!child) return;
      const done = exited(child);
      child.kill('SIGTERM');
      const force = setTimeout(() => child?.kill('SIGKILL'), 10_000);
      await done;
      clearTimeout(force);
    },
  };
}

/** A scratch database on the given server, dropped at the end; restart() restarts the whole server. */
async function externalDatabase(adminUrl: string): Promise<LoadDatabase> {
  const database = await scratchDatabase(adminUrl, `sharehub_loadtest_${process.pid}`);
  return {
    url: database.url,
    kind: 'external',
    async restart() {
      await restartExternalServer();
      await waitForConnections(adminUrl);
    },
    async drop() {
      await database.drop();
      await dropDatabase(adminUrl, `sharehub_front_lt_${process.pid}`);
    },
  };
}

/**
 * `LOADTEST_PG_RESTART` (a shell command) if set; otherwise the Debian cluster tool, as on
 * this project's machines: `pg_ctlcluster <version> main restart`.
 */
async function restartExternalServer(): Promise<void> {
  const run = promisify(execFile);
  if (process.env.LOADTEST_PG_RESTART) {
    await run('sh', ['-c', process.env.LOADTEST_PG_RESTART]);
    return;
  }
  const version = readdirSync('/etc/postgresql')[0];
  if (!version) throw new Error('no /etc/postgresql cluster: set LOADTEST_PG_RESTART to a command that restarts the PostgreSQL of DATABASE_URL');
  await run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'restart', '-m', 'fast']);
}

async function embeddedDatabase(workDir: string): Promise<LoadDatabase> {
  const server = new EmbeddedPostgres({ baseDir: join(workDir, 'pg'), port: await freePort() });
  const url = await server.start();
  return {
    url,
    kind: 'embedded',
    async restart() {
      await server.stop();
      await server.start();
      await waitForConnections(url);
    },
    drop: () => server.stop(),
  };
}

async function waitForConnections(url: string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  throw new Error('PostgreSQL did not accept connections within 30 s of its restart');
}

import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAlive, killSpawnedHubs, spawnHub } from '../support/hub-process.js';
import { freePort } from '../support/ports.js';

const SLOW = 180_000;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const cli = (name: string) => join(ROOT, 'dist', 'src', 'cli', `${name}.js`);

interface Run {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

const children = new Set<ChildProcess>();

/** Runs a built CLI as an operator would, from the repository root, with only the given environment. */
function runCli(script: string, args: string[], env: Record<string, string>): Run {
  const child = spawn(process.execPath, [script, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => (children.delete(child), resolve(code))));
  return { child, output: () => output, exited };
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

function occupy(port: number): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/** A port base with six free ports after it (the demo sources take base … base+5). */
async function freePortRange(count = 6): Promise<number> {
  for (;;) {
    // Below the kernel's ephemeral range (32768–60999), so no outgoing connection takes one meanwhile.
    const base = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await Promise.all(Array.from({ length: count }, (_, i) => listening(base + i)));
    if (free.every((taken) => !taken)) return base;
  }
}

function postmasterPid(dataDir: string): number | undefined {
  const file = join(dataDir, 'pg', 'data', 'postmaster.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : undefined;
}

describe('CLIs and a running hub', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'sharehub-cli-'));
    chmodSync(root, 0o755);
  });
  afterEach(async () => {
    await killSpawnedHubs();
    for (const child of children) child.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  it("use the running hub's embedded PostgreSQL and leave it running", async () => {
    const dataDir = join(root, 'data');
    const env = { NODE_ENV: 'test', SHAREHUB_DATA_DIR: dataDir, SHAREHUB_EMBEDDED_PG_PORT: String(await freePort()) };
    const hub = spawnHub({ ...env, PORT: String(await freePort()) });
    await hub.ready();
    const postgres = postmasterPid(dataDir)!;

    for (const [name, args, expected] of [
      ['migrate', [], /schema is up to date/],
      ['audit', ['verify'], /OK/],
      ['catalog', ['export', '--format', 'json', '--out', join(root, 'catalog.json')], /exported 0 resources/],
    ] as const) {
      const run = runCli(cli(name), [...args], env);
      expect({ name, code: await run.exited }).toEqual({ name, code: 0 });
      expect(run.output()).toMatch(expected);
      expect(run.output()).not.toMatch(/stopping orphaned postgres/);
      expect(isAlive(postgres)).toBe(true);
    }
    expect((await fetch(`${hub.url}/readyz`)).status).toBe(200);

    // A second hub on the same data dir joins the server too, and leaves it to its owner.
    const second = spawnHub({ ...env, PORT: String(await freePort()) });
    await second.ready();
    expect(second.output()).toMatch(/using the embedded PostgreSQL \(pid \d+, port \d+\) started by the running hub/);
    second.child.kill('SIGTERM');
    await second.exited;
    expect(isAlive(postgres)).toBe(true);
    expect((await fetch(`${hub.url}/readyz`)).status).toBe(200);

    hub.child.kill('SIGTERM');
    expect((await hub.exited).code).toBe(0);
    expect(isAlive(postgres)).toBe(false);
  }, SLOW);

  it('refuse with a clear message when no hub runs and no DATABASE_URL is set, starting nothing', async () => {
    const dataDir = join(root, 'data');
    const run = runCli(cli('audit'), ['verify'], { NODE_ENV: 'test', SHAREHUB_DATA_DIR: dataDir });
    expect(await run.exited).toBe(2);
    expect(run.output().trim()).toBe(
      `sharehub audit: no running embedded PostgreSQL under ${dataDir}/pg: start the hub first (npm start, or npm run demo) with the same SHAREHUB_DATA_DIR, or set DATABASE_URL`,
    );
    expect(postmasterPid(dataDir)).toBeUndefined();
    const migrate = runCli(cli('migrate'), [], { NODE_ENV: 'test', SHAREHUB_DATA_DIR: dataDir });
    expect(await migrate.exited).toBe(1);
    expect(migrate.output()).toMatch(/^sharehub migrate: no running embedded PostgreSQL under /);
  });

  it('refuse with a clear message when DATABASE_URL cannot be reached', async () => {
    const url = `postgres://sharehub:secret@127.0.0.1:${await freePort()}/sharehub`;
    const run = runCli(cli('catalog'), ['export', '--format', 'json'], { NODE_ENV: 'test', SHAREHUB_DATA_DIR: join(root, 'data'), DATABASE_URL: url });
    expect(await run.exited).toBe(1);
    expect(run.output().trim()).toMatch(/^sharehub catalog: cannot connect to DATABASE_URL: connect ECONNREFUSED 127\.0\.0\.1:\d+$/);
  });
});

describe('npm run demo', () => {
  let root: string;
  let blockers: Server[] = [];
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'sharehub-demo-'));
    chmodSync(root, 0o755);
  });
  afterEach(async () => {
    for (const child of children) child.kill('SIGKILL');
    for (const blocker of blockers) blocker.close();
    blockers = [];
    rmSync(root, { recursive: true, force: true });
  });

  async function demoEnv(): Promise<Record<string, string>> {
    return {
      SHAREHUB_DATA_DIR: join(root, 'data'),
      PORT: String(await freePort()),
      SOURCES_PORT_BASE: String(await freePortRange()),
      SHAREHUB_EMBEDDED_PG_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
    };
  }

  it('takes PORT, SOURCES_PORT_BASE and the embedded PostgreSQL port from settings, says it is development, and stops everything on SIGTERM', async () => {
    const env = await demoEnv();
    const demo = runCli(cli('demo'), [], env);
    await until(() => demo.output().includes('sharehub demo is running at') || demo.child.exitCode !== null, 'the demo');
    const output = demo.output();
    expect(output.split('\n')[0]).toBe('sharehub demo: development mode (NODE_ENV=development): dev keys trusted, introspection on, error details returned; not for production');
    expect(output).toContain(`sharehub demo is running at http://127.0.0.1:${env.PORT} in development mode`);
    const base = Number(env.SOURCES_PORT_BASE);
    expect(output).toContain(`SOURCE_GAT=http://127.0.0.1:${base}`);
    for (let i = 0; i < 6; i++) expect(await listening(base + i)).toBe(true);
    expect(await listening(Number(env.SHAREHUB_EMBEDDED_PG_PORT))).toBe(true);
    expect((await fetch(`http://127.0.0.1:${env.PORT}/readyz`)).status).toBe(200);
    const postgres = postmasterPid(env.SHAREHUB_DATA_DIR)!;

    demo.child.kill('SIGTERM');
    expect(await demo.exited).toBe(0);
    expect(isAlive(postgres)).toBe(false);
    for (let i = 0; i < 6; i++) expect(await listening(base + i)).toBe(false);
  }, SLOW);

  it.each([
    ['PORT', (env: Record<string, string>) => Number(env.PORT)],
    ['SOURCES_PORT_BASE', (env: Record<string, string>) => Number(env.SOURCES_PORT_BASE) + 2],
    ['SHAREHUB_EMBEDDED_PG_PORT', (env: Record<string, string>) => Number(env.SHAREHUB_EMBEDDED_PG_PORT)],
  ])('names the port in use when %s is taken, and starts nothing', async (setting, portOf) => {
    const env = await demoEnv();
    const taken = portOf(env);
    blockers.push(await occupy(taken));
    const demo = runCli(cli('demo'), [], env);
    expect({ code: await demo.exited, output: demo.output() }).toMatchObject({ code: 78 });
    expect(demo.output()).toMatch(new RegExp(`sharehub demo: configuration error: ${setting}.*: port ${taken} is already in use`));
    expect(postmasterPid(env.SHAREHUB_DATA_DIR)).toBeUndefined();
  }, SLOW);

  it('stops what it started when a later step fails', async () => {
    const env = await demoEnv();
    // An address this machine does not have: the hub's listen fails after PostgreSQL and the sources started.
    const demo = runCli(cli('demo'), [], { ...env, HOST: '192.0.2.1' });
    let postgres: number | undefined;
    void until(() => (postgres ??= postmasterPid(env.SHAREHUB_DATA_DIR)) !== undefined, 'postgres', SLOW).catch(() => undefined);
    expect({ code: await demo.exited, output: demo.output() }).toEqual({ code: 1, output: expect.stringMatching(/sharehub demo: .*(EADDRNOTAVAIL|address not available)/i) });
    expect(postgres).toBeDefined();
    expect(isAlive(postgres!)).toBe(false);
    const base = Number(env.SOURCES_PORT_BASE);
    for (let i = 0; i < 6; i++) expect(await listening(base + i)).toBe(false);
  }, SLOW);
});

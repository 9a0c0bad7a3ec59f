import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EMBEDDED_OS_USER } from '../../src/database/embedded-postgres.js';
import { isAlive, killSpawnedHubs, spawnHub } from '../support/hub-process.js';
import { freePort } from '../support/ports.js';

const SLOW = 120_000;

function freshDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sharehub-hub-'));
  chmodSync(dir, 0o755);
  return join(dir, 'data');
}

function postmasterPid(dataDir: string): number {
  return Number(readFileSync(join(dataDir, 'pg', 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

/** The real user id of a running process (Linux). */
function uidOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('Uid:'));
  return Number(line!.split(/\s+/)[1]);
}

async function typename(url: string): Promise<unknown> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  return response.json();
}

/** The hub as a user runs it: its own process, its own embedded PostgreSQL, real signals. */
describe('hub process with embedded PostgreSQL', () => {
  afterEach(killSpawnedHubs);
  it('starts fresh, survives kill -9 of the hub, and stops its PostgreSQL on SIGTERM', async () => {
    const dataDir = freshDataDir();
    const env = { NODE_ENV: 'test', SHAREHUB_DATA_DIR: dataDir, PORT: String(await freePort()), SHAREHUB_EMBEDDED_PG_PORT: String(await freePort()) };

    const first = spawnHub(env);
    await first.ready();
    expect(await typename(first.url)).toEqual({ data: { __typename: 'Query' } });
    const orphan = postmasterPid(dataDir);
    // PostgreSQL refuses root: a hub started as root runs it as its own OS user.
    if (process.getuid?.() === 0) expect(uidOf(orphan)).toBe(Number(execFileSync('id', ['-u', EMBEDDED_OS_USER]).toString()));
    first.child.kill('SIGKILL');
    await first.exited;
    expect(isAlive(orphan)).toBe(true); // the SIGKILLed hub left its postgres running

    const second = spawnHub(env);
    await second.ready();
    expect(second.output()).toContain('stopping orphaned postgres');
    expect(isAlive(orphan)).toBe(false);
    expect(await typename(second.url)).toEqual({ data: { __typename: 'Query' } });
    const running = postmasterPid(dataDir);

    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(isAlive(running)).toBe(false);
  }, SLOW);

  it('clears a stale postmaster.pid whose process is gone', async () => {
    const dataDir = freshDataDir();
    const env = { NODE_ENV: 'test', SHAREHUB_DATA_DIR: dataDir, PORT: String(await freePort()), SHAREHUB_EMBEDDED_PG_PORT: String(await freePort()) };
    const first = spawnHub(env);
    await first.ready();
    const pid = postmasterPid(dataDir);
    first.child.kill('SIGKILL');
    await first.exited;
    process.kill(pid, 'SIGKILL'); // postgres itself dies uncleanly too: pid file stays behind
    while (isAlive(pid)) await new Promise((r) => setTimeout(r, 50));

    const second = spawnHub(env);
    await second.ready();
    second.child.kill('SIGINT');
    expect((await second.exited).code).toBe(0);
  }, SLOW);

  it('turns a failed PostgreSQL start into one clear line and a non-zero exit', async () => {
    const blocker = createServer();
    const pgPort = await freePort();
    await new Promise<void>((resolve) => blocker.listen(pgPort, '127.0.0.1', resolve));
    try {
      const hub = spawnHub({ NODE_ENV: 'test', SHAREHUB_DATA_DIR: freshDataDir(), PORT: String(await freePort()), SHAREHUB_EMBEDDED_PG_PORT: String(pgPort) });
      const { code } = await hub.exited;
      expect(code).toBe(1);
      expect(hub.output()).toMatch(/sharehub: failed to start: embedded PostgreSQL start failed: .*(in use|could not bind)/);
      expect(hub.output()).not.toMatch(/\n\s+at /); // no stack trace
    } finally {
      blocker.close();
    }
  });

  it('never runs PostgreSQL as root, and runs whole as an unprivileged user', async () => {
    // As root (CI), the hub itself runs as `nobody`; otherwise this process is unprivileged already.
    const asRoot = process.getuid?.() === 0;
    const user = asRoot ? { uid: Number(execFileSync('id', ['-u', 'nobody']).toString()), gid: Number(execFileSync('id', ['-g', 'nobody']).toString()) } : {};
    const dataDir = freshDataDir();
    if (user.uid !== undefined) chownSync(join(dataDir, '..'), user.uid, user.gid!);
    const hub = spawnHub({ NODE_ENV: 'test', SHAREHUB_DATA_DIR: dataDir, PORT: String(await freePort()), SHAREHUB_EMBEDDED_PG_PORT: String(await freePort()) }, user);
    await hub.ready();
    expect(await typename(hub.url)).toEqual({ data: { __typename: 'Query' } });
    const pid = postmasterPid(dataDir);
    expect(uidOf(pid)).toBe(user.uid ?? process.getuid!());
    hub.child.kill('SIGTERM');
    expect((await hub.exited).code).toBe(0);
    expect(isAlive(pid)).toBe(false);
  }, SLOW);
});

describe('configuration errors', () => {
  it('stop the process with one line naming the variable', async () => {
    const hub = spawnHub({ PORT: 'eighty' });
    const { code } = await hub.exited;
    expect(code).toBe(78);
    expect(hub.output().trim()).toBe('sharehub: configuration error: PORT: must be a whole number, got "eighty"');
  }, SLOW);

  it('reject a DATABASE_URL that is not a postgres URL', async () => {
    const hub = spawnHub({ PORT: String(await freePort()), DATABASE_URL: 'mysql://root@localhost/x' });
    expect((await hub.exited).code).toBe(78);
    expect(hub.output().trim()).toBe('sharehub: configuration error: DATABASE_URL: must use the postgres:// scheme, got "mysql:"');
  });
});

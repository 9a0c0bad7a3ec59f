import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { HUB_NODE_FLAGS } from '../src/config/node-flags.js';

/** A child process serving HTTP on loopback; the load generator stays in the bench process. */
export interface Served {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, child: ChildProcess, output: () => string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`process exited before it served ${url}:\n${output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer:\n${output()}`);
}

/**
 * The cores of a pinned run: the hub on one, this process (the load generator) on the other, so
 * the hub's CPU counters are not mixed with the generator's work and it never waits for it. The
 * demo sources and PostgreSQL stay unpinned. Needs `taskset` and two cores; BENCH_PIN=0 turns it off.
 */
export const PINNING = pinningAvailable() ? { hub: 1, loadGenerator: 0 } : undefined;

function pinningAvailable(): boolean {
  if (process.env.BENCH_PIN === '0') return false;
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return availableParallelism() >= 2;
  } catch {
    return false;
  }
}

/** Moves every thread of this process (the load generator) to its core. */
export function pinLoadGenerator(): void {
  if (PINNING) execFileSync('taskset', ['-a', '-p', '-c', String(PINNING.loadGenerator), String(process.pid)], { stdio: 'ignore' });
}

export interface ServeOptions {
  /** Run on this core (`taskset -c`), with every thread the process starts. */
  core?: number;
  /** Node flags besides the hub's own (e.g. `--cpu-prof`). */
  nodeFlags?: string[];
}

export async function serve(script: string, env: Record<string, string>, readyPath: string, options: ServeOptions = {}): Promise<Served> {
  const port = await freePort();
  const command = [process.execPath, ...HUB_NODE_FLAGS, ...(options.nodeFlags ?? []), fileURLToPath(new URL(script, import.meta.url))];
  // taskset execs node in place: the child's pid is the hub's, so its /proc counters are the hub's.
  if (options.core !== undefined) command.unshift('taskset', '-c', String(options.core));
  const child = spawn(command[0], command.slice(1), {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
  child.stderr!.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}${readyPath}`, child, () => output);
  return {
    url,
    child,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

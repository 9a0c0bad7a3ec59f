/**
 * Starts the demo department sources: one child process per HTTP source (server.ts), and 民政's
 * front database on PostgreSQL. Used by `npm run sources` (main.ts), the hub's demo, its tests
 * and the load test.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DATASET_DEFAULTS, Dataset, demoSubjects, type DemoSubjects } from '../population/index.js';
import {
  DEFAULT_API_KEY,
  DEFAULT_FRONT_DATABASE,
  DEFAULT_PORT_BASE,
  DEMO_SOURCE_KEY,
  FRONT_MZ,
  SOURCES,
  type SourceDefinition,
  type SourceKey,
} from './definitions.js';
import { ensureFrontDatabase, lockFrontDatabase, type FrontDatabase } from './front-db.js';
import type { FaultMode } from './http-source.js';
import type { ReadyMessage } from './server.js';

export interface StartSourcesOptions {
  /** Admin connection string of a PostgreSQL server: the front database is created there. */
  adminDatabaseUrl: string;
  persons?: number;
  companies?: number;
  seed?: string | number;
  /** First port (4101 by default, then one per source); 0 for free ports. */
  portBase?: number;
  apiKey?: string;
  /** Name of 民政's front database (sharehub_front_mz by default). */
  frontDatabase?: string;
  /** Password of the front database's read-only role. */
  frontReaderPassword?: string;
  host?: string;
  /** Progress lines and the sources' error output (silent by default). */
  log?: (line: string) => void;
  /** Called when a source process ends without stop() (it is logged either way). */
  onUnexpectedExit?: (source: SourceKey, code: number | null, signal: NodeJS.Signals | null) => void;
}

export interface RunningSource {
  key: SourceKey;
  env: string;
  title: string;
  url: string;
  port: number;
  pid: number;
  buildMs: number;
}

export interface RunningSources {
  /** The settings the hub needs: SOURCE_* base URLs, DEMO_SOURCE_KEY, FRONT_MZ. */
  env: Record<string, string>;
  samplePerson: { id: string; name: string; spouseId?: string };
  sampleCompany: { id: string; name: string };
  /** Subjects for the demo matters: a couple with a home, a newborn with parents, a company with its legal representative. */
  samples: DemoSubjects;
  sources: RunningSource[];
  front: FrontDatabase;
  dataset: { seed: string; persons: number; companies: number; signature: string };
  /**
   * Switches a source's fault mode: gat, scjgj, rlsbt, zrzyt, dzzz, generic (or their SOURCE_*
   * names) take none | hang | malformed | http500 | slow; mz (the SQL front database) takes
   * none | hang (an exclusive table lock).
   */
  setFault(source: string, mode: FaultMode | string, options?: { slowMs?: number }): Promise<void>;
  /** Kills an HTTP source's process with SIGKILL (a crash: connections refused until restarted). */
  kill(source: string): Promise<void>;
  /** Kills the source's process if it runs, then starts a fresh one on the same port. */
  restart(source: string): Promise<void>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 120_000;

/** The compiled child entry: next to this file when compiled, under dist/ when run from TypeScript (tests). */
function serverScript(): string {
  const here = fileURLToPath(import.meta.url);
  const candidates = here.endsWith('.ts')
    ? [fileURLToPath(new URL('../../dist/demo/sources/server.js', import.meta.url))]
    : [fileURLToPath(new URL('./server.js', import.meta.url))];
  const script = candidates.find((path) => existsSync(path));
  if (!script) throw new Error(`${candidates[0]} not found: run npm run build first`);
  return script;
}

export async function startSources(options: StartSourcesOptions): Promise<RunningSources> {
  const log = options.log ?? (() => undefined);
  const seed = String(options.seed ?? DATASET_DEFAULTS.seed);
  const persons = options.persons ?? DATASET_DEFAULTS.persons;
  const companies = options.companies ?? DATASET_DEFAULTS.companies;
  const portBase = options.portBase ?? DEFAULT_PORT_BASE;
  const apiKey = options.apiKey ?? DEFAULT_API_KEY;
  const host = options.host ?? '127.0.0.1';
  const script = serverScript();

  // The children build their data while this process loads the front database.
  const childEnv = {
    ...process.env,
    SOURCES_SEED: seed,
    SOURCES_PERSONS: String(persons),
    SOURCES_COMPANIES: String(companies),
    SOURCES_API_KEY: apiKey,
    SOURCES_HOST: host,
  };
  const children = new Map<SourceKey, SourceChild>();
  const forkSource = (definition: SourceDefinition, port: number): Promise<ReadyMessage> => {
    const started = startSourceChild(script, childEnv, definition, port, log);
    children.set(definition.key, started);
    return started.ready;
  };
  const readies = SOURCES.map((definition) => forkSource(definition, portBase === 0 ? 0 : portBase + definition.offset));
  // Awaited after the front database is ready; a child failing earlier must not be an unhandled rejection.
  for (const ready of readies) ready.catch(() => undefined);
  let stopped = false;

  const killAll = async () => {
    await Promise.all([...children.values()].map(({ child }) => stopChild(child)));
  };

  let front: FrontDatabase;
  let dataset: Dataset;
  let ready: ReadyMessage[];
  try {
    dataset = new Dataset({ seed, persons, companies });
    front = await ensureFrontDatabase({
      adminUrl: options.adminDatabaseUrl,
      database: options.frontDatabase ?? DEFAULT_FRONT_DATABASE,
      dataset,
      readerPassword: options.frontReaderPassword ?? 'demo-front-reader',
      log,
    });
    log(`front database ${front.name}: ${front.rows} marriage registrations ${front.loaded ? `loaded in ${front.ms} ms` : 'already current'}`);
    ready = await Promise.all(readies);
  } catch (error) {
    await killAll();
    throw error;
  }

  const sources: RunningSource[] = ready.map((message) => {
    const definition = SOURCES.find((s) => s.key === message.source)!;
    const { child } = children.get(definition.key)!;
    return { key: definition.key, env: definition.env, title: definition.title, url: `http://${host}:${message.port}`, port: message.port, pid: child.pid!, buildMs: message.buildMs };
  });
  const watchExit = ({ child, definition, output }: SourceChild) =>
    child.on('exit', (code, signal) => {
      if (stopped || children.get(definition.key)?.child !== child || killedOnPurpose.has(child)) return;
      log(`demo source ${definition.key} exited unexpectedly (${signal ?? code}):\n${output.join('\n')}`);
      options.onUnexpectedExit?.(definition.key, code, signal);
    });
  const killedOnPurpose = new WeakSet<ChildProcess>();
  for (const child of children.values()) watchExit(child);
  const sourceNamed = (source: string) => {
    const name = source.toLowerCase().replace(/^source_/, '');
    const target = sources.find((s) => s.key === name);
    if (!target) throw new Error(`no demo source ${source}: one of ${sources.map((s) => s.key).join(', ')}, mz`);
    return target;
  };

  const env: Record<string, string> = Object.fromEntries(sources.map((s) => [s.env, s.url]));
  env[DEMO_SOURCE_KEY] = apiKey;
  env[FRONT_MZ] = front.url;

  const samplePersonIndex = dataset.population.sampleMarriedPerson();
  const person = dataset.population.person(samplePersonIndex);
  let sampleCompanyIndex = 0;
  while (sampleCompanyIndex < dataset.companies.size - 1) {
    const c = dataset.companies.company(sampleCompanyIndex);
    if (c.kind === '1' && c.status === '存续') break;
    sampleCompanyIndex++;
  }
  const company = dataset.companies.company(sampleCompanyIndex);

  let releaseLock: (() => Promise<void>) | undefined;
  const kill = async (source: string) => {
    const { child } = children.get(sourceNamed(source).key)!;
    killedOnPurpose.add(child);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };

  return {
    env,
    samplePerson: { id: person.id, name: person.name, ...(person.spouseIndex >= 0 ? { spouseId: dataset.population.idOf(person.spouseIndex) } : {}) },
    sampleCompany: { id: company.code, name: company.name },
    samples: demoSubjects(dataset),
    sources,
    front,
    dataset: { seed, persons, companies, signature: dataset.signature },
    async setFault(source, mode, faultOptions = {}) {
      const name = source.toLowerCase().replace(/^source_/, '');
      if (name === 'mz' || name === 'front_mz') {
        if (mode === 'hang') {
          if (!releaseLock) releaseLock = await lockFrontDatabase(front.adminUrl);
        } else if (mode === 'none') {
          await releaseLock?.();
          releaseLock = undefined;
        } else throw new Error(`the SQL front database supports the faults none and hang, not ${mode}`);
        return;
      }
      const target = sourceNamed(name);
      const response = await fetch(`${target.url}/_faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ mode, ...(faultOptions.slowMs !== undefined ? { slowMs: faultOptions.slowMs } : {}) }),
      });
      if (!response.ok) throw new Error(`setting fault ${mode} on ${source}: HTTP ${response.status} ${await response.text()}`);
    },
    kill,
    async restart(source) {
      const target = sourceNamed(source);
      await kill(source);
      const definition = SOURCES.find((s) => s.key === target.key)!;
      // The same port: the hub's bindings name it.
      const message = await forkSource(definition, target.port);
      const restarted = children.get(target.key)!;
      watchExit(restarted);
      target.pid = restarted.child.pid!;
      target.buildMs = message.buildMs;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await releaseLock?.();
      releaseLock = undefined;
      await killAll();
    },
  };
}

interface SourceChild {
  definition: SourceDefinition;
  child: ChildProcess;
  /** The last lines the process printed, for error messages. */
  output: string[];
  ready: Promise<ReadyMessage>;
}

function startSourceChild(script: string, env: NodeJS.ProcessEnv, definition: SourceDefinition, port: number, log: (line: string) => void): SourceChild {
  const child = fork(script, ['--source', definition.key, '--port', String(port)], { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      output.push(line);
      if (output.length > 50) output.shift();
      log(`[${definition.key}] ${line}`);
    }
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const ready = new Promise<ReadyMessage>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo source ${definition.key} not ready after ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
    child.on('message', (message: ReadyMessage) => {
      if (message?.type === 'ready') {
        clearTimeout(timer);
        resolve(message);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`demo source ${definition.key} exited (${signal ?? code}) before it was ready:\n${output.join('\n')}`));
    });
  });
  return { definition, child, output, ready };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

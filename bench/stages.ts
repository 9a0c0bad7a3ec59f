import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { flameGraphSvg, sampledMicros, WHOLE_PROFILE, type CpuProfile } from './flame-graph.js';
import { cpuNote, httpRow, load, type RequestShape, type Row } from './lib.js';
import { PINNING, type Served, type ServeOptions } from './processes.js';

/**
 * Stages of a lookup, told apart by the file a frame's code lives in. The hub's own modules say
 * which stage a sample belongs to ("strong"); a library frame ("weak") names the stage only when
 * no hub frame is above it on the stack, so jose under the receipt signer counts as the receipt
 * and pg under the audit writer as the audit. Async continuations have short stacks; what a
 * library does on its own (pg parsing a reply, undici reading a socket) stays with the library.
 */
const STRONG: [RegExp, string][] = [
  [/\/src\/exchange\/receipt-signer|\/src\/keys\//, 'receipt signing'],
  [/\/src\/audit\//, 'audit record + commit'],
  [/\/src\/(policy|grants)\//, 'policy (grants, quota)'],
  [/\/src\/sources\//, 'source call (gateway, adapter)'],
  [/\/src\/common\/masking/, 'masking'],
  [/\/src\/catalog\//, 'catalog (item metadata)'],
  [/\/src\/exchange\//, 'exchange pipeline (validate, group, shape)'],
  [/\/src\/auth\//, 'authentication'],
  [/\/src\/graphql\/nul-character/, 'NUL-character check'],
  [/\/src\/(graphql|metrics)\//, 'Apollo plugins, metrics'],
  [/\/src\/logging\//, 'access log'],
];
const WEAK: [RegExp, string][] = [
  [/\/node_modules\/(class-validator|class-transformer)\/|@nestjs\/common\/pipes\//, 'ValidationPipe (class-validator)'],
  [/\/node_modules\/graphql\/language\//, 'GraphQL parse'],
  [/\/node_modules\/graphql\/validation\//, 'GraphQL validate'],
  [/\/node_modules\/graphql\//, 'GraphQL execute + serialise'],
  [/\/node_modules\/(@apollo|@as-integrations)\//, 'Apollo Server'],
  [/\/node_modules\/@nestjs\//, 'Nest (guards, params, interceptors)'],
  [/\/node_modules\/(fastify|@fastify|find-my-way|avvio|fast-json-stringify|secure-json-parse|light-my-request)\//, 'HTTP (Fastify, node:http)'],
  [/^node:(_http|net|internal\/(http|stream_base_commons|streams))/, 'HTTP (Fastify, node:http)'],
  [/\/node_modules\/(undici|cockatiel)\//, 'source call: undici, cockatiel'],
  [/\/node_modules\/(pino|sonic-boom|thread-stream)\//, 'access log'],
  [/\/node_modules\/prom-client\//, 'Apollo plugins, metrics'],
  [/\/node_modules\/(pg|pg-protocol|pg-pool|pg-copy-streams|typeorm)\//, 'PostgreSQL driver (audit, quota)'],
  // A WebCrypto job's completion runs with no caller on the stack: jose signs receipts with it.
  [/^node:internal\/crypto\/(util|webcrypto|ec|webidl|keys)/, 'WebCrypto completions (receipt ES256 via jose)'],
  [/^node:internal\/crypto\//, 'node:crypto (HMAC, hashes)'],
];
const UNATTRIBUTED = 'other (microtasks, timers, node internals)';
const GC = 'GC (main thread)';
const NATIVE = 'V8/native, no JS frame';
/** Every stage once, in a fixed order: the flame graph colours them by it. */
const STAGES = [...new Set([...STRONG.map(([, name]) => name), ...WEAK.map(([, name]) => name), GC, NATIVE, UNATTRIBUTED])];
/** `--cpu-prof`'s default 1 ms: a finer interval costs the pinned hub visibly more. */
const SAMPLING_INTERVAL_MICROS = 1000;

function stagesOf(profile: CpuProfile): Map<number, string | undefined> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const stage = new Map<number, string | undefined>();
  for (const node of profile.nodes) {
    const name = node.callFrame.functionName;
    if (name === '(idle)') {
      stage.set(node.id, undefined);
      continue;
    }
    if (name === '(garbage collector)') {
      stage.set(node.id, GC);
      continue;
    }
    if (name === '(program)') {
      stage.set(node.id, NATIVE);
      continue;
    }
    let weak: string | undefined;
    let strong: string | undefined;
    for (let id: number | undefined = node.id; id !== undefined && !strong; id = parent.get(id)) {
      const url = byId.get(id)!.callFrame.url;
      strong = STRONG.find(([pattern]) => pattern.test(url))?.[1];
      weak ??= WEAK.find(([pattern]) => pattern.test(url))?.[1];
    }
    stage.set(node.id, strong ?? weak ?? UNATTRIBUTED);
  }
  return stage;
}

/**
 * CPU µs per stage (main thread) over the samples inside [start, end] on the monotonic clock; the
 * whole profile when none fall inside (`windowed` false).
 */
export function stageMicros(profile: CpuProfile, window: { startMicros: number; endMicros: number }): { perStage: Map<string, number>; windowed: boolean } {
  const stage = stagesOf(profile);
  const perStage = (within: typeof window) => {
    const micros = new Map<string, number>();
    for (const [id, spent] of sampledMicros(profile, within)) {
      const name = stage.get(id);
      if (name) micros.set(name, (micros.get(name) ?? 0) + spent);
    }
    return micros;
  };
  const inWindow = perStage(window);
  return inWindow.size ? { perStage: inWindow, windowed: true } : { perStage: perStage(WHOLE_PROFILE), windowed: false };
}

/**
 * Where one request shape's CPU goes (a 5-item lookup; a lookupBatch, per subject). First the
 * shape on the bench's hub, unprofiled: its /proc CPU per request is the figure to split. Then a
 * second hub process on the same database, pinned like the first, started with `--cpu-prof`,
 * driven with the same shape; its profile is cut to the measured run and its samples grouped
 * into stages. Profiling slows the hub (the sampler shares its core), so each stage is shown as
 * its share of the samples and as that share of the unprofiled hub's CPU per request. Samples
 * cover the main thread (JavaScript, GC); the /proc figure also holds V8's helper threads and
 * libuv's pool, spread over the stages by share. `out.profile` keeps the profile (Chrome DevTools
 * or speedscope open it); `out.flame` writes a flame graph of the same samples, coloured by stage.
 */
export async function stageRows(
  shape: RequestShape,
  hub: Served,
  startHub: (options: ServeOptions) => Promise<Served>,
  dataDir: string,
  out: { profile?: string; flame?: string } = {},
): Promise<Row[]> {
  const { per } = shape;
  const plain = await load(shape.target(hub.url), undefined, shape.connections, { hub: hub.child.pid }, hub.url);
  const reference = plain.cpuPerRequest.hub;
  const profileDir = mkdtempSync(join(dataDir, 'profile-'));
  const profiled = await startHub({ core: PINNING?.hub, nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-interval=${SAMPLING_INTERVAL_MICROS}`] });
  let result;
  try {
    result = await load(shape.target(profiled.url), undefined, shape.connections, { hub: profiled.child.pid }, profiled.url);
  } finally {
    await profiled.stop();
  }
  const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error('the profiled hub wrote no CPU profile');
  if (out.profile) copyFileSync(join(profileDir, file), out.profile);
  const profile = JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as CpuProfile;
  rmSync(profileDir, { recursive: true, force: true });
  const { perStage, windowed } = stageMicros(profile, result.window);
  const stages = [...perStage.entries()].sort((a, b) => b[1] - a[1]);
  const sampled = stages.reduce((sum, [, micros]) => sum + micros, 0);
  // µs per unit (a lookup, a subject) of the unprofiled hub: what the samples are split into.
  const split = (reference ?? result.cpuPerRequest.hub ?? 0) / per.count;
  if (out.flame) {
    const stage = stagesOf(profile);
    const svg = flameGraphSvg(profile, windowed ? result.window : WHOLE_PROFILE, {
      stageOf: (id) => stage.get(id) ?? UNATTRIBUTED,
      stages: STAGES,
      title: `hub ${shape.label}, ${result.requests * per.count} ${per.unit}s: main-thread CPU by stack`,
      unit: { name: `µs/${per.unit}`, perSampledMicro: sampled ? split / sampled : 0 },
    });
    writeFileSync(out.flame, svg);
  }
  return [
    httpRow(`hub ${shape.label} (split below)`, plain, `hub CPU µs/${per.unit} ${Math.round(split)} (the total split below); ${cpuNote(plain)}`),
    httpRow(
      `hub ${shape.label}, profiled (--cpu-prof)`,
      result,
      `${cpuNote(result)}; ${Math.round(sampled / result.requests / per.count)} µs/${per.unit} sampled on the main thread${windowed ? '' : ' (whole run: the profile clock did not match)'}`,
    ),
    ...stages.map(([name, micros]) => ({
      name: `  stage: ${name}`,
      value: `${Math.round((split * micros) / sampled)} µs/${per.unit}`,
      note: `${((100 * micros) / sampled).toFixed(1)} % of samples`,
    })),
  ];
}

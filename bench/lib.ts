import type { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

export interface HttpLoad {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Request shapes each connection cycles through (autocannon `requests`), instead of one body. */
  requests?: { method?: 'GET' | 'POST'; path?: string; headers?: Record<string, string>; body?: string }[];
  /**
   * Does this response body carry what the row measures? A refused, rate-limited or failed
   * request is cheaper than a served one and would flatter the figure; each body failing it is
   * counted (autocannon `mismatches`) and shown in the row.
   */
  verifyBody?: (body: string) => boolean;
}

/** A GraphQL request to the hub, as a bench target (the caller adds `verifyBody`). */
export function graphqlLoad(hubUrl: string, token: string, query: string, variables: Record<string, unknown>): HttpLoad {
  return {
    url: `${hubUrl}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  };
}

/** One GraphQL call to the hub while setting a bench up; a GraphQL error fails the bench. */
export async function gql(hubUrl: string, token: string | undefined, query: string, variables: Record<string, unknown>): Promise<Record<string, unknown>> {
  const response = await fetch(`${hubUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  /** Percentiles are taken from every response time of the measured run (autocannon's summary has no p95). */
  p95Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  /** Responses whose body failed the target's `verifyBody`. */
  mismatches: number;
  /** The first (up to three) response bodies that failed `verifyBody`. */
  rejected: string[];
  /** Requests answered in the measured run (warm-up excluded). */
  requests: number;
  /** The measured run's start and end on the monotonic clock (µs), to cut a CPU profile to it. */
  window: { startMicros: number; endMicros: number };
  /** CPU time per request (µs, user + system) of each watched process and of this one (the load generator). */
  cpuPerRequest: Record<string, number>;
  /** The hub's event-loop delay over the measured run, when the caller named the hub to scrape. */
  loopLag?: LoopLag;
}

export interface LoopLag {
  p99Ms: number;
  maxMs: number;
}

/**
 * One request shape the bench drives against a hub: its target on that hub, the connections
 * (BENCH_CONNECTIONS unless said), and what one request counts as (a lookupBatch of 100 is
 * reported per subject, so CPU per request is divided by 100).
 */
export interface RequestShape {
  label: string;
  target: (hubUrl: string) => HttpLoad;
  connections?: number;
  per: { unit: string; count: number };
}

export const BENCH_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
export const BENCH_CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

/**
 * Warm-up by requests served, not by time: the JIT optimises a code path after some thousands of
 * calls, and one second is 13,000 requests to the demo source but a few hundred to a hub lookup,
 * whose first measured seconds then cost twice the CPU of the later ones. At least one second,
 * until WARMUP_REQUESTS were answered or WARMUP_MAX_SECONDS passed (slow rows).
 */
const WARMUP_REQUESTS = 5_000;
const WARMUP_MAX_SECONDS = 8;

function options(target: HttpLoad, rejected?: string[]): autocannon.Options {
  const { verifyBody, ...rest } = target;
  if (!verifyBody) return rest;
  return {
    ...rest,
    verifyBody: (body) => {
      const text = String(body ?? '');
      const served = verifyBody(text);
      // The first few bodies that failed, to say why in the error or the row.
      if (!served && rejected && rejected.length < 3) rejected.push(text.slice(0, 2000));
      return served;
    },
  };
}

async function warmUp(target: HttpLoad, connections: number): Promise<void> {
  let answered = 0;
  for (let second = 0; second < WARMUP_MAX_SECONDS && answered < WARMUP_REQUESTS; second++) {
    answered += (await autocannon({ ...options(target), connections, duration: 1 })).requests.total;
  }
}

/** Microseconds on the monotonic clock, which V8's CPU profiles also use for their timestamps. */
export function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** Linux reports process times in clock ticks of 1/100 s (USER_HZ). */
const MICROS_PER_TICK = 10_000;

/** CPU time (user + system, µs) process `pid` has used so far, from /proc; undefined where there is none. */
export function processCpuMicros(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * MICROS_PER_TICK;
  } catch {
    return undefined;
  }
}

/** prom-client's `eventLoopMonitoringPrecision` default, which the hub keeps. */
const SAMPLING_INTERVAL_MS = 10;

/**
 * The hub's event-loop delay since its previous /metrics scrape. prom-client reads its gauges from
 * perf_hooks.monitorEventLoopDelay and resets that histogram at each scrape, so one scrape just
 * before a run and one just after give the run's p99 and max. The histogram samples every 10 ms
 * (prom-client's default precision) and records the time between samples, so an idle loop reads
 * about 10 ms: the lag, the delay beyond the schedule, is the excess, and that is what is returned.
 * Undefined when the gauges are missing.
 */
export async function scrapeLoopLag(hubUrl: string): Promise<LoopLag | undefined> {
  const text = await (await fetch(`${hubUrl}/metrics`)).text();
  const millis = (name: string) => {
    const value = new RegExp(`^sharehub_nodejs_eventloop_lag_${name}_seconds(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1];
    return value === undefined ? undefined : Math.round(Math.max(0, Number(value) * 1000 - SAMPLING_INTERVAL_MS) * 10) / 10;
  };
  const [p99Ms, maxMs] = [millis('p99'), millis('max')];
  return p99Ms === undefined || maxMs === undefined ? undefined : { p99Ms, maxMs };
}

/**
 * Drives one HTTP request shape with autocannon (loopback only, bounded in time). `watch` names
 * server processes (label → pid) whose CPU time per request is reported with the load
 * generator's own: on a shared machine req/s moves with everyone else's load, CPU per request
 * much less, and it shows where a request's cost goes. `loopLagOf` names a hub (its base URL)
 * whose event-loop delay over the run is reported too (scrapeLoopLag).
 */
export async function load(
  target: HttpLoad,
  seconds = BENCH_SECONDS,
  connections = BENCH_CONNECTIONS,
  watch: Record<string, number | undefined> = {},
  loopLagOf?: string,
): Promise<LoadResult> {
  return loadTogether([target], seconds, connections, watch, loopLagOf);
}

/**
 * Drives several targets at once (e.g. two hub replicas behind an imaginary load balancer),
 * `connections` split evenly between them; one result over all their responses.
 */
export async function loadTogether(
  targets: HttpLoad[],
  seconds = BENCH_SECONDS,
  connections = BENCH_CONNECTIONS,
  watch: Record<string, number | undefined> = {},
  loopLagOf?: string,
): Promise<LoadResult> {
  const each = Math.max(1, Math.round(connections / targets.length));
  await Promise.all(targets.map((target) => warmUp(target, each)));
  // This scrape resets the hub's event-loop histogram: the one after the run covers the run only.
  if (loopLagOf) await scrapeLoopLag(loopLagOf);
  const cpuBefore = Object.fromEntries(Object.entries(watch).map(([label, pid]) => [label, processCpuMicros(pid)]));
  const ownBefore = process.cpuUsage();
  const startMicros = monotonicMicros();
  const times: number[] = [];
  const rejected: string[] = [];
  const results = await Promise.all(
    targets.map((target) => {
      // Without a callback autocannon returns its tracker (an EventEmitter) made thenable.
      const instance = autocannon({ ...options(target, rejected), connections: each, duration: seconds }) as unknown as EventEmitter & PromiseLike<autocannon.Result>;
      instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => times.push(responseTime));
      return instance;
    }),
  );
  const own = process.cpuUsage(ownBefore);
  const endMicros = monotonicMicros();
  const requests = Math.max(1, results.reduce((sum, r) => sum + r.requests.total, 0));
  const cpuPerRequest: Record<string, number> = {};
  for (const [label, pid] of Object.entries(watch)) {
    const before = cpuBefore[label];
    const after = processCpuMicros(pid);
    if (before !== undefined && after !== undefined) cpuPerRequest[label] = Math.round((after - before) / requests);
  }
  cpuPerRequest['load generator'] = Math.round((own.user + own.system) / requests);
  // After the CPU counters are read, so the scrape's own work is not charged to the requests.
  const loopLag = loopLagOf ? await scrapeLoopLag(loopLagOf) : undefined;
  times.sort((a, b) => a - b);
  const at = (p: number) => (times.length ? Math.round(times[Math.min(times.length - 1, Math.ceil(times.length * p) - 1)] * 100) / 100 : 0);
  return {
    requestsPerSecond: results.reduce((sum, r) => sum + r.requests.average, 0),
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    p99Ms: at(0.99),
    errors: results.reduce((sum, r) => sum + r.errors + r.timeouts, 0),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    mismatches: results.reduce((sum, r) => sum + r.mismatches, 0),
    rejected,
    requests,
    window: { startMicros, endMicros },
    cpuPerRequest,
    loopLag,
  };
}

/** "CPU µs/req: hub 850, 公安 110, load generator 80" for the watched processes of a load. */
export function cpuNote(result: LoadResult): string {
  return `CPU µs/req: ${Object.entries(result.cpuPerRequest).map(([label, micros]) => `${label} ${micros}`).join(', ')}`;
}

export interface Row {
  name: string;
  value: string;
  p50?: string;
  p95?: string;
  p99?: string;
  note?: string;
}

export function httpRow(name: string, result: LoadResult, note = ''): Row {
  const failures = result.errors + result.non2xx;
  const unverified = result.mismatches ? ` ${result.mismatches} without the expected values` : '';
  const lag = result.loopLag ? `; loop lag p99 ${result.loopLag.p99Ms} ms / max ${result.loopLag.maxMs} ms` : '';
  return {
    name,
    value: `${Math.round(result.requestsPerSecond)} req/s`,
    p50: `${result.p50Ms} ms`,
    p95: `${result.p95Ms} ms`,
    p99: `${result.p99Ms} ms`,
    note: ((failures ? `${note} ${failures} failed` : note).trim() + unverified + lag).replace(/^; /, ''),
  };
}

export function printTable(rows: Row[]): void {
  const headers = ['benchmark', 'throughput', 'p50', 'p95', 'p99', 'note'];
  console.log(markdownTable(headers, rows.map((row) => [row.name, row.value, row.p50 ?? '', row.p95 ?? '', row.p99 ?? '', row.note ?? ''])));
}

/** A Markdown table whose columns line up in a terminal too. */
export function markdownTable(headers: string[], cells: string[][]): string {
  const widths = headers.map((header, i) => Math.max(width(header), ...cells.map((line) => width(line[i] ?? ''))));
  const format = (line: string[]) => '| ' + line.map((cell, i) => (cell ?? '') + ' '.repeat(widths[i] - width(cell ?? ''))).join(' | ') + ' |';
  return [format(headers), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...cells.map(format)].join('\n');
}

/** Display width: CJK characters take two columns. */
function width(text: string): number {
  let total = 0;
  for (const char of text) total += /[\u3000-\u9fff\uff00-\uffef]/.test(char) ? 2 : 1;
  return total;
}

import type { EventEmitter } from 'node:events';
import autocannon from 'autocannon';

export interface HttpLoad {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Request shapes each connection cycles through (autocannon `requests`), instead of one body. */
  requests?: { method?: 'GET' | 'POST'; path?: string; headers?: Record<string, string>; body?: string }[];
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  /** Percentiles are taken from every response time of the measured run (autocannon's summary has no p95). */
  p95Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

export const BENCH_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
export const BENCH_CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

/** Drives one HTTP request shape with autocannon (loopback only, bounded in time). */
export async function load(target: HttpLoad, seconds = BENCH_SECONDS, connections = BENCH_CONNECTIONS): Promise<LoadResult> {
  return loadTogether([target], seconds, connections);
}

/**
 * Drives several targets at once (e.g. two hub replicas behind an imaginary load balancer),
 * `connections` split evenly between them; one result over all their responses.
 */
export async function loadTogether(targets: HttpLoad[], seconds = BENCH_SECONDS, connections = BENCH_CONNECTIONS): Promise<LoadResult> {
  const each = Math.max(1, Math.round(connections / targets.length));
  // A short warm-up so JIT and pools are steady before measuring.
  await Promise.all(targets.map((target) => autocannon({ ...target, connections: each, duration: 1 })));
  const times: number[] = [];
  const results = await Promise.all(
    targets.map((target) => {
      // Without a callback autocannon returns its tracker (an EventEmitter) made thenable.
      const instance = autocannon({ ...target, connections: each, duration: seconds }) as unknown as EventEmitter & PromiseLike<autocannon.Result>;
      instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => times.push(responseTime));
      return instance;
    }),
  );
  times.sort((a, b) => a - b);
  const at = (p: number) => (times.length ? Math.round(times[Math.min(times.length - 1, Math.ceil(times.length * p) - 1)] * 100) / 100 : 0);
  return {
    requestsPerSecond: results.reduce((sum, r) => sum + r.requests.average, 0),
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    p99Ms: at(0.99),
    errors: results.reduce((sum, r) => sum + r.errors + r.timeouts, 0),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
  };
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
  return {
    name,
    value: `${Math.round(result.requestsPerSecond)} req/s`,
    p50: `${result.p50Ms} ms`,
    p95: `${result.p95Ms} ms`,
    p99: `${result.p99Ms} ms`,
    note: failures ? `${note} ${failures} failed`.trim() : note,
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

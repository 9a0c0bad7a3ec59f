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
  /** From every response time of the measured run (autocannon's summary has no p95). */
  p95Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

export const BENCH_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
export const BENCH_CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

/** Drives one HTTP request shape with autocannon (loopback only, bounded in time). */
export async function load(target: HttpLoad, seconds = BENCH_SECONDS, connections = BENCH_CONNECTIONS): Promise<LoadResult> {
  // A short warm-up so JIT and pools are steady before measuring.
  await autocannon({ ...target, connections, duration: 1 });
  // Without a callback autocannon returns its tracker (an EventEmitter) made thenable.
  const instance = autocannon({ ...target, connections, duration: seconds }) as unknown as EventEmitter & PromiseLike<autocannon.Result>;
  const times: number[] = [];
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => times.push(responseTime));
  const result = await instance;
  times.sort((a, b) => a - b);
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p95Ms: times.length ? Math.round(times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)] * 100) / 100 : 0,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
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

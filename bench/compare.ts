import { lookupBatchShape, lookupShape, threeDepartmentShape } from './exchange.js';
import { load, type RequestShape, type Row } from './lib.js';
import { caseShape, type PreparedMatter } from './matters.js';
import type { Served, ServeOptions } from './processes.js';

type StartHub = (options?: ServeOptions & { script?: string }) => Promise<Served>;

const ROUNDS = Number(process.env.BENCH_COMPARE_ROUNDS ?? 3);

/**
 * `BENCH_BASELINE=<another build>/dist/src/main.js`: the same requests against this build's hub and
 * the baseline's, on the same database and core, in alternating rounds (A B A B …), so the
 * machine's other load falls on both alike. Each row gives each hub's CPU (median of the rounds)
 * and their ratio: how a lever is measured before and after in one run. The shapes are the
 * issue's: a 5-item lookup, a 3-department lookup, a lookupBatch of 100 and a case bundle.
 * `BENCH_BASELINE_NODE_FLAGS` adds Node flags to the baseline hub only: with this build's own
 * dist/src/main.js as the baseline, that compares a runtime setting (a heap size, say).
 */
export async function compareRows(
  hub: Served,
  startHub: StartHub,
  baselineScript: string,
  token: string,
  persons: string[],
  matter: PreparedMatter,
): Promise<Row[]> {
  const shapes: RequestShape[] = [
    lookupShape(token, persons[0]),
    threeDepartmentShape(token, persons[0]),
    lookupBatchShape(token, persons),
    caseShape(matter),
  ];
  const baseline = await startHub({ script: baselineScript, nodeFlags: process.env.BENCH_BASELINE_NODE_FLAGS?.split(' ').filter(Boolean) });
  try {
    const rows: Row[] = [];
    for (const shape of shapes) {
      const cpu: Record<'this' | 'baseline', number[]> = { this: [], baseline: [] };
      const rps: Record<'this' | 'baseline', number[]> = { this: [], baseline: [] };
      const lag: Record<'this' | 'baseline', number[]> = { this: [], baseline: [] };
      for (let round = 0; round < ROUNDS; round++) {
        for (const [name, served] of [['baseline', baseline], ['this', hub]] as const) {
          const result = await load(shape.target(served.url), undefined, shape.connections, { hub: served.child.pid }, served.url);
          if (result.mismatches || result.errors || result.non2xx) throw new Error(`${name} hub, ${shape.label}: ${result.mismatches} responses without the expected values, ${result.errors} errors, ${result.non2xx} non-2xx; first: ${result.rejected[0] ?? 'none'}`);
          cpu[name].push(Math.round(result.cpuPerRequest.hub / shape.per.count));
          rps[name].push(result.requestsPerSecond);
          if (result.loopLag) lag[name].push(result.loopLag.p99Ms);
        }
      }
      const thisCpu = median(cpu.this);
      const baseCpu = median(cpu.baseline);
      rows.push({
        name: `this build vs baseline: ${shape.label}`,
        value: `${Math.round(median(rps.this))} vs ${Math.round(median(rps.baseline))} req/s`,
        note: `hub CPU µs/${shape.per.unit} ${thisCpu} vs ${baseCpu} (ratio ${(thisCpu / baseCpu).toFixed(2)}); rounds: this ${cpu.this.join('/')}, baseline ${cpu.baseline.join('/')}; loop lag p99 ${lag.this.length ? median(lag.this) : 'n/a'} vs ${lag.baseline.length ? median(lag.baseline) : 'n/a'} ms`,
      });
    }
    return rows;
  } finally {
    await baseline.stop();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

import { PERSON_ITEMS, THREE_DEPARTMENTS, lookupRequest, verifiesLookup } from './exchange.js';
import { load, type Row } from './lib.js';
import type { Served, ServeOptions } from './processes.js';

type StartHub = (options?: ServeOptions & { script?: string }) => Promise<Served>;

const ROUNDS = Number(process.env.BENCH_COMPARE_ROUNDS ?? 3);

/**
 * `BENCH_BASELINE=<another build>/dist/src/main.js`: the same lookups against this build's hub and
 * the baseline's, on the same database and core, in alternating rounds (A B A B …), so the
 * machine's other load falls on both alike. The row gives each hub's CPU per lookup (median of
 * the rounds) and their ratio: how a lever is measured before and after in one run.
 */
export async function compareRows(
  hub: Served,
  startHub: StartHub,
  baselineScript: string,
  token: string,
  person: string,
): Promise<Row[]> {
  const baseline = await startHub({ script: baselineScript });
  try {
    const rows: Row[] = [];
    for (const [label, items] of [['5 items, 1 source', PERSON_ITEMS], ['9 items, 3 departments', THREE_DEPARTMENTS]] as const) {
      const cpu: Record<'this' | 'baseline', number[]> = { this: [], baseline: [] };
      const rps: Record<'this' | 'baseline', number[]> = { this: [], baseline: [] };
      for (let round = 0; round < ROUNDS; round++) {
        for (const [name, served] of [['baseline', baseline], ['this', hub]] as const) {
          const result = await load({ ...lookupRequest(served.url, token, person, [...items]), verifyBody: verifiesLookup(PERSON_ITEMS.length) }, undefined, undefined, { hub: served.child.pid });
          if (result.mismatches || result.errors || result.non2xx) throw new Error(`${name} hub: ${result.mismatches} responses without the expected values, ${result.errors} errors, ${result.non2xx} non-2xx`);
          cpu[name].push(result.cpuPerRequest.hub);
          rps[name].push(result.requestsPerSecond);
        }
      }
      const thisCpu = median(cpu.this);
      const baseCpu = median(cpu.baseline);
      rows.push({
        name: `this build vs baseline: lookup, ${label}`,
        value: `${Math.round(median(rps.this))} vs ${Math.round(median(rps.baseline))} req/s`,
        note: `hub CPU µs/lookup ${thisCpu} vs ${baseCpu} (ratio ${(thisCpu / baseCpu).toFixed(2)}); rounds: this ${cpu.this.join('/')}, baseline ${cpu.baseline.join('/')}`,
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

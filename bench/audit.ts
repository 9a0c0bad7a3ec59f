import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { AuditWriter } from '../src/audit/audit-writer.js';
import { Checkpointer } from '../src/audit/checkpointer.js';
import type { VerifyReport } from '../src/audit/verifier.js';
import { createDataSource, runMigrations } from '../src/database/data-source.js';
import { makeCheckpointKey, runWorker, sampleEvent, WRITER_DEFAULTS } from '../test/support/audit-worker.js';
import { BENCH_SECONDS, type Row } from './lib.js';

const run = promisify(execFile);

interface AppendResult {
  events: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  batches: number;
  failed: number;
}

/** `callers` concurrent callers, each recording one event after the other, for `seconds` (or until `limit` events). */
async function append(writer: AuditWriter, callers: number, seconds: number, limit = Infinity): Promise<AppendResult> {
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const batchesBefore = writer.stats.batches;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < deadline && next < limit) {
        const event = sampleEvent(next++);
        const t = performance.now();
        try {
          await writer.record(event);
          latencies.push(performance.now() - t);
        } catch {
          failed += 1;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pick = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    events: latencies.length,
    seconds: elapsed,
    perSecond: latencies.length / elapsed,
    p50Ms: pick(0.5),
    p95Ms: pick(0.95),
    p99Ms: pick(0.99),
    batches: writer.stats.batches - batchesBefore,
    failed,
  };
}

function appendRow(name: string, result: AppendResult, note: string): Row {
  return {
    name,
    value: `${Math.round(result.perSecond)} events/s`,
    p50: `${result.p50Ms.toFixed(1)} ms`,
    p95: `${result.p95Ms.toFixed(1)} ms`,
    p99: `${result.p99Ms.toFixed(1)} ms`,
    note: `${note}; ${result.events} events in ${result.batches} transactions${result.failed ? `, ${result.failed} failed` : ''}`.trim(),
  };
}

/**
 * Audit rows of `npm run bench`, against the bench's database: append throughput with group
 * commit vs one transaction per event (same run, same database), two processes appending to
 * one log, and offline verification of everything written (topped up to VERIFY_EVENTS) by the
 * CLI itself.
 */
export async function auditRows(databaseUrl: string): Promise<Row[]> {
  const dataSource = createDataSource({ url: databaseUrl, poolSize: 6, applicationName: 'sharehub-bench-audit' });
  await dataSource.initialize();
  const rows: Row[] = [];
  try {
    await runMigrations(dataSource);
    await dataSource.query('SELECT audit_ensure_partitions(2)');
    const seconds = Math.max(3, BENCH_SECONDS);

    const grouped = new AuditWriter(dataSource, WRITER_DEFAULTS);
    await append(grouped, 500, 1); // warm-up
    const groupedResult = await append(grouped, 2000, seconds);
    await grouped.close();

    const single = new AuditWriter(dataSource, { ...WRITER_DEFAULTS, maxBatch: 1, batchWindowMs: 0 });
    const singleResult = await append(single, 200, Math.min(seconds, 5));
    await single.close();

    rows.push(appendRow('audit append, group commit', groupedResult, `2000 callers, ratio ×${(groupedResult.perSecond / singleResult.perSecond).toFixed(1)} vs one per event`));
    rows.push(appendRow('audit append, one insert per event', singleResult, '200 callers, one transaction per event'));

    const workers = await Promise.all([0, 1].map(() => runWorker(databaseUrl, { seconds })));
    const total = workers.reduce((sum, worker) => sum + worker.events, 0);
    const wall = Math.max(...workers.map((worker) => worker.seconds));
    rows.push({ name: 'audit append, group commit, 2 processes', value: `${Math.round(total / wall)} events/s`, note: `one log, ${total} events, 1000 callers each` });

    // Offline verification is measured on at least VERIFY_EVENTS events (a log of a few
    // seconds of appends is too small for it): top up with the group-commit writer, unmeasured.
    const [{ count }] = await dataSource.query('SELECT count(*)::int AS count FROM audit_event');
    if (count < VERIFY_EVENTS) {
      const filler = new AuditWriter(dataSource, WRITER_DEFAULTS);
      await append(filler, 2000, 600, VERIFY_EVENTS - count);
      await filler.close();
    }
    await new Checkpointer(dataSource, benchKey()).signIfBehind(true);
    rows.push(await verifyRow(databaseUrl));
  } finally {
    await dataSource.destroy();
  }
  return rows;
}

/** The log size the verify row runs on, at least. */
const VERIFY_EVENTS = 300_000;

/**
 * `npm run audit -- verify --trust-db-keys --json` as an operator runs it: the built CLI in a
 * process of its own, its own connections, the whole log read from the database. Every key
 * that signed here (this process's, the worker processes', the hub's) is registered in the
 * database, which is what --trust-db-keys trusts. The rate is the CLI's own (events over the
 * verification's seconds, as it prints); the process's whole run time is in the note.
 */
async function verifyRow(databaseUrl: string): Promise<Row> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sharehub-bench-verify-'));
  const cli = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../dist/src/cli/audit.js' : '../src/cli/audit.js', import.meta.url));
  const started = performance.now();
  const { stdout } = await run(process.execPath, [cli, 'verify', '--trust-db-keys', '--json'], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', DATABASE_URL: databaseUrl, SHAREHUB_DATA_DIR: dataDir },
  }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
    // Exit code 1 is a failed check: its report is still on stdout.
    if (error.stdout) return { stdout: error.stdout };
    throw new Error(`audit verify failed: ${error.stderr ?? error.message}`);
  });
  const wall = (performance.now() - started) / 1000;
  rmSync(dataDir, { recursive: true, force: true });
  const report = JSON.parse(stdout) as VerifyReport;
  return {
    name: 'audit verify (offline, whole log)',
    value: `${Math.round(report.events / report.seconds)} events/s`,
    note:
      `npm run audit -- verify: ${report.events} events, ${report.checkpoints} checkpoints, ${report.seconds.toFixed(2)} s ` +
      `(process ${wall.toFixed(1)} s), ${report.ok ? 'intact' : `FAILED: ${report.first?.message}`}`,
  };
}

let cachedKey: ReturnType<typeof makeCheckpointKey> | undefined;
function benchKey() {
  return (cachedKey ??= makeCheckpointKey());
}

import 'reflect-metadata';
import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { AuditWriter, type AuditEventInput, type AuditWriterOptions } from '../src/audit/audit-writer.js';
import { Checkpointer } from '../src/audit/checkpointer.js';
import type { VerifyReport } from '../src/audit/verifier.js';
import { Role } from '../src/auth/principal.js';
import { keyIdOf } from '../src/config/key-store.js';
import { createDataSource, runMigrations } from '../src/database/data-source.js';
import { HUB_NODE_FLAGS } from '../src/config/node-flags.js';
import { BENCH_SECONDS, type Row } from './lib.js';

const run = promisify(execFile);

const PERSONS = ['330106199003071236', '11010519491231002X', '440524188001010014'];

/**
 * A realistic data-access event (three items, one denied), a new request id each time, made
 * the way the hub makes them: a UUID request id, one token per operator, a SHA-256 receipt.
 * (randomBytes per event, used before, spent a third of the bench's CPU in the load generator.)
 */
function sampleEvent(i: number): AuditEventInput {
  const requestId = randomUUID();
  return {
    kind: 'LOOKUP',
    requestId,
    principal: { sub: `window-${i % 50}`, dept: 'HZXH-XZFWZX', roles: [Role.CONSUMER], name: '窗口人员', tokenId: `token-${i % 50}` },
    purpose: { caseNo: `XH2025-${String(i % 100000).padStart(6, '0')}`, matter: '户籍证明开具', legalBasis: '《居民身份证法》' },
    subject: { type: 'PERSON', id: PERSONS[i % PERSONS.length] },
    itemsRequested: ['P001', 'P002', 'P003'],
    itemsReleased: ['P001', 'P002'],
    itemsDenied: [{ itemCode: 'P003', reason: 'NO_GRANT' }],
    resources: ['1010203/000017'],
    sources: ['gaj-hz-population'],
    outcome: 'PARTIAL',
    latencyMs: 12,
    receiptHash: createHash('sha256').update(requestId).digest('hex'),
  };
}

const WRITER_DEFAULTS: AuditWriterOptions = {
  subjectHashSecret: Buffer.from('bench-subject-hash-secret-32-bytes!!'),
  batchWindowMs: 2,
  maxBatch: 1000,
  maxBuffer: 100_000,
  commitTimeoutMs: 10_000,
};

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

let cachedKey: ReturnType<typeof makeKey> | undefined;
function makeKey() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { kid: keyIdOf(publicKey), alg: 'EdDSA' as const, privateKey, publicKey };
}
function benchKey() {
  return (cachedKey ??= makeKey());
}

export interface WorkerResult {
  events: number;
  seconds: number;
  ids: string[];
  leafIndexes: number[];
  publicKeyPem: string;
}

/** Runs `node dist/bench/audit.js worker` (another process writing to the same log) and parses its result. */
export function runWorker(databaseUrl: string, options: { seconds?: number; events?: number; callers?: number; listIds?: boolean }): Promise<WorkerResult> {
  // Under Jest this module is the TypeScript source: run the built copy.
  const self = fileURLToPath(import.meta.url);
  const script = self.endsWith('.ts') ? fileURLToPath(new URL('../dist/bench/audit.js', import.meta.url)) : self;
  const args = [script, 'worker', databaseUrl, String(options.seconds ?? 3600), String(options.events ?? 1e12), String(options.callers ?? 1000), options.listIds ? 'ids' : 'count'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...HUB_NODE_FLAGS, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`audit worker exited ${code}: ${err}`));
      try {
        resolve(JSON.parse(out) as WorkerResult);
      } catch (error) {
        reject(new Error(`audit worker printed no result: ${(error as Error).message}\n${out}\n${err}`));
      }
    });
  });
}

/** Worker process: records events with its own AuditWriter and signs checkpoints with its own key. */
async function worker(databaseUrl: string, seconds: number, limit: number, callers: number, listIds: boolean): Promise<void> {
  const dataSource = createDataSource({ url: databaseUrl, poolSize: 4, applicationName: 'sharehub-audit-worker' });
  await dataSource.initialize();
  const writer = new AuditWriter(dataSource, WRITER_DEFAULTS);
  const key = makeKey();
  const checkpoints = new Checkpointer(dataSource, key);
  checkpoints.start(200);
  const ids: string[] = [];
  const leafIndexes: number[] = [];
  let next = 0;
  let written = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < deadline && next < limit) {
        const recorded = await writer.record(sampleEvent(next++));
        written += 1;
        if (listIds) {
          ids.push(recorded.id);
          leafIndexes.push(recorded.leafIndex);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await writer.close();
  await checkpoints.stop();
  await checkpoints.signIfBehind(true);
  await dataSource.destroy();
  const result: WorkerResult = {
    events: written,
    seconds: elapsed,
    ids,
    leafIndexes,
    publicKeyPem: key.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
  process.stdout.write(JSON.stringify(result));
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === 'worker') {
  const [, , , url, seconds, limit, callers, mode] = process.argv;
  worker(url, Number(seconds), Number(limit), Number(callers), mode === 'ids').catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

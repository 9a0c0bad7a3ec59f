/**
 * The checks at the end of a load test: what the harness saw against what the audit log holds.
 * Each check returns pass/fail with the figure it judged and examples of what failed.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import type { FaultWindow, Revocation } from './faults.js';
import type { Outcome } from './runner.js';

export interface CheckResult {
  name: string;
  pass: boolean;
  detail: string;
}

const AUDIT_CLI = fileURLToPath(new URL('../src/cli/audit.js', import.meta.url));

/** Every release has exactly one committed event with its request id and the same items; errors released nothing. */
export async function checkReleasesAudited(databaseUrl: string, runId: string, outcomes: Outcome[], sentIds: Set<string>): Promise<CheckResult[]> {
  const events = await query<{ request_id: string; kind: string; items_released: string[] }>(
    databaseUrl,
    'SELECT request_id, kind, items_released FROM audit_event',
  );
  const byRequest = new Map<string, { kind: string; items: string[] }[]>();
  for (const event of events) {
    const list = byRequest.get(event.request_id) ?? [];
    list.push({ kind: event.kind, items: event.items_released });
    byRequest.set(event.request_id, list);
  }

  let releases = 0;
  const unaudited: string[] = [];
  const duplicated: string[] = [];
  const different: string[] = [];
  for (const outcome of outcomes) {
    for (const release of outcome.released) {
      releases++;
      const matching = byRequest.get(release.auditRequestId) ?? [];
      if (matching.length === 0) unaudited.push(release.auditRequestId);
      else if (matching.length > 1) duplicated.push(release.auditRequestId);
      else if (!sameItems(matching[0].items, release.items)) different.push(`${release.auditRequestId}: released ${release.items.join(',')} / audited ${matching[0].items.join(',')}`);
    }
  }
  const erroredWithData = outcomes.filter((o) => (o.status !== 200 || o.errorCode) && o.released.length);
  const auditUnavailable = outcomes.filter((o) => o.errorCode === 'AUDIT_UNAVAILABLE').length;

  const prefix = `${runId}-`;
  const phantom = events.filter((e) => !e.request_id.startsWith(prefix) || !sentIds.has(e.request_id.split('#')[0]));
  return [
    {
      name: 'every release has one committed audit event with the same items',
      pass: unaudited.length + duplicated.length + different.length === 0,
      detail: `${releases} releases; unaudited ${unaudited.length}, duplicated ${duplicated.length}, items differ ${different.length}${examples([...unaudited, ...duplicated, ...different])}`,
    },
    {
      name: 'failed requests released nothing',
      pass: erroredWithData.length === 0,
      detail: `${outcomes.filter((o) => o.status !== 200 || o.errorCode).length} failed requests (${auditUnavailable} AUDIT_UNAVAILABLE); with values: ${erroredWithData.length}${examples(erroredWithData.map((o) => o.id))}`,
    },
    {
      name: 'no phantom events (each names a request the harness sent)',
      pass: phantom.length === 0,
      detail: `${events.length} events; phantom ${phantom.length}${examples(phantom.map((e) => `${e.kind} ${e.request_id}`))}`,
    },
  ];
}

/** `npm run audit -- verify` on the final log, and the latest checkpoint covers every event. */
export async function checkLogVerifies(databaseUrl: string, publicKeyFile: string, waitForCheckpointMs: number): Promise<CheckResult[]> {
  // The replicas sign a checkpoint every few seconds while the tree grows: give them that time.
  const deadline = Date.now() + waitForCheckpointMs;
  let coverage = await checkpointCoverage(databaseUrl);
  while (coverage.checkpointed < coverage.events && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    coverage = await checkpointCoverage(databaseUrl);
  }
  const run = promisify(execFile);
  let report: { ok: boolean; events: number; treeSize: number; checkpointsVerified: number; checkpoints: number; seconds: number; first?: { kind: string; leafIndex: number; message: string } };
  try {
    const { stdout } = await run(process.execPath, [AUDIT_CLI, 'verify', '--public-key', publicKeyFile, '--json'], {
      env: { NODE_ENV: 'test', ...process.env, DATABASE_URL: databaseUrl },
      maxBuffer: 64 * 1024 * 1024,
    });
    report = JSON.parse(stdout);
  } catch (error) {
    const output = (error as { stdout?: string }).stdout;
    report = output ? JSON.parse(output) : { ok: false, events: 0, treeSize: 0, checkpoints: 0, checkpointsVerified: 0, seconds: 0, first: { kind: 'ERROR', leafIndex: -1, message: (error as Error).message } };
  }
  return [
    {
      name: 'npm run audit -- verify passes on the final log',
      pass: report.ok,
      detail: report.ok
        ? `${report.events} events, tree size ${report.treeSize}, ${report.checkpointsVerified}/${report.checkpoints} checkpoint signatures verified, ${report.seconds.toFixed(1)} s`
        : `first problem: ${report.first?.kind} at leaf ${report.first?.leafIndex}: ${report.first?.message}`,
    },
    {
      name: 'the latest checkpoint covers every event',
      pass: coverage.checkpointed === coverage.events,
      detail: `latest signed tree size ${coverage.checkpointed}, events ${coverage.events}`,
    },
  ];
}

async function checkpointCoverage(databaseUrl: string): Promise<{ events: number; checkpointed: number }> {
  const [row] = await query<{ events: string; checkpointed: string | null }>(
    databaseUrl,
    'SELECT (SELECT count(*) FROM audit_event) AS events, (SELECT max(tree_size) FROM audit_checkpoint) AS checkpointed',
  );
  return { events: Number(row.events), checkpointed: Number(row.checkpointed ?? 0) };
}

/** After the revoke committed (through A), no release of the revoked item on any replica for requests sent later than 1 s. */
export function checkRevocation(outcomes: Outcome[], revocation: Revocation, consumerDept: string, servingReplica: string): CheckResult {
  const releasesOfItem = outcomes.filter((o) => o.consumer === consumerDept && o.released.some((r) => r.items.includes(revocation.itemCode)));
  const late = releasesOfItem.filter((o) => o.sentAt > revocation.committedAtMs + 1000);
  const afterCommit = releasesOfItem.filter((o) => o.replica === servingReplica && o.sentAt > revocation.committedAtMs);
  const lastRelease = Math.max(...afterCommit.map((o) => o.receivedAt - revocation.committedAtMs), 0);
  const servedAfter = outcomes.filter((o) => o.consumer === consumerDept && o.replica === servingReplica && o.sentAt > revocation.committedAtMs + 1000 && o.status === 200).length;
  return {
    name: `revoke on ${revocation.replica} stops releases on ${servingReplica} within 1 s`,
    pass: late.length === 0 && servedAfter > 0,
    detail: `${releasesOfItem.length} releases of ${revocation.itemCode} before; sent after commit: ${afterCommit.length} (last answered ${Math.round(lastRelease)} ms after); later than 1 s: ${late.length}; ${servedAfter} requests answered on ${servingReplica} after${examples(late.map((o) => o.id))}`,
  };
}

export interface Recovery {
  fault: string;
  replica: string;
  /** Milliseconds from the fault's end until the success rate was back above 99%, or undefined if never. */
  recoveredAfterMs: number | undefined;
}

/**
 * After each fault ends, the first moment from which each replica answers ≥ 99% of requests in
 * full over the next 2 s; recovered if that moment is within 10 s of the fault's end.
 */
export function recoveries(outcomes: Outcome[], windows: FaultWindow[], replicas: string[], runEndMs: number): Recovery[] {
  const result: Recovery[] = [];
  for (const window of windows) {
    for (const replica of replicas) {
      const mine = outcomes.filter((o) => o.replica === replica && o.sentAt >= window.endMs);
      let recoveredAfterMs: number | undefined;
      for (let from = window.endMs; from + 2000 <= runEndMs; from += 250) {
        const slice = mine.filter((o) => o.sentAt >= from && o.sentAt < from + 2000);
        if (slice.length >= 10 && slice.filter((o) => o.ok).length / slice.length >= 0.99) {
          recoveredAfterMs = from - window.endMs;
          break;
        }
      }
      result.push({ fault: window.name, replica, recoveredAfterMs });
    }
  }
  return result;
}

export function checkRecoveries(list: Recovery[]): CheckResult {
  const slow = list.filter((r) => r.recoveredAfterMs === undefined || r.recoveredAfterMs > 10_000);
  const worst = Math.max(...list.map((r) => r.recoveredAfterMs ?? Number.POSITIVE_INFINITY));
  return {
    name: 'both replicas recover by themselves within 10 s of each fault',
    pass: slow.length === 0,
    detail: `${list.length - slow.length}/${list.length} fault × replica recovered; slowest ${Number.isFinite(worst) ? `${(worst / 1000).toFixed(2)} s` : 'never'}${examples(slow.map((r) => `${r.fault} on ${r.replica}`))}`,
  };
}

export interface MemorySample {
  replica: string;
  afterWarmUp: number;
  atEnd: number;
}

export function checkMemory(samples: MemorySample[]): CheckResult {
  const growth = samples.map((s) => ({ ...s, change: s.atEnd / s.afterWarmUp - 1 }));
  return {
    name: "each replica's RSS at the end within 20% of after warm-up (each right after a full GC)",
    pass: growth.every((g) => Math.abs(g.change) <= 0.2),
    detail: growth.map((g) => `${g.replica} ${mb(g.afterWarmUp)} → ${mb(g.atEnd)} MB (${g.change >= 0 ? '+' : ''}${(g.change * 100).toFixed(1)}%)`).join('; '),
  };
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}

function sameItems(a: string[], b: string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}

function examples(list: string[]): string {
  return list.length ? ` (e.g. ${list.slice(0, 3).join('; ')})` : '';
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

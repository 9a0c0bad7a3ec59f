/**
 * The fault schedule: when each fault starts and ends, as fractions of the run, so a 60 s CI
 * run and a 10 min soak see the same story. Every fault window is recorded with the times it
 * really started and ended (a restart ends when the process serves again).
 */
import type { Cluster } from './cluster.js';

export interface FaultWindow {
  name: string;
  target: string;
  /** Milliseconds since the run started. */
  startMs: number;
  endMs: number;
}

export interface Revocation {
  /** When the revoke mutation's response arrived: the grant change was committed by then. */
  committedAtMs: number;
  grantId: string;
  itemCode: string;
  replica: string;
}

export interface ScheduleHooks {
  now(): number;
  /** Revokes the grant through replica A; resolves when the mutation answered. */
  revoke(): Promise<Revocation>;
  log(line: string): void;
}

/** Where the run's phases start, as fractions of its duration. */
export const PHASES = {
  warmUpEnds: 0.12,
  sourceFaults: [0.15, 0.3],
  databaseRestart: 0.45,
  replicaKill: 0.62,
  revoke: 0.78,
} as const;

export async function runFaultSchedule(cluster: Cluster, durationMs: number, hooks: ScheduleHooks): Promise<{ windows: FaultWindow[]; revocation: Revocation }> {
  const windows: FaultWindow[] = [];
  const at = async (fraction: number) => {
    const wait = fraction * durationMs - hooks.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  };
  const window = (name: string, target: string, startMs: number) => {
    const entry = { name, target, startMs, endMs: Number.NaN };
    windows.push(entry);
    return entry;
  };

  // Four departments misbehave at once, each differently.
  await at(PHASES.sourceFaults[0]);
  const start = hooks.now();
  const hang = window('source hangs (never answers)', '人社 rlsbt', start);
  const malformed = window('source returns malformed JSON', '不动产 zrzyt', start);
  const failing = window('source returns 500s, then recovers', '市场监管 scjgj', start);
  const killed = window('source process killed, then restarted', '电子证照 dzzz', start);
  await Promise.all([cluster.sources.setFault('rlsbt', 'hang'), cluster.sources.setFault('zrzyt', 'malformed'), cluster.sources.setFault('scjgj', 'http500'), cluster.sources.kill('dzzz')]);
  hooks.log('faults: 人社 hangs, 不动产 malformed, 市场监管 500s, 电子证照 killed');
  // All four end together, so recovery after each is measured with no other fault still on.
  await at(PHASES.sourceFaults[1]);
  await Promise.all([
    cluster.sources.restart('dzzz'),
    cluster.sources.setFault('rlsbt', 'none'),
    cluster.sources.setFault('zrzyt', 'none'),
    cluster.sources.setFault('scjgj', 'none'),
  ]);
  hang.endMs = malformed.endMs = failing.endMs = killed.endMs = hooks.now();
  hooks.log('faults: sources healthy again, 电子证照 restarted');

  await at(PHASES.databaseRestart);
  const database = window('PostgreSQL restarted', `${cluster.database.kind} server`, hooks.now());
  await cluster.database.restart();
  database.endMs = hooks.now();
  hooks.log(`faults: PostgreSQL restarted in ${Math.round(database.endMs - database.startMs)} ms`);

  await at(PHASES.replicaKill);
  const [replicaA] = cluster.replicas;
  const replica = window('hub replica SIGKILLed, then restarted', `replica ${replicaA.name}`, hooks.now());
  await replicaA.kill();
  await replicaA.start();
  replica.endMs = hooks.now();
  hooks.log(`faults: replica ${replicaA.name} killed and serving again after ${Math.round(replica.endMs - replica.startMs)} ms`);

  await at(PHASES.revoke);
  const revocation = await hooks.revoke();
  hooks.log(`revoke: grant ${revocation.grantId} (${revocation.itemCode}) revoked through replica ${revocation.replica}`);
  return { windows, revocation };
}

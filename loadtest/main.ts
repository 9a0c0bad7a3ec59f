/**
 * `npm run loadtest`: two hub replicas on one PostgreSQL, the demo department sources, a mixed
 * workload for several consumer departments, faults on a schedule (failing sources, a PostgreSQL
 * restart, a replica SIGKILLed, a grant revoked on one replica while the other serves), then the
 * checks: every release audited exactly once, no phantom events, the log verifies, revoke
 * propagation ≤ 1 s, recovery after each fault, stable memory. Prints a Markdown report; exits 1
 * if a check fails. Loopback only, bounded in time (LOADTEST_SECONDS) and requests
 * (LOADTEST_MAX_REQUESTS).
 */
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dataset } from '../demo/population/index.js';
import { Rng } from '../src/common/prng.js';
import { checkLogVerifies, checkMemory, checkRecoveries, checkReleasesAudited, checkRevocation, recoveries, type MemorySample } from './checks.js';
import { HubClient } from './client.js';
import { startCluster, type Cluster, type Replica } from './cluster.js';
import { PHASES, runFaultSchedule, type Revocation } from './faults.js';
import { renderReport } from './report.js';
import { LoadRunner, type Tokens } from './runner.js';
import { CONSUMERS, grantedItems, OPERATIONS, picker, REVOKED_CONSUMER, REVOKED_ITEM } from './scenario.js';

interface Options {
  seconds: number;
  concurrency: number;
  maxRequests: number;
  seed: number;
  reportFile: string | undefined;
}

function options(env = process.env): Options {
  const int = (name: string, fallback: number, min: number, max: number) => {
    const value = env[name] === undefined ? fallback : Number(env[name]);
    if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be an integer in ${min}..${max}`);
    return value;
  };
  return {
    seconds: int('LOADTEST_SECONDS', 120, 45, 3600),
    concurrency: int('LOADTEST_CONCURRENCY', 16, 1, 256),
    maxRequests: int('LOADTEST_MAX_REQUESTS', 2_000_000, 1000, 20_000_000),
    seed: int('LOADTEST_SEED', 2026, 0, 2 ** 31 - 1),
    reportFile: env.LOADTEST_REPORT,
  };
}

const log = (line: string) => console.log(`loadtest: ${line}`);

async function main(): Promise<number> {
  const settings = options();
  const workDir = mkdtempSync(join(tmpdir(), 'sharehub-loadtest-'));
  // The embedded PostgreSQL runs as its own OS user when we are root: it must traverse this folder.
  chmodSync(workDir, 0o755);
  const cluster = await startCluster(workDir, log);
  const client = new HubClient(settings.concurrency);
  try {
    return await run(cluster, client, settings, workDir);
  } finally {
    await client.close();
    await cluster.stop();
  }
}

async function run(cluster: Cluster, client: HubClient, settings: Options, workDir: string): Promise<number> {
  const runId = `lt${Date.now().toString(36)}`;
  const sentIds = new Set<string>();
  const [replicaA, replicaB] = cluster.replicas;
  const adminToken = cluster.issuer.sign({ dept: 'ZJ-DSJJ', roles: ['admin'], sub: 'ZJ-DSJJ:loadtest-admin', name: '负载测试管理员' });
  let adminSequence = 0;
  const asAdmin = async (query: string, variables: Record<string, unknown>) => {
    const id = `${runId}-admin-${adminSequence++}`;
    sentIds.add(id);
    const reply = await client.graphql(replicaA.url, adminToken, id, query, variables);
    if (reply.errorCode || !reply.data) throw new Error(`admin request failed: ${reply.errorCode} ${reply.errorMessage}`);
    return reply.data;
  };

  await asAdmin('mutation($b: String!) { bindSources(bindingsJson: $b) }', { b: readFileSync('data/bindings/demo.json', 'utf8') });
  let revocable: string | undefined;
  for (const grant of grantedItems()) {
    const data = await asAdmin('mutation($input: GrantAccessInput!) { grantAccess(input: $input) { id itemCode } }', {
      input: { ...grant, purpose: '一窗受理（负载测试）', validUntil: new Date(Date.now() + 86_400_000).toISOString() },
    });
    if (grant.consumerDept === REVOKED_CONSUMER) revocable = (data.grantAccess as { id: string; itemCode: string }[]).find((g) => g.itemCode === REVOKED_ITEM)?.id;
  }
  if (!revocable) throw new Error(`no grant of ${REVOKED_ITEM} to ${REVOKED_CONSUMER} was created`);

  const sign = (dept: string, role: string, window: number) => ({
    dept,
    token: cluster.issuer.sign({ dept, roles: [role], sub: `${dept}:window-${window}`, name: `窗口${window}号` }),
  });
  const tokens: Tokens = {
    consumer: CONSUMERS.flatMap((dept) => [1, 2, 3].map((n) => sign(dept, 'consumer', n))),
    'revoked-consumer': [sign(REVOKED_CONSUMER, 'consumer', 1)],
    auditor: [sign('ZJ-DSJJ', 'auditor', 1)],
  };
  const { seed, persons, companies } = cluster.sources.dataset;
  const random = new Rng(settings.seed);
  const pick = picker(new Dataset({ seed, persons, companies }), () => random.next());
  const durationMs = settings.seconds * 1000;
  const runner = new LoadRunner(client, cluster.replicas, OPERATIONS, tokens, pick, () => random.next(), runId, performance.now());

  log(`running ${settings.seconds} s, ${settings.concurrency} concurrent requests, run id ${runId}`);
  const running = runner.run(settings.concurrency, settings.maxRequests);
  const rss = sampleMemory(cluster, () => runner.now());
  // RSS right after a full collection, once warmed up and at the end: the collector's sawtooth
  // (100 MB and more before a major collection) would otherwise decide the comparison.
  const settledRss = (replica: Replica) => {
    const reading = replica.collectGarbage().then(async () => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return replica.rss();
    });
    reading.catch(() => undefined); // awaited with the checks; not an unhandled rejection before
    return reading;
  };
  const warmUpMs = PHASES.warmUpEnds * durationMs;
  const afterWarmUp = new Map<string, Promise<number>>();
  const warmedUp = setTimeout(() => afterWarmUp.set(replicaB.name, settledRss(replicaB)), warmUpMs);
  const { windows, revocation } = await runFaultSchedule(cluster, durationMs, {
    now: () => runner.now(),
    log,
    revoke: async (): Promise<Revocation> => {
      await asAdmin('mutation($id: ID!, $r: String!) { revokeGrant(id: $id, reason: $r) { id revokedAt } }', { id: revocable, r: '负载测试：撤销授权' });
      return { committedAtMs: runner.now(), grantId: revocable!, itemCode: REVOKED_ITEM, replica: replicaA.name };
    },
  });
  // A slow machine can push the last faults late: run on long enough to see the restarted
  // replica warm up and recover, and the other replica serve the revoked department.
  const replicaRestart = windows.find((w) => w.target === `replica ${replicaA.name}`)!;
  // A's baseline is taken once it had a warm-up of its own after its restart.
  const replicaWarmedUp = replicaRestart.endMs + warmUpMs - runner.now();
  if (replicaWarmedUp > 0) await new Promise((resolve) => setTimeout(resolve, replicaWarmedUp));
  afterWarmUp.set(replicaA.name, settledRss(replicaA));
  const endMs = Math.max(durationMs, replicaRestart.endMs + warmUpMs + 5_000, revocation.committedAtMs + 5_000);
  const remaining = endMs - runner.now();
  if (remaining > 0) await new Promise((resolve) => setTimeout(resolve, remaining));
  const atEnd = await Promise.all(cluster.replicas.map((replica) => settledRss(replica)));
  runner.stop();
  clearTimeout(warmedUp);
  await running;
  const runEndMs = runner.now();
  rss.stop();
  for (const outcome of runner.outcomes) sentIds.add(outcome.id);
  log(`${runner.outcomes.length} requests in ${(runEndMs / 1000).toFixed(1)} s; checking`);

  const memory: MemorySample[] = await Promise.all(
    cluster.replicas.map(async (replica, i) => ({ replica: replica.name, afterWarmUp: await afterWarmUp.get(replica.name)!, atEnd: atEnd[i] })),
  );
  const recoveryList = recoveries(runner.outcomes, windows, cluster.replicas.map((r) => r.name), runEndMs);
  const checks = [
    ...(await checkReleasesAudited(cluster.database.url, runId, runner.outcomes, sentIds)),
    ...(await checkLogVerifies(cluster.database.url, cluster.auditPublicKeyFile, 15_000)),
    checkRevocation(runner.outcomes, revocation, REVOKED_CONSUMER, replicaB.name),
    checkRecoveries(recoveryList),
    checkMemory(memory),
  ];
  const report = renderReport({
    settings: `${settings.seconds} s, ${settings.concurrency} concurrent requests over replicas ${replicaA.name} and ${replicaB.name}, ${cluster.database.kind} PostgreSQL, demo dataset of ${persons} persons and ${companies} companies, seed ${settings.seed}, ${new Date().toISOString()}`,
    durationMs: runEndMs,
    outcomes: runner.outcomes,
    windows,
    recoveries: recoveryList,
    memory,
    memoryTimeline: rss.timeline(runEndMs),
    checks,
  });
  console.log(`\n${report}`);
  const reportFile = settings.reportFile ?? join(workDir, 'report.md');
  writeFileSync(reportFile, report);
  const failed = checks.filter((c) => !c.pass);
  log(failed.length ? `FAILED: ${failed.map((c) => c.name).join('; ')} (report: ${reportFile}; hub logs in ${workDir})` : `all checks passed (report: ${reportFile})`);
  return failed.length ? 1 : 0;
}

/** RSS of each replica once a second, for the report's timeline. */
function sampleMemory(cluster: Cluster, now: () => number) {
  const readings: { at: number; replica: string; rss: number }[] = [];
  const timer = setInterval(() => {
    for (const replica of cluster.replicas) {
      const rss = replica.rss();
      if (rss) readings.push({ at: now(), replica: replica.name, rss });
    }
  }, 1000);
  return {
    stop: () => clearInterval(timer),
    /** Each replica's RSS at ten evenly spaced moments of the run, for the report. */
    timeline(endMs: number): { atMs: number; rss: Record<string, number> }[] {
      return Array.from({ length: 10 }, (_, i) => {
        const atMs = ((i + 1) * endMs) / 10;
        const rss = Object.fromEntries(
          cluster.replicas.map((replica) => [replica.name, [...readings].reverse().find((r) => r.replica === replica.name && r.at <= atMs)?.rss ?? 0]),
        );
        return { atMs, rss };
      });
    },
  };
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`loadtest: ${(error as Error)?.stack ?? String(error)}`);
    process.exit(2);
  },
);

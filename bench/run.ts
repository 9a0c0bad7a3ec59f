import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { seedCatalog } from '../src/catalog/seed.js';
import { seedMatters } from '../src/matters/seed.js';
import { loadConfig } from '../src/config/config.js';
import { createDataSource, runMigrations } from '../src/database/data-source.js';
import { resolveDatabase } from '../src/database/resolve-database.js';
import { auditRows } from './audit.js';
import { tokenRows } from './auth.js';
import { catalogRows } from './catalog.js';
import { certificateBenchEnv, certificateRows } from './certificates.js';
import { exchangeRows, lookupBatchShape, lookupShape, prepareExchange } from './exchange.js';
import { startSources } from '../demo/sources/index.js';
import { Dataset } from '../demo/population/dataset.js';
import { foundationRows } from './foundation.js';
import { matterRows, prepareMatter } from './matters.js';
import { BENCH_CONNECTIONS, BENCH_SECONDS, printTable, type Row } from './lib.js';
import { policyRows } from './policy.js';
import { freePort, pinLoadGenerator, PINNING, serve, type ServeOptions } from './processes.js';
import { stageRows } from './stages.js';
import { databaseCredentialEnv, productionKeyEnv } from '../test/support/production-env.js';
import { dropDatabase, scratchDatabase } from './scratch-database.js';
import { replicaRows } from './replicas.js';
import { compareRows } from './compare.js';
import { createTokenIssuer } from '../test/support/token-issuer.js';

/**
 * `npm run bench`: one PostgreSQL (DATABASE_URL, or an embedded one in a temporary data dir),
 * the shipped catalogue seeded, the built hub started as its own process in production mode;
 * each benchmark group is driven from this process over loopback and one table is printed.
 * Ratios compare rows measured in the same run.
 */
async function main(): Promise<void> {
  checkArguments();
  const dataDir = mkdtempSync(join(tmpdir(), 'sharehub-bench-'));
  chmodSync(dataDir, 0o755);
  const resolved = await resolveDatabase(loadConfig({ ...process.env, NODE_ENV: 'test', SHAREHUB_DATA_DIR: dataDir, SHAREHUB_EMBEDDED_PG_PORT: String(await freePort()) }));
  // On an external server the bench works in a database of its own, dropped at the end.
  const database = resolved.embedded ? { ...resolved, drop: async () => undefined } : { ...(await scratchDatabase(resolved.url, `sharehub_bench_${process.pid}`)), embedded: undefined };
  const seed = createDataSource({ url: database.url, poolSize: 2 });
  await seed.initialize();
  await runMigrations(seed);
  await seedCatalog(seed);
  await seedMatters(seed);
  await seed.destroy();

  // 民政's front database is the bench's own too (the demo's default would stay on the server).
  const frontDatabase = `sharehub_front_bench_${process.pid}`;
  const sources = await startSources({ adminDatabaseUrl: database.url, portBase: 0, frontDatabase });
  const dataset = new Dataset({ seed: sources.dataset.seed, persons: sources.dataset.persons, companies: sources.dataset.companies });
  const persons = Array.from({ length: 100 }, (_, i) => dataset.population.idOf(i * 37));
  const issuer = createTokenIssuer(dataDir);
  // Valid for an hour, longer than a whole bench run.
  const tokens = { admin: issuer.sign({ dept: 'ZJ-DSJJ', roles: ['admin'] }), consumer: issuer.sign({ dept: 'HZ-XZFWZX', roles: ['consumer'] }) };
  const hubEnv = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: database.url,
    ...databaseCredentialEnv(database.url),
    SHAREHUB_DATA_DIR: dataDir,
    SHAREHUB_JWKS_FILE: issuer.jwksFile,
    // The bench drives one principal hard: lift the per-principal rate limit out of the way.
    SHAREHUB_PRINCIPAL_RATE_PER_SECOND: '1000000',
    SHAREHUB_PRINCIPAL_BURST: '1000000',
    ...productionKeyEnv(dataDir),
    ...certificateBenchEnv(dataDir),
    ...sources.env,
  };
  // BENCH_BASELINE names another build's dist/src/main.js: the compare rows run it beside this one.
  const startHub = ({ script = '../src/main.js', ...options }: ServeOptions & { script?: string } = {}) =>
    serve(script, hubEnv, '/readyz', { core: PINNING?.hub, ...options });
  const hub = await startHub();
  pinLoadGenerator();
  console.log(
    `bench: ${BENCH_SECONDS}s per row, ${BENCH_CONNECTIONS} connections, database ${process.env.DATABASE_URL ? 'external' : 'embedded'}, ` +
      (PINNING ? `hub on core ${PINNING.hub}, load generator on core ${PINNING.loadGenerator} (taskset)` : 'unpinned'),
  );
  const rows: Row[] = [];
  try {
    if (wanted('foundation')) rows.push(...(await foundationRows(hub.url, hub.child.pid)));
    if (wanted('exchange')) rows.push(
      ...(await exchangeRows(
        hub.url,
        tokens,
        { env: sources.env, persons },
        { hub: hub.child.pid, gat: sources.sources.find((source) => source.env === 'SOURCE_GAT')?.pid },
      )),
    );
    if (wanted('compare') && BASELINE) {
      if (!wanted('exchange')) await prepareExchange(hub.url, tokens.admin);
      const matter = await prepareMatter(hub.url, tokens, persons);
      rows.push(...(await compareRows(hub, startHub, BASELINE, tokens.consumer, persons, matter)));
    }
    if (wanted('stages')) {
      if (!wanted('exchange')) await prepareExchange(hub.url, tokens.admin);
      // BENCH_PROFILE_OUT / BENCH_FLAME_OUT name the lookup's files; the batch's get "-batch" before the extension.
      const out = (suffix: string) => ({ profile: withSuffix(process.env.BENCH_PROFILE_OUT, suffix), flame: withSuffix(process.env.BENCH_FLAME_OUT, suffix) });
      rows.push(...(await stageRows(lookupShape(tokens.consumer, persons[0]), hub, startHub, dataDir, out(''))));
      rows.push(...(await stageRows(lookupBatchShape(tokens.consumer, persons), hub, startHub, dataDir, out('-batch'))));
    }
    // One vs two replicas: after the exchange rows, which bind the sources and grant the items.
    if (wanted('exchange')) rows.push(...(await replicaRows(hub, startHub, tokens.consumer, persons[0])));
    if (wanted('certificates')) rows.push(...(await certificateRows(hub.url, tokens, { env: sources.env, dataset })));
    if (wanted('matters')) rows.push(...(await matterRows(hub.url, tokens, persons, { hub: hub.child.pid })));
    if (wanted('tokens')) rows.push(...(await tokenRows(issuer)));
    if (wanted('policy')) rows.push(...(await policyRows(database.url, dataDir)));
    if (wanted('catalog')) rows.push(...(await catalogRows(hub.url, tokens.consumer, database.url)));
    if (wanted('audit')) rows.push(...(await auditRows(database.url)));
  } finally {
    printTable(rows);
    await hub.stop();
    await sources.stop();
    await dropDatabase(database.url, frontDatabase);
    await database.drop();
    await database.embedded?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** `dir/name.svg` with "-batch" → `dir/name-batch.svg`. */
function withSuffix(file: string | undefined, suffix: string): string | undefined {
  return file?.replace(/(\.[^./]+)?$/, (extension) => `${suffix}${extension}`);
}

/** The groups of rows BENCH_ONLY may name. `compare` needs BENCH_BASELINE. */
const GROUPS = ['foundation', 'exchange', 'compare', 'stages', 'certificates', 'matters', 'tokens', 'policy', 'catalog', 'audit'];
/** BENCH_ONLY=audit,tokens runs only those groups of rows (the hub and the demo sources still start). */
const ONLY = process.env.BENCH_ONLY?.split(',').map((group) => group.trim());
const wanted = (group: string) => !ONLY || ONLY.includes(group);
/** Another build's hub, for the compare rows; a relative path is taken from the working directory. */
const BASELINE = process.env.BENCH_BASELINE ? resolve(process.env.BENCH_BASELINE) : undefined;

function checkArguments(): void {
  const unknown = ONLY?.filter((group) => !GROUPS.includes(group)) ?? [];
  if (unknown.length) throw new Error(`BENCH_ONLY: no group ${unknown.join(', ')} (the groups: ${GROUPS.join(', ')})`);
  if (ONLY?.includes('compare') && !BASELINE) throw new Error('BENCH_ONLY=compare needs BENCH_BASELINE=<another build>/dist/src/main.js');
  if (BASELINE && !existsSync(BASELINE)) throw new Error(`BENCH_BASELINE: ${BASELINE} does not exist (build it: npx tsc -p tsconfig.build.json in that checkout)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * `npm run sources`: the demo department sources, each its own process on a loopback port, and
 * 民政's front database, until Ctrl-C. Environment:
 *   SOURCES_DATABASE_URL  admin URL of a PostgreSQL server for the front database (else DATABASE_URL)
 *   SOURCES_PERSONS (10000, up to 1000000) · SOURCES_COMPANIES (2000) · SOURCES_SEED (2025)
 *   SOURCES_PORT_BASE (4101; 0 = free ports) · SOURCES_API_KEY (demo-source-key)
 *   SOURCES_FRONT_DATABASE (sharehub_front_mz) · SOURCES_FRONT_PASSWORD (demo-front-reader)
 */
import { AS_OF, MAX_PERSONS, datasetOptionsFromEnv } from '../population/index.js';
import { DEFAULT_API_KEY, DEFAULT_FRONT_DATABASE, DEFAULT_PORT_BASE, SPECIALISED } from './definitions.js';
import { startSources } from './launcher.js';

async function main(): Promise<void> {
  const adminDatabaseUrl = process.env.SOURCES_DATABASE_URL || process.env.DATABASE_URL;
  if (!adminDatabaseUrl) {
    throw new Error('set SOURCES_DATABASE_URL to an admin URL of a PostgreSQL server (e.g. postgres://postgres@127.0.0.1:5432/postgres): 民政 front database is created there');
  }
  const data = datasetOptionsFromEnv();
  if (data.persons > MAX_PERSONS) throw new Error(`SOURCES_PERSONS is at most ${MAX_PERSONS}`);
  const portBase = process.env.SOURCES_PORT_BASE ? Number(process.env.SOURCES_PORT_BASE) : DEFAULT_PORT_BASE;
  if (!Number.isInteger(portBase) || portBase < 0 || portBase > 65_000) throw new Error('SOURCES_PORT_BASE must be 0..65000');

  const started = performance.now();
  console.log(`sharehub demo sources: seed ${data.seed}, ${data.persons.toLocaleString('en')} persons, ${data.companies.toLocaleString('en')} companies (data as of ${AS_OF}) …`);
  const sources = await startSources({
    adminDatabaseUrl,
    ...data,
    portBase,
    apiKey: process.env.SOURCES_API_KEY || DEFAULT_API_KEY,
    frontDatabase: process.env.SOURCES_FRONT_DATABASE || DEFAULT_FRONT_DATABASE,
    frontReaderPassword: process.env.SOURCES_FRONT_PASSWORD || undefined,
    log: (line) => console.log(`  ${line}`),
    onUnexpectedExit: (source) => {
      console.error(`sharehub sources: ${source} stopped unexpectedly; stopping the others`);
      void sources.stop().finally(() => process.exit(1));
    },
  });

  const pathsOf = (key: string) => [...new Set(Object.values(SPECIALISED).filter((s) => s.source === key).map((s) => s.path))];
  const extra: Record<string, string[]> = { gat: ['/population/households'], dzzz: ['/certificates/<typeCode>', '/certificates/by-id'], generic: ['/r/<resourceCode>'] };
  console.log(`\nListening:`);
  for (const s of sources.sources) {
    const paths = [...pathsOf(s.key), ...(extra[s.key] ?? [])];
    console.log(`  ${s.env.padEnd(15)} ${s.url}  pid ${String(s.pid).padEnd(7)} data ${String(s.buildMs).padStart(5)} ms  ${s.title}: ${paths.join(' ')}`);
  }
  console.log(`  ${'FRONT_MZ'.padEnd(15)} 民政 婚姻登记 前置库 ${sources.front.name}: ${sources.front.rows.toLocaleString('en')} rows, ${sources.front.loaded ? `loaded in ${sources.front.ms} ms` : 'already current'}${sources.front.readOnlyRole ? ' (read-only role for the hub)' : ''}`);
  console.log(`\nEnvironment for the hub (bindings: data/bindings/demo.json):`);
  for (const [name, value] of Object.entries(sources.env)) console.log(`${name}=${value}`);
  console.log(`\nEvery HTTP source: GET <path>/<id>, POST <path>:batch {"ids": [...]} with header x-api-key; POST /_faults {"mode": "none|hang|malformed|http500|slow"} from loopback.`);
  console.log(`Sample person: ${sources.samplePerson.name} ${sources.samplePerson.id}${sources.samplePerson.spouseId ? ` (spouse ${sources.samplePerson.spouseId})` : ''}; sample company: ${sources.sampleCompany.name} ${sources.sampleCompany.id}`);
  console.log(`e.g. curl -s -H 'x-api-key: ${sources.env.DEMO_SOURCE_KEY}' ${sources.env.SOURCE_GAT}/population/persons/${sources.samplePerson.id}`);
  console.log(`Ready in ${Math.round(performance.now() - started)} ms. Ctrl-C stops.`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the demo sources …`);
    sources.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`sharehub sources: ${(error as Error)?.message ?? String(error)}`);
  process.exit(1);
});

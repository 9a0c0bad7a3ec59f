import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { signDevToken } from '../auth/dev-tokens.js';
import { Role } from '../auth/principal.js';
import { CatalogRepository } from '../catalog/catalog.repository.js';
import { seedCatalog } from '../catalog/seed.js';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Clock } from '../common/clock.js';
import { ConfigError, loadConfig, type AppConfig } from '../config/config.js';
import { EmbeddedPostgres } from '../database/embedded-postgres.js';
import { createDataSource, runMigrations } from '../database/data-source.js';
import { resolveDatabase } from '../database/resolve-database.js';
import { GrantsService } from '../grants/grants.service.js';
import { GrantScope } from '../grants/grant.types.js';
import { MattersService } from '../matters/matters.service.js';
import { seedMatters } from '../matters/seed.js';
import { startHub, stopOnSignals, type StartedHub } from '../main.js';
import { SourceBindingService } from '../sources/binding.service.js';
import { DEFAULT_PORT_BASE, SOURCES, startSources, type RunningSources } from '../../demo/sources/index.js';

/** The demo window: 西湖区行政服务中心, and what it is granted (some conditional items left out, so `denied` shows). */
const DEMO_CONSUMER = 'HZXH-XZFWZX';
const DEMO_GRANTS: { resource: string; except?: number[] }[] = [
  { resource: '101001/000001', except: [3, 15] }, // 居民户籍信息, without 曾用名 and 兵役状况
  { resource: '101003/000001' }, // 婚姻登记信息 (民政, front database)
  { resource: '101007/000001' }, // 社会保险参保信息
  { resource: '103002/000001' }, // 不动产登记信息
  { resource: '102001/000001' }, // 企业登记基本信息
];

/**
 * Matters (事项) the demo window handles, granted by matter (each grant serves only requests naming
 * that matter): they include certificate materials — 不动产权证书, 结婚证, 出生医学证明, 居民户口簿, 营业执照.
 */
const DEMO_MATTERS = ['QR-ZRZYT-001', 'QR-ZRZYT-002', 'YJS-001', 'YJS-003', 'YJS-004', 'YJS-006', 'QR-SCJGJ-002'];

/**
 * `npm run demo`: an embedded PostgreSQL (unless DATABASE_URL is set), the demo department
 * sources, the shipped catalogue and source bindings, grants for one demo window, the hub — and a
 * token and a lookup printed so a newcomer can paste them.
 */
async function demo(): Promise<void> {
  // The hub is production unless told otherwise; the demo is the one command that asks for
  // development (dev token key trusted, introspection, error details) and says so first.
  if (process.env.NODE_ENV && process.env.NODE_ENV !== 'development') {
    console.log(`sharehub demo: NODE_ENV=${process.env.NODE_ENV} ignored: the demo always runs in development mode`);
  }
  process.env.NODE_ENV = 'development';
  console.log('sharehub demo: development mode (NODE_ENV=development): dev keys trusted, introspection on, error details returned; not for production');
  const bootConfig = loadConfig();
  const sourcesPortBase = readSourcesPortBase();
  await refuseTakenPorts(bootConfig, sourcesPortBase);

  // Whatever started is stopped again, in reverse order, if a later step fails.
  const started: (() => Promise<unknown>)[] = [];
  const stopStarted = async () => {
    for (const stop of started.reverse()) await stop().catch(() => undefined);
  };
  try {
    const database = await resolveDatabase(bootConfig, (line) => console.log(`sharehub: ${line}`));
    started.push(async () => database.embedded?.stop());
    const sources = await startSources({ adminDatabaseUrl: database.url, portBase: sourcesPortBase });
    started.push(() => sources.stop());
    // The hub reaches the sources only through bindings, whose settings come from the environment.
    Object.assign(process.env, sources.env);
    // The printable certificate copy fetches a certificate by its 证照标识 from the demo issuer.
    process.env.SHAREHUB_CERT_LOOKUP_ENDPOINT ??= '{SOURCE_DZZZ}/certificates/by-id/{id}';
    const config = loadConfig();

    const seed = createDataSource({ url: database.url, poolSize: 2 });
    await seed.initialize();
    try {
      await runMigrations(seed);
      await seedCatalog(seed);
      await seedMatters(seed);
    } finally {
      await seed.destroy();
    }

    const hub = await startHub(config, database);
    started.push(() => hub.app.close());
    await hub.app.get(SourceBindingService).bind(JSON.parse(readFileSync('data/bindings/demo.json', 'utf8')));
    const granted = await grantDemoWindow(hub);
    stopOnSignals(hub, () => sources.stop());
    printWelcome(hub, config, bootConfig, sources, granted.length);
  } catch (error) {
    await stopStarted();
    throw error;
  }
}

/** SOURCES_PORT_BASE: the demo sources take this port and the next five (default 4101; 0 = any free ports). */
function readSourcesPortBase(): number {
  const raw = process.env.SOURCES_PORT_BASE;
  if (raw === undefined || raw === '') return DEFAULT_PORT_BASE;
  const base = Number(raw);
  if (!/^\d+$/.test(raw) || (base !== 0 && (base < 1024 || base + SOURCES.length - 1 > 65535))) {
    throw new ConfigError('SOURCES_PORT_BASE', `must be 0 or a port from 1024 with room for ${SOURCES.length} ports, got "${raw}"`);
  }
  return base;
}

/** Every fixed port the demo is about to take, checked first, so a taken one is named before anything starts. */
async function refuseTakenPorts(config: AppConfig, sourcesPortBase: number): Promise<void> {
  const wanted: [number, string][] = [[config.port, 'PORT']];
  if (sourcesPortBase !== 0) for (const source of SOURCES) wanted.push([sourcesPortBase + source.offset, `SOURCES_PORT_BASE (+${source.offset}, ${source.env})`]);
  const embedded = new EmbeddedPostgres({ baseDir: join(config.dataDir, 'pg'), port: config.embeddedPgPort });
  if (!config.databaseUrl && !embedded.running()) wanted.push([config.embeddedPgPort, 'SHAREHUB_EMBEDDED_PG_PORT']);
  for (const [port, setting] of wanted) {
    if (port !== 0 && (await portTaken(port, setting === 'PORT' ? config.host : '127.0.0.1'))) {
      throw new ConfigError(setting, `port ${port} is already in use: stop what uses it, or choose another port with ${setting.split(' ')[0]}`);
    }
  }
}

function portTaken(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'EADDRINUSE' || error.code === 'EACCES'));
    probe.listen(port, host, () => probe.close(() => resolve(false)));
  });
}

async function grantDemoWindow(hub: StartedHub): Promise<string[]> {
  const items = await hub.app.get(CatalogRepository).itemsOf(DEMO_GRANTS.map((grant) => grant.resource));
  const itemCodes = DEMO_GRANTS.flatMap((grant) =>
    (items.get(grant.resource) ?? []).map((item) => item.code).filter((code) => !grant.except?.includes(Number(code.slice(-3)))),
  );
  const platform = { sub: 'sharehub:demo', dept: 'ZJ-DSJJ', roles: [Role.ADMIN] };
  const active = await hub.app.get(GrantsService).list({ consumerDept: DEMO_CONSUMER, activeOnly: true }, 1);
  if (active.totalCount === 0) {
    await hub.app.get(GrantsService).grantDirectly(platform, 'demo-seed', {
      consumerDept: DEMO_CONSUMER,
      itemCodes,
      scope: GrantScope.READ,
      unmasked: false,
      purpose: '一窗受理综合窗口办件（演示）',
      validUntil: new Date(hub.app.get(Clock).nowMs() + 365 * 86_400_000),
    });
  }

  const matters = hub.app.get(MattersService);
  const window = { sub: 'demo-window', dept: DEMO_CONSUMER, roles: [Role.CONSUMER] };
  for (const code of DEMO_MATTERS) {
    // Granted once: the window may already fetch every material it could be granted.
    const matter = await matters.require(code);
    const access = await matters.accessFor(window, matter);
    if ([...(access?.values() ?? [])].some((a) => a.reason !== null)) {
      await matters.grantMatter(platform, 'demo-seed', { consumerDept: DEMO_CONSUMER, matterCode: code, validUntil: new Date(hub.app.get(Clock).nowMs() + 365 * 86_400_000) });
    }
  }
  return itemCodes;
}

function printWelcome(hub: StartedHub, config: AppConfig, bootConfig: AppConfig, sources: RunningSources, grantedItems: number): void {
  const token = signDevToken(config.dataDir, config.auth, { dept: DEMO_CONSUMER, roles: [Role.CONSUMER], sub: 'xh-window-07', name: '王小明', ttlSeconds: 8 * 3600 });
  const person = sources.samplePerson;
  const consoleLinks = consoleSignInLinks(hub.url, (claims) => signDevToken(config.dataDir, config.auth, { ...claims, ttlSeconds: 8 * 3600 }));
  const query = `query { lookup(subject: { type: PERSON, id: \\"${person.id}\\" }, itemCodes: [\\"101001/000001/002\\", \\"101001/000001/003\\", \\"101001/000001/006\\", \\"101001/000001/014\\", \\"101003/000001/002\\", \\"101007/000001/004\\"], purpose: { caseNo: \\"XH-2026-000123\\", matter: \\"不动产转移登记\\" }) { subject { maskedId } values { itemCode name value department } denied { itemCode reason } failures { resourceCode code } } }`;
  const { couple, newborn, company } = sources.samples;
  const prepare = `mutation { prepareCase(input: { matterCode: \\"QR-ZRZYT-001\\", caseNo: \\"XH-2026-000124\\", applicant: { type: PERSON, id: \\"${couple.id}\\" }, consentRef: \\"SQ-2026-000124\\" }) { caseId exempted mustSubmit latencyMs materialListUrl materials { code name status reason department derivedFrom values { name value } certificate { identifier status } fileUrl } } }`;
  console.log(`
sharehub demo is running at ${hub.url} in development mode
  database: ${bootConfig.databaseUrl ? 'DATABASE_URL' : `embedded PostgreSQL under ${config.dataDir}/pg`}
  catalogue: 29 provincial providers, ${grantedItems} items granted to ${DEMO_CONSUMER} (西湖区行政服务中心)
  demo sources: ${Object.entries(sources.env).filter(([k]) => k.startsWith('SOURCE_')).map(([k, v]) => `${k}=${v}`).join(' ')}

A consumer token (8 h) for window clerk 王小明:
export TOKEN=${token}

Look up ${person.name} (${person.id}) at 公安, 民政 and 人社 — 曾用名 is not granted, so it comes back in "denied":
curl -s ${hub.url}/graphql -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" \\
  -d '{"query":"${query}"}'

一件事 in one call — 不动产转移登记 for ${couple.name}: ID card, marriage record and spouse (derived from it) at 公安/民政,
the sealed 不动产权证书 and the register at 自然资源, and what ${couple.name} must still bring:
curl -s ${hub.url}/graphql -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" \\
  -d '{"query":"${prepare}"}'
Then: curl -s -H "authorization: Bearer $TOKEN" ${hub.url}<materialListUrl> -o 材料清单.pdf
Other demo matters: ${DEMO_MATTERS.join(', ')} — 新生儿出生一件事 (YJS-001): applicant ${newborn.fatherId} (${newborn.fatherName}),
subjects [{ role: CHILD, subject: { type: PERSON, id: "${newborn.id}" } }] (born ${newborn.birthDate}); 企业开办一件事 (YJS-003):
applicant { type: LEGAL_ENTITY, id: "${company.id}" } (${company.name}; legal representative derived: ${company.legalRepName}).

The console (${hub.url}/console/): one sign-in link per role, the token after "#" (never sent to a server or logged):
${consoleLinks}

More: npm run token -- --dept ${DEMO_CONSUMER} --roles consumer   ·   README.md   ·   Ctrl-C stops everything.
`);
}

/** One console sign-in link per role; the token travels in the URL fragment only. */
function consoleSignInLinks(hubUrl: string, sign: (claims: { dept: string; roles: Role[]; sub: string; name: string }) => string): string {
  const people = [
    { label: '窗口工作台 (consumer)', dept: DEMO_CONSUMER, roles: [Role.CONSUMER], sub: 'xh-window-07', name: '王小明' },
    { label: '管理台 (admin)       ', dept: 'ZJ-DSJJ', roles: [Role.ADMIN], sub: 'dsjj-admin-01', name: '李管理' },
    { label: '管理台 (provider)    ', dept: 'ZJ-GAT', roles: [Role.PROVIDER], sub: 'gat-reviewer-01', name: '赵审核' },
    { label: '审计台 (auditor)     ', dept: 'ZJ-DSJJ', roles: [Role.AUDITOR], sub: 'dsjj-auditor-01', name: '陈审计' },
  ];
  return people.map(({ label, ...claims }) => `  ${label} ${hubUrl}/console/#token=${sign(claims)}`).join('\n');
}

demo().catch((error: unknown) => {
  console.error(`sharehub demo: ${error instanceof ConfigError ? `configuration error: ${error.message}` : ((error as Error)?.message ?? String(error))}`);
  process.exit(error instanceof ConfigError ? 78 : 1);
});

// Jest loads its global setup outside its TypeScript transform, so this file is plain JS.
//
// The rule: every Jest run tests the source as it is now. In-process tests load src/ through
// SWC; processes a test spawns (the hub, the CLIs, the audit worker) run dist/, which this
// setup brings up to date first with one incremental `tsc` (a few seconds when little changed).
// A type error therefore fails the run before any test starts.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * 1. Builds dist/. 2. Uses the PostgreSQL server in DATABASE_URL, or starts one embedded
 * server for the run. 3. Makes two template databases on it, once: every migration applied
 * (`migrated`), and the same plus the shipped catalogue (`seeded`). Each test file then gets its
 * own database cloned from one of them (test/support/database.ts), so files run in parallel
 * without sharing state and none pays for migrating or seeding.
 */
export default async function globalSetup() {
  build();
  // Every temporary folder of the run (test data dirs, keys, the embedded cluster) goes under one
  // folder that global teardown removes: test workers and what they spawn inherit TMPDIR.
  const runRoot = mkdtempSync(join(tmpdir(), 'sharehub-test-run-'));
  chmodSync(runRoot, 0o755); // as root, postgres runs as another OS user that must enter it
  process.env.TMPDIR = runRoot;
  globalThis.__testRunRoot = runRoot;
  let adminUrl = process.env.DATABASE_URL;
  if (adminUrl) {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.end();
  } else {
    const { EmbeddedPostgres } = await import('../../dist/src/database/embedded-postgres.js');
    const embedded = new EmbeddedPostgres({ baseDir: join(runRoot, 'pg'), port: await freePort() });
    adminUrl = await embedded.start();
    globalThis.__embeddedPostgres = embedded;
  }
  process.env.SHAREHUB_TEST_ADMIN_URL = adminUrl;

  const prefix = `sharehub_tpl_${process.pid}_${randomBytes(3).toString('hex')}`;
  const templates = { migrated: `${prefix}_migrated`, seeded: `${prefix}_seeded` };
  globalThis.__testTemplates = { adminUrl, names: Object.values(templates) };
  await makeTemplates(adminUrl, templates);
  process.env.SHAREHUB_TEST_TEMPLATE_MIGRATED = templates.migrated;
  process.env.SHAREHUB_TEST_TEMPLATE_SEEDED = templates.seeded;
}

function build() {
  const require = createRequire(import.meta.url);
  const tsc = require.resolve('typescript/bin/tsc');
  const vite = join(dirname(require.resolve('vite/package.json')), 'bin/vite.js');
  try {
    // Incremental (tsconfig.build.json keeps its state in dist/.tsbuildinfo): only what changed is emitted again.
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    // The console the hub serves (dist/console), as `npm run build:console` makes it: about a second.
    execFileSync(process.execPath, [vite, 'build', '--config', 'console/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    throw new Error(`the build before the tests failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
  }
}

async function makeTemplates(adminUrl, templates) {
  const { createDataSource, runMigrations } = await import('../../dist/src/database/data-source.js');
  const { seedCatalog } = await import('../../dist/src/catalog/seed.js');
  const { Logger } = await import('@nestjs/common');
  Logger.overrideLogger(false); // the catalogue import's summary line is not test output
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${templates.migrated}`);
    await withDataSource(createDataSource, urlOf(adminUrl, templates.migrated), runMigrations);
    // A template must have no connections while it is cloned: the data source above is closed.
    await admin.query(`CREATE DATABASE ${templates.seeded} TEMPLATE ${templates.migrated}`);
    await withDataSource(createDataSource, urlOf(adminUrl, templates.seeded), (dataSource) => seedCatalog(dataSource, join(ROOT, 'data/catalog')));
  } catch (error) {
    // Jest runs no teardown after a failed setup: leave nothing behind on the server.
    for (const name of Object.values(templates)) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await globalThis.__embeddedPostgres?.stop();
    rmSync(globalThis.__testRunRoot, { recursive: true, force: true });
    throw error;
  } finally {
    await admin.end();
  }
}

async function withDataSource(createDataSource, url, work) {
  const dataSource = createDataSource({ url, poolSize: 2, applicationName: 'sharehub-test-template' });
  await dataSource.initialize();
  try {
    await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

function urlOf(adminUrl, database) {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

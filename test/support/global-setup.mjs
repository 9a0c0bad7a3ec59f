// Jest loads global setup outside its ESM transform, so this file is plain JS and uses the
// compiled hub in dist/ (`npm test` builds first; spawned-hub tests need dist/ anyway).
import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { EmbeddedPostgres } from '../../dist/src/database/embedded-postgres.js';

/**
 * With DATABASE_URL the suite uses that server (each test file makes its own database);
 * without it, one embedded PostgreSQL is started for the whole run.
 */
export default async function globalSetup() {
  // Every temporary folder of the run (test data dirs, keys, the embedded cluster) goes under one
  // folder that global teardown removes: test workers and what they spawn inherit TMPDIR.
  const runRoot = mkdtempSync(join(tmpdir(), 'sharehub-test-run-'));
  chmodSync(runRoot, 0o755); // as root, postgres runs as another OS user that must enter it
  process.env.TMPDIR = runRoot;
  globalThis.__testRunRoot = runRoot;
  if (process.env.DATABASE_URL) {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    await client.end();
    process.env.SHAREHUB_TEST_ADMIN_URL = process.env.DATABASE_URL;
    return;
  }
  const baseDir = join(runRoot, 'pg');
  const embedded = new EmbeddedPostgres({ baseDir, port: await freePort() });
  process.env.SHAREHUB_TEST_ADMIN_URL = await embedded.start();
  globalThis.__embeddedPostgres = embedded;
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

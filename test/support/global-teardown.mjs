import { rmSync } from 'node:fs';
import pg from 'pg';

/** Drops the run's template databases (or stops the embedded PostgreSQL), then removes the run's temporary folder. */
export default async function globalTeardown() {
  const templates = globalThis.__testTemplates;
  if (templates && !globalThis.__embeddedPostgres) {
    const admin = new pg.Client({ connectionString: templates.adminUrl });
    await admin.connect();
    try {
      for (const name of templates.names) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }
  await globalThis.__embeddedPostgres?.stop();
  if (globalThis.__testRunRoot) rmSync(globalThis.__testRunRoot, { recursive: true, force: true });
}

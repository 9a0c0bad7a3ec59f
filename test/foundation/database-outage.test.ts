import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { signDevToken } from '../../src/auth/dev-tokens.js';
import { Role } from '../../src/auth/principal.js';
import { loadConfig } from '../../src/config/config.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { killSpawnedHubs, spawnHub } from '../support/hub-process.js';
import { freePort } from '../support/ports.js';

const PERSON = '330106199003071236';

/**
 * What a PostgreSQL restart looks like to the hub: the server terminates every connection
 * (SQLSTATE 57P01), also connections the hub holds between two queries — which node-postgres
 * reports as an `error` event that, unheard, kills the process. The load test found exactly
 * that; here it is made to happen on purpose, many times over.
 */
describe('the hub when its database drops every connection', () => {
  let database: TestDatabase;
  afterEach(killSpawnedHubs);
  afterAll(() => database?.drop());

  it('keeps running, answers SERVICE_UNAVAILABLE or AUDIT_UNAVAILABLE meanwhile, and serves again', async () => {
    database = await createTestDatabase('seeded');
    const dataDir = mkdtempSync(join(tmpdir(), 'sharehub-outage-'));
    chmodSync(dataDir, 0o755);
    const hub = spawnHub({ DATABASE_URL: database.url, SHAREHUB_DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'warn', PORT: String(await freePort()) });
    await hub.ready();
    let exited = false;
    void hub.exited.then(() => (exited = true));
    const auditor = signDevToken(dataDir, loadConfig({ NODE_ENV: 'test' }).auth, { dept: 'ZJ-DSJJ', roles: [Role.AUDITOR] });
    // An audited read: each one takes a pooled connection for the group commit of its audit event.
    const read = async () => {
      const response = await fetch(`${hub.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${auditor}` },
        body: JSON.stringify({ query: `{ subjectAccessLog(subject: { type: PERSON, id: "${PERSON}" }, first: 5) { edges { cursor } } }` }),
      });
      const body = (await response.json()) as { data?: unknown; errors?: { extensions: { code: string } }[] };
      return body.errors?.[0]?.extensions.code ?? 'OK';
    };

    const admin = new pg.Client({ connectionString: process.env.SHAREHUB_TEST_ADMIN_URL });
    await admin.connect();
    const codes = new Map<string, number>();
    let terminations = 0;
    try {
      const until = Date.now() + 4_000;
      const readers = Array.from({ length: 6 }, async () => {
        while (Date.now() < until && !exited) {
          const code = await read().catch(() => 'NO_RESPONSE');
          codes.set(code, (codes.get(code) ?? 0) + 1);
        }
      });
      terminations = 0;
      while (Date.now() < until && !exited) {
        const { rowCount } = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database.name]);
        terminations += rowCount ?? 0;
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
      await Promise.all(readers);
      expect(terminations).toBeGreaterThan(5);
    } finally {
      await admin.end();
    }

    // On failure, the end of the hub's output says what killed it.
    expect({ exited, output: exited ? hub.output().slice(-3000) : '' }).toEqual({ exited: false, output: '' });
    // Only the typed codes of an outage, never INTERNAL or a dropped response.
    expect([...codes.keys()].filter((code) => !['OK', 'SERVICE_UNAVAILABLE', 'AUDIT_UNAVAILABLE'].includes(code))).toEqual([]);
    expect(codes.get('OK')).toBeGreaterThan(0);
    // Once the database stops dropping connections, the hub serves again by itself.
    await hub.ready(10_000);
    let answer = '';
    for (let attempt = 0; attempt < 50 && answer !== 'OK'; attempt++) {
      answer = await read();
      if (answer !== 'OK') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(answer).toBe('OK');
  }, 120_000);
});

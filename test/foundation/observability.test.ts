import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseCredentialEnv, productionKeyEnv } from '../support/production-env.js';
import pg from 'pg';
import { createTestDatabase } from '../support/database.js';
import { killSpawnedHubs, spawnHub } from '../support/hub-process.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { freePort } from '../support/ports.js';

describe('request ids, metrics and readiness', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.close());

  it('echoes a well-formed x-request-id and replaces a malformed one', async () => {
    const kept = await hub.gql('{ __typename }', {}, { 'x-request-id': 'case-2026-000123' });
    expect(kept.headers.get('x-request-id')).toBe('case-2026-000123');
    const replaced = await hub.gql('{ __typename }', {}, { 'x-request-id': 'bad id with spaces' });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('exports request counts, latency histograms by operation and pool stats', async () => {
    await hub.gql('query HubName { hubInfo { name } }');
    await hub.gql('query Broken { nope }');
    const text = await (await fetch(`${hub.url}/metrics`)).text();
    expect(text).toMatch(/sharehub_graphql_operations_total\{operation="HubName",outcome="ok"\} [1-9]/);
    expect(text).toMatch(/sharehub_graphql_operations_total\{operation="Broken",outcome="BAD_USER_INPUT"\} 1/);
    expect(text).toMatch(/sharehub_graphql_operation_duration_seconds_bucket\{le="[^"]+",operation="HubName"\}/);
    expect(text).toMatch(/sharehub_http_requests_total\{route="\/graphql",method="POST",status="200"\}/);
    expect(text).toMatch(/sharehub_db_pool_connections [1-9]/);
  });

  it('reports not ready (503) while the database refuses connections, and ready again after', async () => {
    const admin = new pg.Client({ connectionString: process.env.SHAREHUB_TEST_ADMIN_URL });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${hub.database.name} ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [hub.database.name]);
      const down = await fetch(`${hub.url}/readyz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ status: 'unavailable', reason: 'database unreachable' });
      expect((await fetch(`${hub.url}/healthz`)).status).toBe(200);
    } finally {
      await admin.query(`ALTER DATABASE ${hub.database.name} ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    expect((await fetch(`${hub.url}/readyz`)).status).toBe(200);
  });
});

describe('JSON logs', () => {
  afterEach(killSpawnedHubs);

  it('carry the request id on every line of a request', async () => {
    const database = await createTestDatabase();
    try {
      const hub = spawnHub({
        DATABASE_URL: database.url,
        PORT: String(await freePort()),
        NODE_ENV: 'production',
        ...databaseCredentialEnv(database.url),
        SHAREHUB_JWT_HS256_SECRET: 'a-secret-of-at-least-thirty-two-bytes!!',
        ...productionKeyEnv(mkdtempSync(join(tmpdir(), 'sharehub-keys-'))),
      });
      await hub.ready();
      await fetch(`${hub.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'trace-abc-12345' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      await new Promise((r) => setTimeout(r, 200));
      const lines = hub.output().split('\n').filter((line) => line.includes('trace-abc-12345'));
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(JSON.parse(line)).toMatchObject({ requestId: 'trace-abc-12345' });
      hub.child.kill('SIGTERM');
      await hub.exited;
    } finally {
      await database.drop();
    }
  });
});

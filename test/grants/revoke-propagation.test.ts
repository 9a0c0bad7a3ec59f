import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signDevToken } from '../../src/auth/dev-tokens.js';
import { Role } from '../../src/auth/principal.js';
import { loadConfig } from '../../src/config/config.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { killSpawnedHubs, spawnHub, type HubProcess } from '../support/hub-process.js';
import { freePort } from '../support/ports.js';

const ITEM = '101001/000001/002';
const CONSUMER = 'HZ-XZFWZX';

async function gql<T>(hub: HubProcess, token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${hub.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

/** Two hub processes on one database: a revoke on A is refused by B within a second. */
describe('grant revocation across hub processes', () => {
  let database: TestDatabase;
  afterEach(killSpawnedHubs);
  afterAll(() => database?.drop());

  it('propagates through LISTEN/NOTIFY in under 1 s', async () => {
    database = await createTestDatabase('seeded');
    const dataDir = mkdtempSync(join(tmpdir(), 'sharehub-two-hubs-'));
    chmodSync(dataDir, 0o755);
    const env = { DATABASE_URL: database.url, SHAREHUB_DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'warn' };
    const a = spawnHub({ ...env, PORT: String(await freePort()) });
    await a.ready();
    const b = spawnHub({ ...env, PORT: String(await freePort()) });
    await b.ready();

    const auth = loadConfig({ NODE_ENV: 'test' }).auth;
    const admin = signDevToken(dataDir, auth, { dept: 'ZJ-DSJJ', roles: [Role.ADMIN] });
    const consumer = signDevToken(dataDir, auth, { dept: CONSUMER, roles: [Role.CONSUMER] });
    const check = `query { checkAccess(itemCodes: ["${ITEM}"]) { allowed denied { itemCode reason } } }`;

    const { grantAccess } = await gql<{ grantAccess: { id: string }[] }>(
      a,
      admin,
      'mutation($input: GrantAccessInput!) { grantAccess(input: $input) { id } }',
      { input: { consumerDept: CONSUMER, itemCodes: [ITEM], purpose: '一窗受理', validUntil: new Date(Date.now() + 86_400_000).toISOString() } },
    );
    // B allows it, and now holds the grant in its cache.
    expect((await gql<{ checkAccess: { allowed: string[] } }>(b, consumer, check)).checkAccess.allowed).toEqual([ITEM]);

    await gql(a, admin, `mutation { revokeGrant(id: "${grantAccess[0].id}", reason: "案件办结") { id } }`);
    const revokedAt = Date.now();
    let refusedAfter = Infinity;
    while (Date.now() - revokedAt < 3_000) {
      const { checkAccess } = await gql<{ checkAccess: { allowed: string[]; denied: { reason: string }[] } }>(b, consumer, check);
      if (checkAccess.allowed.length === 0) {
        expect(checkAccess.denied).toEqual([{ itemCode: ITEM, reason: 'REVOKED' }]);
        refusedAfter = Date.now() - revokedAt;
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(refusedAfter).toBeLessThan(1_000);
  }, 120_000);
});

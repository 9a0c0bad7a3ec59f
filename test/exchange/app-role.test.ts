import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Role } from '../../src/auth/principal.js';
import { validateBinding } from '../../src/sources/binding.js';
import { SourceBindingRepository } from '../../src/sources/binding.repository.js';
import { bearer, tokenFor } from '../support/auth.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startDepartmentApi, type DepartmentApi } from '../support/fake-department.js';
import { startTestHub, type TestHub } from '../support/hub.js';

const HUKOU = '101001/000001';
const PERSON = '330106199003071236';

/**
 * The hub running as a login member of `sharehub_app`, the role the migrations grant: it serves
 * lookups (catalogue, grants, sources, audit all work), and it cannot edit the audit log.
 */
describe('the hub under its own database role', () => {
  let database: TestDatabase;
  let hub: TestHub | undefined;
  let api: DepartmentApi;
  const login = `sharehub_hub_${randomBytes(3).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  let admin: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase('seeded'); // migrations and catalogue, as the owner
    admin = new pg.Client({ connectionString: process.env.SHAREHUB_TEST_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE ROLE ${login} LOGIN PASSWORD '${password}' IN ROLE sharehub_app`);
    api = await startDepartmentApi('k-role');
    api.records.set(PERSON, { f2: '张三' });
  });
  afterAll(async () => {
    await hub?.close();
    await api?.close();
    await database.drop();
    await admin.query(`DROP ROLE IF EXISTS ${login}`);
    await admin.end();
  });

  it('serves a lookup, and its role cannot UPDATE or DELETE audit events', async () => {
    const asApp = new URL(database.url);
    asApp.username = login;
    asApp.password = password;
    hub = await startTestHub({ SOURCE_ROLE_TEST: api.url, ROLE_TEST_SOURCE_KEY: 'k-role' }, { databaseUrl: asApp.toString() });
    const fields = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`${HUKOU}/${String(i + 1).padStart(3, '0')}`, `f${i + 1}`]));
    await hub.app
      .get(SourceBindingRepository)
      .save([validateBinding({ resourceCode: HUKOU, adapter: 'http', endpoint: '{SOURCE_ROLE_TEST}/records/{id}', credentialRef: 'ROLE_TEST_SOURCE_KEY', fields }, Object.keys(fields), (n) => hub!.config.sources.settings[n])]);
    const granted = await hub.gql(
      'mutation($input: GrantAccessInput!) { grantAccess(input: $input) { id } }',
      { input: { consumerDept: 'HZ-XZFWZX', itemCodes: [`${HUKOU}/002`], purpose: '测试', validUntil: new Date(Date.now() + 86_400_000).toISOString() } },
      bearer(tokenFor(hub, { dept: 'ZJ-DSJJ', roles: [Role.ADMIN] })),
    );
    expect(granted.body.errors).toBeUndefined();
    const lookup = await hub.gql<{ lookup: { values: { value: string }[] } }>(
      'query($s: SubjectInput!) { lookup(subject: $s, itemCodes: ["101001/000001/002"], purpose: { caseNo: "C-1", matter: "测试" }) { values { value } } }',
      { s: { type: 'PERSON', id: PERSON } },
      bearer(tokenFor(hub, { dept: 'HZ-XZFWZX', roles: [Role.CONSUMER] })),
    );
    expect(lookup.body.errors).toBeUndefined();
    expect(lookup.body.data!.lookup.values).toEqual([{ value: '张*' }]);

    const client = new pg.Client({ connectionString: asApp.toString() });
    await client.connect();
    try {
      const [{ count }] = (await client.query('SELECT count(*)::int AS count FROM audit_event')).rows;
      expect(count).toBeGreaterThan(0);
      await expect(client.query(`UPDATE audit_event SET consumer_dept = 'X'`)).rejects.toThrow(/permission denied/);
      await expect(client.query('DELETE FROM audit_event')).rejects.toThrow(/permission denied/);
    } finally {
      await client.end();
    }
  });
});

import pg from 'pg';
import { Role } from '../../src/auth/principal.js';
import { citizenIdCheckChar } from '../../src/common/identifiers/index.js';
import { SourceBindingRepository } from '../../src/sources/binding.repository.js';
import { validateBinding } from '../../src/sources/binding.js';
import { bearer, tokenFor } from '../support/auth.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startDepartmentApi, type DepartmentApi } from '../support/fake-department.js';
import { startTestHub, type TestHub } from '../support/hub.js';

const HUKOU = '101001/000001';
const MARRIAGE = '101003/000001'; // 省民政厅 · 婚姻登记信息, shared through a front database (TABLE)
const item = (resource: string, n: number) => `${resource}/${String(n).padStart(3, '0')}`;
const person = (n: number) => {
  const body = `33010619900307${100 + n}`;
  return body + citizenIdCheckChar(body);
};
const PURPOSE = { caseNo: 'XH-2026-000777', matter: '婚姻状况核验' };
const LOOKUP = `query($s: SubjectInput!, $i: [String!]!, $p: PurposeInput!) { lookup(subject: $s, itemCodes: $i, purpose: $p) {
  requestId values { itemCode value masked } denied { itemCode reason } failures { resourceCode code } notFound } }`;

describe('broker guards: SQL front database, batch, quotas, rate limits, fail-closed audit', () => {
  let hub: TestHub;
  let api: DepartmentApi;
  let front: TestDatabase;
  let admin: Record<string, string>;

  beforeAll(async () => {
    api = await startDepartmentApi('k-2');
    front = await createTestDatabase('empty');
    await front.query(`CREATE TABLE marriage_registrations (id_number text, registration_type text, registered_on date, spouse_name text)`);
    await front.query(`INSERT INTO marriage_registrations VALUES ($1, '结婚', '2018-05-20', '李四')`, [person(1)]);
    hub = await startTestHub(
      {
        SOURCE_TEST_GAT: api.url,
        TEST_SOURCE_KEY: 'k-2',
        FRONT_TEST_MZ: front.url,
        SHAREHUB_PRINCIPAL_RATE_PER_SECOND: '1',
        SHAREHUB_PRINCIPAL_BURST: '1000',
        SHAREHUB_AUDIT_COMMIT_TIMEOUT_MS: '300',
      },
      { seedCatalog: true },
    );
    const settings = (name: string) => hub.config.sources.settings[name];
    const hukouFields = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [item(HUKOU, i + 1), `f${i + 1}`]));
    const marriageFields = Object.fromEntries(Array.from({ length: 14 }, (_, i) => [item(MARRIAGE, i + 1), i === 0 ? 'id_number' : i === 1 ? 'registration_type' : i === 2 ? 'registered_on' : 'spouse_name']));
    await hub.app.get(SourceBindingRepository).save([
      validateBinding(
        { resourceCode: HUKOU, adapter: 'http', endpoint: '{SOURCE_TEST_GAT}/records/{id}', batchEndpoint: '{SOURCE_TEST_GAT}/records:batch', credentialRef: 'TEST_SOURCE_KEY', timeoutMs: 1000, fields: hukouFields },
        Object.keys(hukouFields),
        settings,
      ),
      validateBinding(
        { resourceCode: MARRIAGE, adapter: 'sql', connectionRef: 'FRONT_TEST_MZ', query: 'SELECT * FROM marriage_registrations WHERE id_number = $1', timeoutMs: 1000, fields: marriageFields },
        Object.keys(marriageFields),
        settings,
      ),
    ]);
    for (let n = 1; n <= 5; n++) api.records.set(person(n), { f1: person(n), f2: `王${n}`, f14: '已婚' });
    admin = bearer(tokenFor(hub, { dept: 'ZJ-DSJJ', roles: [Role.ADMIN] }));
  });
  afterAll(async () => {
    await hub?.close();
    await api?.close();
    await front?.drop();
  });

  async function grant(consumerDept: string, itemCodes: string[], dailyQuota?: number) {
    const response = await hub.gql(
      'mutation($input: GrantAccessInput!) { grantAccess(input: $input) { id } }',
      { input: { consumerDept, itemCodes, purpose: '测试', validUntil: new Date(Date.now() + 86_400_000).toISOString(), dailyQuota } },
      admin,
    );
    expect(response.body.errors).toBeUndefined();
  }

  it('reads a SQL front database (前置库) and an HTTP API in one lookup', async () => {
    await grant('HZXH-MZJ', [item(MARRIAGE, 2), item(MARRIAGE, 3), item(HUKOU, 14)]);
    const consumer = bearer(tokenFor(hub, { dept: 'HZXH-MZJ', roles: [Role.CONSUMER] }));
    const response = await hub.gql<{ lookup: { values: { itemCode: string; value: string }[] } }>(
      LOOKUP,
      { s: { type: 'PERSON', id: person(1) }, i: [item(MARRIAGE, 2), item(MARRIAGE, 3), item(HUKOU, 14)], p: PURPOSE },
      consumer,
    );
    expect(response.body.errors).toBeUndefined();
    expect(Object.fromEntries(response.body.data!.lookup.values.map((v) => [v.itemCode, v.value]))).toEqual({
      [item(MARRIAGE, 2)]: '结婚',
      [item(MARRIAGE, 3)]: expect.stringMatching(/^2018-05-2/),
      [item(HUKOU, 14)]: '已婚',
    });
  });

  it('answers lookupBatch with one batch call per resource', async () => {
    await grant('HZSC-XZFWZX', [item(HUKOU, 2)]);
    const consumer = bearer(tokenFor(hub, { dept: 'HZSC-XZFWZX', roles: [Role.CONSUMER] }));
    const before = { calls: api.calls, batches: api.batchCalls };
    const subjects = [1, 2, 3, 4, 5].map((n) => ({ type: 'PERSON', id: person(n) }));
    const response = await hub.gql<{ lookupBatch: { values: { value: string }[] }[] }>(
      `query($s: [SubjectInput!]!, $i: [String!]!, $p: PurposeInput!) { lookupBatch(subjects: $s, itemCodes: $i, purpose: $p) { values { value } } }`,
      { s: subjects, i: [item(HUKOU, 2)], p: PURPOSE },
      consumer,
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.lookupBatch.map((r) => r.values[0].value)).toEqual(['王*', '王*', '王*', '王*', '王*']);
    expect(api.batchCalls - before.batches).toBe(1);
    expect(api.calls - before.calls).toBe(1);
  });

  it('reports a failing source in each subject\'s failures of a lookupBatch, and still answers the other resources', async () => {
    await grant('HZ-XZFWZX', [item(HUKOU, 2), item(MARRIAGE, 2)]);
    const consumer = bearer(tokenFor(hub, { dept: 'HZ-XZFWZX', roles: [Role.CONSUMER] }));
    api.mode = 'malformed';
    try {
      const response = await hub.gql<{ lookupBatch: { values: { itemCode: string }[]; failures: { resourceCode: string; code: string }[] }[] }>(
        `query($s: [SubjectInput!]!, $i: [String!]!, $p: PurposeInput!) { lookupBatch(subjects: $s, itemCodes: $i, purpose: $p) { values { itemCode } failures { resourceCode code } } }`,
        { s: [1, 2].map((n) => ({ type: 'PERSON', id: person(n) })), i: [item(HUKOU, 2), item(MARRIAGE, 2)], p: PURPOSE },
        consumer,
      );
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data!.lookupBatch).toEqual([
        { values: [{ itemCode: item(MARRIAGE, 2) }], failures: [{ resourceCode: HUKOU, code: 'SOURCE_ERROR' }] },
        { values: [], failures: [{ resourceCode: HUKOU, code: 'SOURCE_ERROR' }] },
      ]);
    } finally {
      api.mode = 'ok';
    }
  });

  it('enforces a grant\'s daily quota', async () => {
    await grant('HZ-GAJ', [item(HUKOU, 2)], 2);
    const consumer = bearer(tokenFor(hub, { dept: 'HZ-GAJ', roles: [Role.CONSUMER] }));
    const ask = () => hub.gql<{ lookup: { values: unknown[]; denied: { reason: string }[] } }>(LOOKUP, { s: { type: 'PERSON', id: person(2) }, i: [item(HUKOU, 2)], p: PURPOSE }, consumer);
    expect((await ask()).body.data!.lookup.values).toHaveLength(1);
    expect((await ask()).body.data!.lookup.values).toHaveLength(1);
    const third = (await ask()).body.data!.lookup;
    expect(third.values).toEqual([]);
    expect(third.denied).toEqual([{ itemCode: item(HUKOU, 2), reason: 'QUOTA_EXCEEDED' }]);
  });

  it('rate-limits a principal with a retry hint', async () => {
    await grant('HZYH-XZFWZX', [item(HUKOU, 2)]);
    const hub2 = await startTestHub({ SHAREHUB_PRINCIPAL_RATE_PER_SECOND: '1', SHAREHUB_PRINCIPAL_BURST: '2' }, { seedCatalog: true });
    try {
      const consumer = bearer(tokenFor(hub2, { dept: 'HZYH-XZFWZX', roles: [Role.CONSUMER], sub: 'busy-window' }));
      const codes: unknown[] = [];
      for (let i = 0; i < 3; i++) {
        const response = await hub2.gql(LOOKUP, { s: { type: 'PERSON', id: person(3) }, i: [item(HUKOU, 2)], p: PURPOSE }, consumer);
        codes.push(response.body.errors?.[0]?.extensions);
      }
      expect(codes[2]).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: 1 });
    } finally {
      await hub2.close();
    }
  });

  it('releases nothing when the audit event cannot be committed (AUDIT_UNAVAILABLE), then recovers', async () => {
    await grant('HZ-XZFWZX', [item(HUKOU, 2)]);
    const consumer = bearer(tokenFor(hub, { dept: 'HZ-XZFWZX', roles: [Role.CONSUMER] }));
    const locker = new pg.Client({ connectionString: hub.database.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE audit_event IN ACCESS EXCLUSIVE MODE');
      const blocked = await hub.gql(LOOKUP, { s: { type: 'PERSON', id: person(4) }, i: [item(HUKOU, 2)], p: PURPOSE }, consumer);
      expect(blocked.body.data ?? null).toBeNull();
      expect(blocked.body.errors?.[0]?.extensions?.code).toBe('AUDIT_UNAVAILABLE');
      expect(JSON.stringify(blocked.body)).not.toContain('王');
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    const after = await hub.gql<{ lookup: { values: { value: string }[] } }>(LOOKUP, { s: { type: 'PERSON', id: person(4) }, i: [item(HUKOU, 2)], p: PURPOSE }, consumer);
    expect(after.body.data!.lookup.values[0].value).toBe('王*');
  });

  it('changes no department when the audit event of the change cannot be committed', async () => {
    const locker = new pg.Client({ connectionString: hub.database.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE audit_event IN ACCESS EXCLUSIVE MODE');
      const refused = await hub.gql('mutation { setDepartmentEnabled(code: "HZYH-XZFWZX", enabled: false, reason: "机构撤并") { code enabled } }', {}, admin);
      expect(refused.body.errors?.[0]?.extensions?.code).toBe('AUDIT_UNAVAILABLE');
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    expect(await hub.database.query('SELECT enabled FROM departments WHERE code = $1', ['HZYH-XZFWZX'])).toEqual([{ enabled: true }]);
  });
});

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { Role } from '../../src/auth/principal.js';
import { SourceBindingService } from '../../src/sources/binding.service.js';
import { startSources, type RunningSources } from '../../demo/sources/index.js';
import { bearer, tokenFor } from '../support/auth.js';
import { startTestHub, type TestHub } from '../support/hub.js';

const CONSUMER = 'HZXH-XZFWZX';
const GAT = (n: number) => `101001/000001/${String(n).padStart(3, '0')}`; // 公安 居民户籍信息
const MZ = (n: number) => `101003/000001/${String(n).padStart(3, '0')}`; // 民政 婚姻登记信息 (SQL front database)
const RS = (n: number) => `101007/000001/${String(n).padStart(3, '0')}`; // 人社 社会保险参保信息
const ITEMS = [GAT(2), GAT(14), MZ(2), MZ(3), MZ(6), MZ(10), RS(4)];
const PURPOSE = { caseNo: 'XH-2026-000456', matter: '婚姻状况核验' };
const LOOKUP = `query($s: SubjectInput!, $i: [String!]!, $p: PurposeInput!) { lookup(subject: $s, itemCodes: $i, purpose: $p) {
  values { itemCode value department } denied { itemCode reason } failures { resourceCode code } } }`;

type Lookup = { values: { itemCode: string; value: string; department: string }[]; denied: unknown[]; failures: { resourceCode: string; code: string }[] };

/** The demo departments, as separate processes, behind the hub: one query across 公安, 民政 and 人社. */
describe('lookup across the demo department sources', () => {
  let sources: RunningSources;
  let hub: TestHub;
  let consumer: Record<string, string>;
  const frontDatabase = `sharehub_front_t_${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    sources = await startSources({ adminDatabaseUrl: process.env.SHAREHUB_TEST_ADMIN_URL!, portBase: 0, frontDatabase });
    hub = await startTestHub({ ...sources.env }, { seedCatalog: true });
    await hub.app.get(SourceBindingService).bind(JSON.parse(readFileSync('data/bindings/demo.json', 'utf8')));
    const admin = bearer(tokenFor(hub, { dept: 'ZJ-DSJJ', roles: [Role.ADMIN] }));
    const granted = await hub.gql(
      'mutation($input: GrantAccessInput!) { grantAccess(input: $input) { id } }',
      { input: { consumerDept: CONSUMER, itemCodes: ITEMS, purpose: '婚姻状况核验', unmasked: true, validUntil: new Date(Date.now() + 86_400_000).toISOString() } },
      admin,
    );
    expect(granted.body.errors).toBeUndefined();
    consumer = bearer(tokenFor(hub, { dept: CONSUMER, roles: [Role.CONSUMER] }));
  }, 120_000);
  afterAll(async () => {
    await hub?.close();
    await sources?.stop();
    const admin = new pg.Client({ connectionString: process.env.SHAREHUB_TEST_ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${frontDatabase} WITH (FORCE)`);
    await admin.end();
  });

  async function lookup(id: string): Promise<Lookup> {
    const response = await hub.gql<{ lookup: Lookup }>(LOOKUP, { s: { type: 'PERSON', id }, i: ITEMS, p: PURPOSE }, consumer);
    expect(response.body.errors).toBeUndefined();
    return response.body.data!.lookup;
  }
  const valueOf = (result: Lookup, code: string) => result.values.find((v) => v.itemCode === code)?.value;

  it('gives consistent facts: the spouse named by 民政 is married at 公安, with the same registration', async () => {
    const person = sources.samplePerson;
    expect(person.spouseId).toBeDefined();
    const mine = await lookup(person.id);
    expect(mine.failures).toEqual([]);
    expect(new Set(mine.values.map((v) => v.department))).toEqual(new Set(['ZJ-GAT', 'ZJ-MZT', 'ZJ-RLSBT']));
    expect(valueOf(mine, GAT(2))).toBe(person.name);
    expect(valueOf(mine, GAT(14))).toBe('已婚');
    expect(valueOf(mine, MZ(2))).toBe('结婚');
    expect([valueOf(mine, MZ(6)), valueOf(mine, MZ(10))]).toContain(person.spouseId);

    const spouse = await lookup(person.spouseId!);
    expect(valueOf(spouse, GAT(14))).toBe('已婚');
    expect(valueOf(spouse, MZ(3))).toBe(valueOf(mine, MZ(3)));
    expect([valueOf(spouse, MZ(6)), valueOf(spouse, MZ(10))]).toContain(person.id);
  });

  it('shows a failing department in failures while the others answer', async () => {
    await sources.setFault('rlsbt', 'http500');
    try {
      const result = await lookup(sources.samplePerson.id);
      expect(result.failures).toEqual([{ resourceCode: '101007/000001', code: 'SOURCE_UNAVAILABLE' }]);
      expect(valueOf(result, GAT(2))).toBe(sources.samplePerson.name);
      expect(valueOf(result, MZ(2))).toBe('结婚');
    } finally {
      await sources.setFault('rlsbt', 'none');
    }
  });
});

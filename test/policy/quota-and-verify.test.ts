import { Role } from '../../src/auth/principal.js';
import { FixedClock } from '../../src/common/clock.js';
import { citizenIdCheckChar } from '../../src/common/identifiers/index.js';
import { SourceBindingRepository } from '../../src/sources/binding.repository.js';
import { validateBinding } from '../../src/sources/binding.js';
import { bearer, tokenFor } from '../support/auth.js';
import { startDepartmentApi, type DepartmentApi } from '../support/fake-department.js';
import { startTestHub, type TestHub } from '../support/hub.js';

const HUKOU = '101001/000001'; // 省公安厅 · 居民户籍信息
const item = (n: number) => `${HUKOU}/${String(n).padStart(3, '0')}`;
const NAME = item(2); // quota 2: the batch
const ADDRESS = item(9); // quota 5: two replicas in parallel
const SEX = item(4);
const BIRTH = item(6); // no quota: verify probing
const CONSUMER = 'HZXH-XZFWZX';
const PURPOSE = { caseNo: 'XH-2026-000900', matter: '不动产转移登记' };
const person = (n: number) => {
  const body = `33010619900307${String(100 + n).padStart(3, '0')}`;
  return body + citizenIdCheckChar(body);
};
const PERSONS = Array.from({ length: 20 }, (_, i) => person(i));

const BATCH = `query($subjects: [SubjectInput!]!, $itemCodes: [String!]!, $purpose: PurposeInput!) {
  lookupBatch(subjects: $subjects, itemCodes: $itemCodes, purpose: $purpose) { subject { maskedId } values { itemCode value } denied { itemCode reason } }
}`;
const LOOKUP = `query($subject: SubjectInput!, $itemCodes: [String!]!, $purpose: PurposeInput!) {
  lookup(subject: $subject, itemCodes: $itemCodes, purpose: $purpose) { values { itemCode value } denied { itemCode reason } }
}`;
const VERIFY = `query($subject: SubjectInput!, $claims: [ClaimInput!]!, $purpose: PurposeInput!) {
  verify(subject: $subject, claims: $claims, purpose: $purpose) { results { itemCode match } denied { itemCode reason } }
}`;
const ALERTS = '{ auditAlerts(first: 100) { edges { node { rule consumerDept principalSub subjectMasked itemCode observed threshold events { kind } } } } }';

type Batch = { subject: { maskedId: string }; values: { itemCode: string; value: string }[]; denied: { itemCode: string; reason: string }[] }[];
type Verify = { results: { itemCode: string; match: boolean }[]; denied: { itemCode: string; reason: string }[] };

/**
 * Quotas count what is released (one unit: one subject's items from one grant in one request)
 * and hold across replicas; verify is not an oracle. Two hubs share one database (two replicas,
 * with the same subject-hash secret, as a deployment has), each at a fixed instant so the China
 * calendar day cannot change during the run.
 */
describe('quotas and the verify limit, on two replicas of one database', () => {
  let api: DepartmentApi;
  let a: TestHub;
  let b: TestHub;
  const consumerOf = (hub: TestHub, sub = 'xh-window-07') => bearer(tokenFor(hub, { dept: CONSUMER, roles: [Role.CONSUMER], sub }));

  beforeAll(async () => {
    api = await startDepartmentApi('quota-key');
    const env = {
      SOURCE_QUOTA: api.url,
      QUOTA_SOURCE_KEY: 'quota-key',
      SHAREHUB_SUBJECT_HASH_SECRET: 'replicas-share-this-subject-hash-secret-0123456789',
      SHAREHUB_AUDIT_ALERT_INTERVAL_MS: '0',
    };
    const clock = new FixedClock(new Date(Date.now() + 60_000));
    a = await startTestHub(env, { seedCatalog: true, clock });
    b = await startTestHub(env, { databaseUrl: a.database.url, clock });
    const fields = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [item(i + 1), `f${i + 1}`]));
    const binding = validateBinding(
      { resourceCode: HUKOU, adapter: 'http', endpoint: '{SOURCE_QUOTA}/records/{id}', credentialRef: 'QUOTA_SOURCE_KEY', timeoutMs: 2000, fields },
      Object.keys(fields),
      (name) => a.config.sources.settings[name],
    );
    await a.app.get(SourceBindingRepository).save([binding]);
    PERSONS.forEach((id, i) => api.records.set(id, { f2: `张${i}`, f4: i % 2 ? '男' : '女', f6: '1990-03-07', f9: `杭州市西湖区学院路${i}号` }));
    const admin = bearer(tokenFor(a, { dept: 'ZJ-DSJJ', roles: [Role.ADMIN] }));
    const grant = async (itemCodes: string[], dailyQuota: number | null) => {
      const response = await a.gql(
        'mutation($input: GrantAccessInput!) { grantAccess(input: $input) { id } }',
        { input: { consumerDept: CONSUMER, itemCodes, purpose: '一窗受理', unmasked: true, dailyQuota, validUntil: new Date(Date.now() + 86_400_000).toISOString() } },
        admin,
      );
      expect(response.body.errors).toBeUndefined();
    };
    await grant([NAME], 2);
    await grant([ADDRESS], 5);
    await grant([SEX, BIRTH], null);
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await api?.close();
  });

  it('quota 2, a batch of 10: exactly 2 subjects released, 8 QUOTA_EXCEEDED, and the audit log holds releases for those 2 only', async () => {
    const subjects = PERSONS.slice(0, 10).map((id) => ({ type: 'PERSON', id }));
    const response = await a.gql<{ lookupBatch: Batch }>(BATCH, { subjects, itemCodes: [NAME], purpose: PURPOSE }, consumerOf(a));
    expect(response.body.errors).toBeUndefined();
    const results = response.body.data!.lookupBatch;
    expect(results.map((r) => r.values)).toEqual([[{ itemCode: NAME, value: '张0' }], [{ itemCode: NAME, value: '张1' }], ...Array(8).fill([])]);
    expect(results.map((r) => r.denied)).toEqual([[], [], ...Array(8).fill([{ itemCode: NAME, reason: 'QUOTA_EXCEEDED' }])]);

    const auditor = bearer(tokenFor(a, { dept: 'ZJ-DSJJ', roles: [Role.AUDITOR] }));
    const events = await a.gql<{ auditEvents: { edges: { node: { subjectRef: string; itemsReleased: string[]; itemsDenied: { reason: string }[] } }[] } }>(
      '{ auditEvents(first: 100, filter: { kind: LOOKUP_BATCH, itemCode: "' + NAME + '" }) { edges { node { subjectRef itemsReleased itemsDenied { reason } } } } }',
      {},
      auditor,
    );
    const nodes = events.body.data!.auditEvents.edges.map((e) => e.node);
    expect(nodes).toHaveLength(10);
    const released = nodes.filter((n) => n.itemsReleased.length);
    expect(released).toHaveLength(2);
    expect(new Set(released.map((n) => n.subjectRef)).size).toBe(2);
    expect(nodes.filter((n) => n.itemsDenied.some((d) => d.reason === 'QUOTA_EXCEEDED'))).toHaveLength(8);

    // The quota stays used up: the next request (on the other replica) gets nothing.
    const again = await b.gql<{ lookup: { values: unknown[]; denied: { reason: string }[] } }>(LOOKUP, { subject: subjects[0], itemCodes: [NAME], purpose: PURPOSE }, consumerOf(b));
    expect(again.body.data!.lookup).toEqual({ values: [], denied: [{ itemCode: NAME, reason: 'QUOTA_EXCEEDED' }] });
  });

  it('quota 5 under 40 parallel requests on two replicas: exactly 5 subjects released, counted once in PostgreSQL', async () => {
    const calls = PERSONS.slice(0, 20).flatMap((id, i) => [a, b].map((hub) => ({ hub, subject: { type: 'PERSON', id }, i })));
    const answers = await Promise.all(
      calls.map(({ hub, subject }) =>
        hub.gql<{ lookup: { values: { itemCode: string }[]; denied: { reason: string }[] } }>(LOOKUP, { subject, itemCodes: [ADDRESS], purpose: PURPOSE }, consumerOf(hub)),
      ),
    );
    expect(answers.every((r) => r.body.errors === undefined)).toBe(true);
    const released = answers.filter((r) => r.body.data!.lookup.values.length === 1);
    expect(released).toHaveLength(5);
    expect(answers.filter((r) => r.body.data!.lookup.denied[0]?.reason === 'QUOTA_EXCEEDED')).toHaveLength(35);
    const [usage] = await a.database.query(
      `SELECT sum(u.used)::int AS used FROM grant_usage u JOIN grants g ON g.id = u.grant_id WHERE g.item_code = $1`,
      [ADDRESS],
    );
    expect(usage.used).toBe(5);
  });

  it('verify: the 6th non-matching answer is VERIFY_LIMITED (matches do not count), an alert names principal, subject and item, and other items and subjects still answer', async () => {
    const consumer = consumerOf(a, 'prober-1');
    const verify = async (hub: TestHub, id: string, itemCode: string, value: string, headers = consumer) => {
      const response = await hub.gql<{ verify: Verify }>(VERIFY, { subject: { type: 'PERSON', id }, claims: [{ itemCode, value }], purpose: PURPOSE }, headers);
      expect(response.body.errors).toBeUndefined();
      return response.body.data!.verify;
    };
    const target = PERSONS[0];
    const guesses = ['1990-01-01', '1990-01-02', '1990-01-03', '1990-01-04'];
    for (const guess of guesses) expect(await verify(a, target, BIRTH, guess)).toEqual({ results: [{ itemCode: BIRTH, match: false }], denied: [] });
    // Matching answers do not count toward the limit.
    for (let i = 0; i < 3; i++) expect(await verify(b, target, BIRTH, '1990-03-07', consumerOf(b, 'prober-1'))).toEqual({ results: [{ itemCode: BIRTH, match: true }], denied: [] });
    // The 5th mismatch (on the other replica) is still answered; the 6th is not, nor any later claim, true or false, on either replica.
    expect(await verify(b, target, BIRTH, '1990-01-05', consumerOf(b, 'prober-1'))).toEqual({ results: [{ itemCode: BIRTH, match: false }], denied: [] });
    const limited = { results: [], denied: [{ itemCode: BIRTH, reason: 'VERIFY_LIMITED' }] };
    expect(await verify(a, target, BIRTH, '1990-01-06')).toEqual(limited);
    expect(await verify(a, target, BIRTH, '1990-03-07')).toEqual(limited);
    expect(await verify(b, target, BIRTH, '1990-03-07', consumerOf(b, 'another-window'))).toEqual(limited);
    // Another item of the subject, and the item of another subject, still answer.
    expect(await verify(a, target, SEX, '女')).toEqual({ results: [{ itemCode: SEX, match: true }], denied: [] });
    expect(await verify(a, PERSONS[1], BIRTH, '1990-01-01')).toEqual({ results: [{ itemCode: BIRTH, match: false }], denied: [] });

    const auditor = bearer(tokenFor(a, { dept: 'ZJ-DSJJ', roles: [Role.AUDITOR] }));
    const alerts = (await a.gql<{ auditAlerts: { edges: { node: Record<string, unknown> }[] } }>(ALERTS, {}, auditor)).body.data!.auditAlerts.edges.map((e) => e.node);
    expect(alerts.filter((x) => x.rule === 'VERIFY_PROBING')).toEqual([
      {
        rule: 'VERIFY_PROBING',
        consumerDept: CONSUMER,
        principalSub: 'prober-1',
        subjectMasked: `${target.slice(0, 6)}********${target.slice(-4)}`,
        itemCode: BIRTH,
        observed: 5,
        threshold: 5,
        events: [{ kind: 'VERIFY' }],
      },
    ]);
    expect(alerts.filter((x) => x.rule === 'VERIFY_PROBING_SUBJECTS')).toEqual([]);
  });

  it('verify: a principal that reaches the limit on 3 subjects within an hour raises a second alert', async () => {
    const headers = consumerOf(b, 'prober-2');
    for (const id of [PERSONS[10], PERSONS[11], PERSONS[12]]) {
      for (let n = 1; n <= 5; n++) {
        const response = await b.gql<{ verify: Verify }>(VERIFY, { subject: { type: 'PERSON', id }, claims: [{ itemCode: SEX, value: `错${n}` }], purpose: PURPOSE }, headers);
        expect(response.body.data!.verify.results).toEqual([{ itemCode: SEX, match: false }]);
      }
    }
    const auditor = bearer(tokenFor(a, { dept: 'ZJ-DSJJ', roles: [Role.AUDITOR] }));
    const alerts = (await a.gql<{ auditAlerts: { edges: { node: Record<string, unknown> }[] } }>(ALERTS, {}, auditor)).body.data!.auditAlerts.edges.map((e) => e.node);
    expect(alerts.filter((x) => x.rule === 'VERIFY_PROBING' && x.principalSub === 'prober-2')).toHaveLength(3);
    expect(alerts.filter((x) => x.rule === 'VERIFY_PROBING_SUBJECTS')).toEqual([
      { rule: 'VERIFY_PROBING_SUBJECTS', consumerDept: CONSUMER, principalSub: 'prober-2', subjectMasked: null, itemCode: null, observed: 3, threshold: 3, events: [{ kind: 'VERIFY' }] },
    ]);
  });
});

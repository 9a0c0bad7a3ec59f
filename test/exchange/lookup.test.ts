import { Role } from '../../src/auth/principal.js';
import { SourceBindingRepository } from '../../src/sources/binding.repository.js';
import { validateBinding } from '../../src/sources/binding.js';
import { citizenIdCheckChar } from '../../src/common/identifiers/index.js';
import { bearer, tokenFor } from '../support/auth.js';
import { startDepartmentApi, type DepartmentApi } from '../support/fake-department.js';
import { startTestHub, type TestHub } from '../support/hub.js';

const HUKOU = '101001/000001'; // 省公安厅 · 居民户籍信息 (20 items)
const item = (n: number) => `${HUKOU}/${String(n).padStart(3, '0')}`;
const PERSON = '330106199003071236';
const UNKNOWN_PERSON = (() => {
  const body = '33010619851111123';
  return body + citizenIdCheckChar(body);
})();
const CONSUMER = 'HZXH-XZFWZX';
const PURPOSE = { caseNo: 'XH-2026-000123', matter: '不动产转移登记' };

const LOOKUP = `query Lookup($subject: SubjectInput!, $itemCodes: [String!]!, $purpose: PurposeInput!) {
  lookup(subject: $subject, itemCodes: $itemCodes, purpose: $purpose) {
    requestId subject { type maskedId } values { itemCode name value resourceCode department masked }
    denied { itemCode reason } failures { resourceCode code message } notFound receipt
  }
}`;

type Lookup = {
  requestId: string;
  subject: { type: string; maskedId: string };
  values: { itemCode: string; name: string; value: string | null; resourceCode: string; department: string; masked: boolean }[];
  denied: { itemCode: string; reason: string }[];
  failures: { resourceCode: string; code: string; message: string }[];
  notFound: string[];
  receipt: string;
};

describe('lookup through the broker, against a real HTTP department API', () => {
  let hub: TestHub;
  let api: DepartmentApi;
  let consumer: Record<string, string>;

  beforeAll(async () => {
    api = await startDepartmentApi('secret-key-1');
    hub = await startTestHub(
      { SOURCE_TEST_GAT: api.url, TEST_SOURCE_KEY: 'secret-key-1', SHAREHUB_SOURCE_BREAKER_FAILURES: '3', SHAREHUB_SOURCE_BREAKER_OPEN_MS: '400', SHAREHUB_REQUEST_DEADLINE_MS: '1500' },
      { seedCatalog: true },
    );
    const fields = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [item(i + 1), `f${i + 1}`]));
    const binding = validateBinding(
      { resourceCode: HUKOU, adapter: 'http', endpoint: '{SOURCE_TEST_GAT}/records/{id}', credentialRef: 'TEST_SOURCE_KEY', timeoutMs: 300, fields },
      Object.keys(fields),
      (name) => hub.config.sources.settings[name],
    );
    await hub.app.get(SourceBindingRepository).save([binding]);
    api.records.set(PERSON, { f1: PERSON, f2: '张三', f4: '男', f6: '1990-03-07', f9: '浙江省杭州市西湖区文新街道学院路28号', f14: '已婚' });
    const admin = bearer(tokenFor(hub, { dept: 'ZJ-DSJJ', roles: [Role.ADMIN] }));
    const granted = await hub.gql(
      'mutation($input: GrantAccessInput!) { grantAccess(input: $input) { id } }',
      { input: { consumerDept: CONSUMER, itemCodes: [item(1), item(2), item(4), item(6), item(9), item(14)], purpose: '一窗受理', validUntil: new Date(Date.now() + 86_400_000).toISOString() } },
      admin,
    );
    expect(granted.body.errors).toBeUndefined();
    consumer = bearer(tokenFor(hub, { dept: CONSUMER, roles: [Role.CONSUMER], sub: 'xh-window-07', name: '李娟' }));
  });
  afterAll(async () => {
    await hub?.close();
    await api?.close();
  });

  beforeEach(() => {
    api.mode = 'ok';
  });

  async function lookup(itemCodes: string[], subjectId = PERSON) {
    return hub.gql<{ lookup: Lookup }>(LOOKUP, { subject: { type: 'PERSON', id: subjectId }, itemCodes, purpose: PURPOSE }, consumer);
  }

  it('releases granted items, masked by their rules, and lists ungranted ones as denied', async () => {
    const response = await lookup([item(1), item(2), item(6), item(9), item(14), item(3)]);
    expect(response.body.errors).toBeUndefined();
    const result = response.body.data!.lookup;
    expect(result.subject).toEqual({ type: 'PERSON', maskedId: '330106********1236' });
    const byCode = Object.fromEntries(result.values.map((v) => [v.itemCode, v]));
    expect(byCode[item(1)]).toMatchObject({ name: '公民身份号码', value: '330106********1236', masked: true, department: 'ZJ-GAT', resourceCode: HUKOU });
    expect(byCode[item(2)]).toMatchObject({ value: '张*', masked: true });
    expect(byCode[item(6)]).toMatchObject({ value: '1990-03-07', masked: false });
    expect(byCode[item(9)].value).toMatch(/^浙江省杭州市西湖区文新街道\*\*\*$/);
    expect(byCode[item(14)].value).toBe('已婚');
    expect(result.denied).toEqual([{ itemCode: item(3), reason: 'NO_GRANT' }]);
    expect(result.failures).toEqual([]);
    expect(JSON.stringify(result.values)).not.toContain('学院路28号');
  });

  it('reports a subject the source does not know as notFound, with no values', async () => {
    const result = (await lookup([item(2)], UNKNOWN_PERSON)).body.data!.lookup;
    expect(result.values).toEqual([]);
    expect(result.notFound).toEqual([HUKOU]);
  });

  it('rejects an invalid identifier before anything reaches a source', async () => {
    const calls = api.calls;
    const response = await lookup([item(2)], '330106199003071237');
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'subject.id' });
    expect(api.calls).toBe(calls);
  });

  it('rejects unknown and malformed item codes, and a missing purpose', async () => {
    expect((await lookup(['999999/000001/001'])).body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', unknownItems: ['999999/000001/001'] });
    expect((await lookup(['DROP TABLE grants'])).body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const noCase = await hub.gql(LOOKUP, { subject: { type: 'PERSON', id: PERSON }, itemCodes: [item(2)], purpose: { caseNo: ' ', matter: '登记' } }, consumer);
    expect(noCase.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'purpose.caseNo' });
  });

  it('refuses callers without the consumer role and without a token', async () => {
    const auditor = bearer(tokenFor(hub, { dept: 'ZJ-DSJJ', roles: [Role.AUDITOR] }));
    expect((await hub.gql(LOOKUP, { subject: { type: 'PERSON', id: PERSON }, itemCodes: [item(2)], purpose: PURPOSE }, auditor)).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await hub.gql(LOOKUP, { subject: { type: 'PERSON', id: PERSON }, itemCodes: [item(2)], purpose: PURPOSE })).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('turns a hanging source into a SOURCE_UNAVAILABLE failure within its timeout', async () => {
    api.mode = 'hang';
    const started = Date.now();
    const result = (await lookup([item(2)])).body.data!.lookup;
    expect(Date.now() - started).toBeLessThan(1500);
    expect(result.values).toEqual([]);
    expect(result.failures).toEqual([{ resourceCode: HUKOU, code: 'SOURCE_UNAVAILABLE', message: expect.stringMatching(/did not answer within/) }]);
  });

  it('turns malformed JSON and oversized bodies into SOURCE_ERROR, without crashing', async () => {
    api.mode = 'malformed';
    expect((await lookup([item(2)])).body.data!.lookup.failures[0]).toMatchObject({ code: 'SOURCE_ERROR', message: expect.stringMatching(/malformed JSON/) });
    api.mode = 'huge';
    expect((await lookup([item(2)])).body.data!.lookup.failures[0]).toMatchObject({ code: 'SOURCE_ERROR', message: expect.stringMatching(/more than/) });
  });

  it('opens the breaker after consecutive 500s (fast refusals), then recovers through a half-open probe', async () => {
    api.mode = 'http500';
    for (let i = 0; i < 2; i++) expect((await lookup([item(2)])).body.data!.lookup.failures[0].code).toBe('SOURCE_UNAVAILABLE');
    const callsWhenOpen = api.calls;
    const fast = (await lookup([item(2)])).body.data!.lookup.failures[0];
    expect(fast).toMatchObject({ code: 'SOURCE_UNAVAILABLE', message: expect.stringMatching(/circuit open/) });
    expect(api.calls).toBe(callsWhenOpen); // refused without calling the source
    api.mode = 'ok';
    await new Promise((r) => setTimeout(r, 450));
    const recovered = (await lookup([item(2)])).body.data!.lookup;
    expect(recovered.failures).toEqual([]);
    expect(recovered.values[0].value).toBe('张*');
  });

  it('signs a receipt that verifyReceipt accepts, and rejects when altered', async () => {
    const result = (await lookup([item(2), item(6)])).body.data!.lookup;
    const check = await hub.gql<{ verifyReceipt: { valid: boolean; requestId: string; consumerDept: string; items: { itemCode: string }[] } }>(
      'query($r: String!) { verifyReceipt(receipt: $r) { valid reason requestId consumerDept items { itemCode } } }',
      { r: result.receipt },
    );
    expect(check.body.data!.verifyReceipt).toMatchObject({ valid: true, requestId: result.requestId, consumerDept: CONSUMER });
    expect(check.body.data!.verifyReceipt.items.map((i) => i.itemCode).sort()).toEqual([item(2), item(6)]);
    const [head, claims, proof] = result.receipt.split('~');
    const altered = JSON.parse(Buffer.from(claims, 'base64url').toString());
    altered.consumerDept = 'HZ-GAJ';
    const forged = `${head}~${Buffer.from(JSON.stringify(altered)).toString('base64url')}~${proof}`;
    const bad = await hub.gql<{ verifyReceipt: { valid: boolean; reason: string } }>('query($r: String!) { verifyReceipt(receipt: $r) { valid reason } }', { r: forged });
    expect(bad.body.data!.verifyReceipt).toEqual({ valid: false, reason: expect.stringMatching(/altered or forged/) });
  });

  it('verifies claims without releasing values, normalising formats', async () => {
    const response = await hub.gql<{ verify: { results: { itemCode: string; match: boolean }[]; denied: unknown[] } }>(
      `query($s: SubjectInput!, $c: [ClaimInput!]!, $p: PurposeInput!) { verify(subject: $s, claims: $c, purpose: $p) { results { itemCode match } denied { itemCode reason } } }`,
      {
        s: { type: 'PERSON', id: PERSON },
        c: [
          { itemCode: item(2), value: '张 三' },
          { itemCode: item(6), value: '1990年3月7日' },
          { itemCode: item(14), value: '未婚' },
        ],
        p: PURPOSE,
      },
      consumer,
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.verify.results).toEqual([
      { itemCode: item(2), match: true },
      { itemCode: item(6), match: true },
      { itemCode: item(14), match: false },
    ]);
    expect(JSON.stringify(response.body)).not.toContain('已婚');
  });
});

import { Role } from '../../src/auth/principal.js';
import { bearer, tokenFor } from '../support/auth.js';
import { startTestHub, type TestHub } from '../support/hub.js';

type Errors = { errors?: { message: string; extensions?: Record<string, unknown> }[]; data?: unknown };

/** Every HTTP failure has the GraphQL shape, a typed code and a message in Chinese and English. */
describe('GraphQL-shaped HTTP errors', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ BODY_LIMIT_BYTES: '4096' }, { seedCatalog: true });
  });
  afterAll(() => hub.close());

  async function post(path: string, body: string): Promise<{ status: number; type: string; body: Errors }> {
    const response = await fetch(`${hub.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return { status: response.status, type: response.headers.get('content-type') ?? '', body: (await response.json()) as Errors };
  }

  it('a body over the limit: 413 PAYLOAD_TOO_LARGE naming the limit', async () => {
    const answer = await post('/graphql', JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(5000) } }));
    expect(answer.status).toBe(413);
    expect(answer.type).toMatch(/^application\/json/);
    expect(answer.body).toEqual({
      errors: [{ message: '请求体过大（上限 4096 字节） / Request body is too large (limit 4096 bytes)', extensions: { code: 'PAYLOAD_TOO_LARGE', limitBytes: 4096 } }],
    });
  });

  it('invalid JSON: 400 with a GraphQL error, on /graphql and on plain routes', async () => {
    for (const path of ['/graphql', '/healthz']) {
      const answer = await post(path, '{"query": "{ __typename }"');
      expect({ path, status: answer.status, body: answer.body }).toEqual({
        path,
        status: 400,
        body: { errors: [{ message: '请求体不是合法的 JSON / Request body is not valid JSON', extensions: { code: 'BAD_USER_INPUT' } }] },
      });
    }
  });

  it('a plain route failure (no token) has the same shape', async () => {
    const response = await fetch(`${hub.url}/audit/export.csv`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'UNAUTHENTICATED' } }] });
  });

  it('purpose and identifier messages are in Chinese and English', async () => {
    const consumer = bearer(tokenFor(hub, { dept: 'HZXH-XZFWZX', roles: [Role.CONSUMER] }));
    const lookup = 'query($s: SubjectInput!, $p: PurposeInput!) { lookup(subject: $s, itemCodes: ["101001/000001/002"], purpose: $p) { __typename } }';
    const person = { type: 'PERSON', id: '330106199003071236' };
    const messageOf = async (variables: Record<string, unknown>) => {
      const answer = await hub.gql(lookup, variables, consumer);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      return answer.body.errors![0]!.message;
    };
    expect(await messageOf({ s: person, p: { caseNo: '', matter: '不动产转移登记' } })).toBe(
      'caseNo: 办件编号必填，1–64 个字符 / caseNo is required, 1 to 64 characters',
    );
    expect(await messageOf({ s: person, p: { caseNo: 'XH-1', matter: '' } })).toBe('matter: 办理事项必填，1–200 个字符 / matter is required, 1 to 200 characters');
    expect(await messageOf({ s: { type: 'PERSON', id: '330106199003071237' }, p: { caseNo: 'XH-1', matter: '不动产转移登记' } })).toBe(
      'subject.id: 公民身份号码校验码不符（可能输错了一位） / 公民身份号码 check character does not match (mistyped digit?)',
    );
    expect(await messageOf({ s: { type: 'LEGAL_ENTITY', id: '9133010' }, p: { caseNo: 'XH-1', matter: '不动产转移登记' } })).toMatch(
      /^subject\.id: 统一社会信用代码应为 18 位，实际 7 位 \/ 统一社会信用代码 must be 18 characters, got 7$/,
    );
    const admin = bearer(tokenFor(hub, { dept: 'ZJ-DSJJ', roles: [Role.ADMIN] }));
    const grant = await hub.gql(
      'mutation($input: GrantAccessInput!) { grantAccess(input: $input) { id } }',
      { input: { consumerDept: 'HZXH-XZFWZX', itemCodes: ['101001/000001/002'], purpose: 'x', validUntil: new Date(Date.now() + 86_400_000).toISOString() } },
      admin,
    );
    expect(grant.body.errors?.[0]?.message).toBe('purpose: 用途必填，2–500 个字符 / purpose is required, 2 to 500 characters');
    expect(await messageOf({ s: { type: 'PERSON', id: 'x'.repeat(65) }, p: { caseNo: 'XH-1', matter: '不动产转移登记' } })).toBe(
      'id: 证件号码必填，不超过 64 个字符 / id is required, at most 64 characters',
    );
  });
});

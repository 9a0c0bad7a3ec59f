import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { databaseCredentialEnv, productionKeyEnv } from '../support/production-env.js';
import { createTokenIssuer } from '../support/token-issuer.js';
import { catalogServiceFor } from '../../src/catalog/seed.js';
import { startTestHub, type TestHub } from '../support/hub.js';

/**
 * The checks of graphql-cop (github.com/dolevf/graphql-cop), one test each and named after it,
 * with the hub's own additions (unhandled errors, oversized bodies and strings), against a hub
 * in production mode with its default limits. Every abusive request is refused with its HTTP
 * status and a typed `code`, with no stack, file path, internal name or SQL in the answer, and
 * within WITHIN_MS even where the payload is as large as the body limit allows (or, for the
 * fragment fan-out, stands for a billion fields); the hub answers normally after each test.
 */
const WITHIN_MS = 2000;
const LEAKS = /stack|\bat \S+ \(|node_modules|\/src\/|\/dist\/|\.[jt]s:\d|QueryFailedError|TypeORM|RangeError|TypeError|ApolloServer|\bSELECT\b|\bINSERT INTO\b|\bUPDATE \w+ SET\b|Internal error/i;

const ADMIN_DEPT = 'ZJ-DSJJ';
const CONSUMER_DEPT = 'HZXH-XZFWZX';

interface Answer {
  status: number;
  text: string;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
  ms: number;
}

describe('graphql-cop checks against a production hub', () => {
  let hub: TestHub;
  let admin: Record<string, string>;
  let consumer: Record<string, string>;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sharehub-cop-'));
    const issuer = createTokenIssuer(dir);
    hub = await startTestHub({ NODE_ENV: 'production', SHAREHUB_JWKS_FILE: issuer.jwksFile, ...productionKeyEnv(dir), ...databaseCredentialEnv(process.env.SHAREHUB_TEST_ADMIN_URL!) });
    const departments = (JSON.parse(readFileSync('data/catalog/departments.json', 'utf8')) as { code: string }[]).filter((d) =>
      [ADMIN_DEPT, CONSUMER_DEPT].includes(d.code),
    );
    await catalogServiceFor(hub.app.get(DataSource)).import({ departments, resources: [] }, 'cli');
    admin = { authorization: `Bearer ${issuer.sign({ dept: ADMIN_DEPT, roles: ['admin'], sub: 'admin-01' })}` };
    consumer = { authorization: `Bearer ${issuer.sign({ dept: CONSUMER_DEPT, roles: ['consumer'], sub: 'window-01' })}` };
  });
  afterAll(() => hub.close());

  afterEach(async () => {
    const answer = await gql('{ hubInfo { name } }');
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ hubInfo: { name: expect.any(String) } });
    expect(answer.ms).toBeLessThan(WITHIN_MS);
  });

  async function send(path: string, init: RequestInit = {}): Promise<Answer> {
    const started = performance.now();
    const response = await fetch(`${hub.url}${path}`, { ...init, signal: AbortSignal.timeout(20_000) });
    const text = await response.text();
    const ms = performance.now() - started;
    let body: Answer['body'] = {};
    try {
      body = JSON.parse(text) as Answer['body'];
    } catch {
      // asserted by the caller: every answer here is JSON
    }
    return { status: response.status, text, body, ms };
  }

  function post(body: string, contentType = 'application/json', headers: Record<string, string> = {}): Promise<Answer> {
    return send('/graphql', { method: 'POST', headers: { ...(contentType ? { 'content-type': contentType } : {}), ...headers }, body });
  }

  function gql(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Answer> {
    return post(JSON.stringify({ query, variables }), 'application/json', headers);
  }

  function get(query: string, headers: Record<string, string> = {}): Promise<Answer> {
    return send(`/graphql?query=${encodeURIComponent(query)}`, { headers });
  }

  /** The code of the answer's first error: GraphQL and plain HTTP failures have the same shape. */
  function codeOf(answer: Answer): unknown {
    return answer.body.errors?.[0]?.extensions?.code;
  }

  function messagesOf(answer: Answer): string[] {
    return answer.body.errors?.map((error) => error.message) ?? [];
  }

  /** Refused: the status, the code, no data, nothing internal in the answer, and quickly. */
  function expectRefused(answer: Answer, status: number, code: string, message?: RegExp): void {
    expect({ status: answer.status, code: codeOf(answer) }).toEqual({ status, code });
    expect(answer.body.data ?? null).toBeNull();
    if (message) expect(messagesOf(answer).some((text) => message.test(text))).toBe(true);
    expect(answer.text).not.toMatch(LEAKS);
    expect(answer.ms).toBeLessThan(WITHIN_MS);
  }

  it('alias overloading', async () => {
    const { maxAliases } = hub.config.graphql;
    // graphql-cop sends 101 aliases; inside one field, so that no root-field limit answers first.
    const aliases = (n: number) => Array.from({ length: n }, (_, i) => `a${i}: name`).join(' ');
    expectRefused(await gql(`{ hubInfo { ${aliases(101)} } }`), 400, 'BAD_USER_INPUT', new RegExp(`Aliases limit of ${maxAliases} exceeded`));
    // ~200 kB of aliases: refused by the token limit while parsing, before anything counts aliases.
    expectRefused(await gql(`{ hubInfo { ${aliases(15_000)} } }`), 400, 'BAD_USER_INPUT', /more tha[nt] \d+ tokens/);
  });

  it('array-based query batching', async () => {
    const batch = Array.from({ length: 10 }, () => ({ query: '{ __typename }' }));
    expectRefused(await post(JSON.stringify(batch)), 400, 'BAD_USER_INPUT', /batching disabled/i);
  });

  it('deep nesting (and the circular introspection query)', async () => {
    const { maxDepth } = hub.config.graphql;
    const circularIntrospection = `query cop { __schema { types { ${'fields { type { '.repeat(8)} name ${'} } '.repeat(8)} } } }`;
    expectRefused(await gql(circularIntrospection), 400, 'BAD_USER_INPUT');
    const deep = (levels: number) => `{ resource(code: "101001/000001") { ${'items { resource { '.repeat(levels)} code ${'} } '.repeat(levels)} } }`;
    expectRefused(await gql(deep(300)), 400, 'QUERY_TOO_COMPLEX', new RegExp(`depth limit of ${maxDepth} exceeded`));
    // A list value nests without selections; deep enough, the parser's recursion overflows the
    // stack before the token limit is reached. Either way: a clear refusal, no RangeError.
    for (const levels of [1000, 1985, 1990, 1995, 30_000]) {
      expectRefused(await gql(`{ resource(code: ${'['.repeat(levels)}"x"${']'.repeat(levels)}) { code } }`), 400, 'BAD_USER_INPUT', /tokens|nested too deeply/);
    }
  });

  it('circular fragments (and fragments that fan out)', async () => {
    expectRefused(await gql('{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }'), 400, 'BAD_USER_INPUT', /Cannot spread fragment "A" within itself/);
    // Not circular, but each fragment spreads the next twice: 2^30 root fields in 1.4 kB. Walking
    // every path took seconds at 20 levels and would take hours at 30.
    const levels = 30;
    const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join(' ');
    expectRefused(await gql(`{ ...F0 } ${fragments} fragment F${levels} on Query { __typename }`), 400, 'QUERY_TOO_COMPLEX', /Too many root fields/);
  });

  it('directive overloading', async () => {
    const { maxDirectives } = hub.config.graphql;
    for (const directives of ['@aa'.repeat(maxDirectives + 1), '@aa '.repeat(900), '@include(if: true) '.repeat(maxDirectives + 1)]) {
      const answer = await gql(`query cop { __typename ${directives} }`);
      expectRefused(answer, 400, 'BAD_USER_INPUT', new RegExp(`Directives limit of ${maxDirectives} exceeded`));
      // The limit is the first error; graphql-js stops after 100 more, so the answer stays small.
      expect(answer.body.errors?.[0]?.message).toMatch(/Directives limit/);
      expect(answer.text.length).toBeLessThan(20_000);
    }
  });

  it('field duplication', async () => {
    const { maxFieldRepeats } = hub.config.graphql;
    // graphql-cop's payload: 500 × __typename at the root.
    expectRefused(await gql(`query cop { ${'__typename '.repeat(500)} }`), 400, 'BAD_USER_INPUT', /"__typename" is repeated more than/);
    // A real field, a thousand times (checking that the copies merge is quadratic in their number).
    const repeated = await gql(`{ hubInfo { ${'name '.repeat(1000)} } }`);
    expectRefused(repeated, 400, 'BAD_USER_INPUT');
    expect(repeated.body.errors?.[0]?.message).toBe(`Field "name" is repeated more than ${maxFieldRepeats} times in one selection`);
    expectRefused(await gql(`{ hubInfo { ${'name '.repeat(maxFieldRepeats + 1)} } }`), 400, 'BAD_USER_INPUT', /"name" is repeated/);
    expect((await gql(`{ hubInfo { ${'name '.repeat(maxFieldRepeats)} } }`)).body.data).toEqual({ hubInfo: { name: expect.any(String) } });
    // ~200 kB of one field: the token limit answers while parsing.
    expectRefused(await gql(`{ ${'__typename '.repeat(18_000)} }`), 400, 'BAD_USER_INPUT', /tokens/);
  });

  it('field suggestions', async () => {
    for (const [query, hidden] of [
      ['query cop { __schema { directive } }', /directives/],
      ['{ hubInf { name } }', /hubInfo/],
      ['{ hubInfo { nam } }', /"name"|version/],
    ] as const) {
      const answer = await gql(query);
      expectRefused(answer, 400, 'BAD_USER_INPUT');
      expect(answer.text).not.toMatch(/Did you mean/);
      expect(answer.text).not.toMatch(hidden);
    }
  });

  it('introspection', async () => {
    expect(hub.config.introspection).toBe(false);
    for (const query of ['{ __schema { queryType { name } } }', '{ __type(name: "Query") { name fields { name } } }', 'query cop { __schema { types { name } } }']) {
      expectRefused(await gql(query), 400, 'BAD_USER_INPUT', /introspection has been disabled/);
    }
    // __typename is not introspection.
    expect((await gql('{ __typename }')).body.data).toEqual({ __typename: 'Query' });
  });

  it('GET-based mutations', async () => {
    const preflight = { 'apollo-require-preflight': 'true' };
    expectRefused(await get('mutation cop { __typename }', preflight), 405, 'BAD_USER_INPUT', /GET requests only support query operations/);
    expectRefused(await get('mutation { retireResource(code: "101001/000001", reason: "x") { code } }', { ...preflight, ...admin }), 405, 'BAD_USER_INPUT');
    // A query over GET is answered (with the header a cross-site form cannot set).
    expect((await get('{ __typename }', preflight)).body).toEqual({ data: { __typename: 'Query' } });
  });

  it('POST-based url-encoded query (possible CSRF), and other simple requests', async () => {
    const csrf = /Cross-Site Request Forgery/;
    expectRefused(await post('query=%7B__typename%7D', 'application/x-www-form-urlencoded'), 400, 'BAD_USER_INPUT', csrf);
    expectRefused(await post('{"query":"{ __typename }"}', 'text/plain'), 400, 'BAD_USER_INPUT', csrf);
    expectRefused(await post('--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n{ __typename }\r\n--x--\r\n', 'multipart/form-data; boundary=x'), 400, 'BAD_USER_INPUT');
    // A GET query without a preflight header is what an <img> or a link sends.
    expectRefused(await get('{ __typename }'), 400, 'BAD_USER_INPUT', csrf);
  });

  it('unhandled error detection', async () => {
    const json = (value: unknown) => post(JSON.stringify(value));
    const cases: [string, () => Promise<Answer>, number][] = [
      ["graphql-cop's qwerty", () => gql('qwerty cop { abc }'), 400],
      ['malformed JSON', () => post('{"query": "{ __typename }"'), 400],
      ['a JSON string', () => post('"{ __typename }"'), 400],
      ['JSON null', () => post('null'), 400],
      ['a prototype key', () => post('{"query":"{ __typename }","__proto__":{"polluted":true}}'), 400],
      ['no query', () => json({}), 400],
      ['a query that is a number', () => json({ query: 42 }), 400],
      ['a query that is an object', () => json({ query: { kind: 'Document' } }), 400],
      ['variables as a string', () => json({ query: '{ __typename }', variables: '{}' }), 400],
      ['a variable of the wrong type', () => json({ query: 'query($c: String!) { resource(code: $c) { code } }', variables: { c: { $ne: 1 } } }), 400],
      ['a huge integer variable', () => json({ query: 'query($n: Int) { resources(first: $n) { totalCount } }', variables: { n: 1e300 } }), 400],
      ['a huge integer literal', () => gql(`{ auditConsistency(from: ${'9'.repeat(400)}, to: 1) { __typename } }`), 400],
      ['a missing operation', () => json({ query: 'query A { __typename }', operationName: 'B' }), 400],
      ['an operation name that is not a string', () => json({ query: 'query A { __typename }', operationName: ['A'] }), 400],
      ['a persisted query that does not match', () => json({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } }), 400],
      ['content type application/graphql', () => post('{ __typename }', 'application/graphql'), 400],
      ['content type application/xml', () => post('<query/>', 'application/xml'), 400],
      ['no content type', () => post('{"query":"{ __typename }"}', ''), 400],
      ['PUT', () => send('/graphql', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' }), 404],
      // U+0000 reached PostgreSQL ("invalid byte sequence") and failed there as INTERNAL.
      ['NUL in a variable', () => gql('query($c: String!) { resource(code: $c) { code } }', { c: '101001/000001\u0000' }, admin), 400],
      ['NUL in a literal', () => gql('mutation { setDepartmentEnabled(code: "ZJ-DSJJ\\u0000", enabled: true, reason: "x") { code } }', undefined, admin), 400],
      ['NUL in a list', () => gql('query($i: [String!]!) { checkAccess(itemCodes: $i) { __typename } }', { i: ['\u0000'] }, consumer), 400],
    ];
    for (const [name, request, status] of cases) {
      const answer = await request();
      expect({ name, status: answer.status, typed: ['BAD_USER_INPUT', 'NOT_FOUND'].includes(codeOf(answer) as string) }).toEqual({ name, status, typed: true });
      expect(answer.text).not.toMatch(LEAKS);
      expect(answer.ms).toBeLessThan(WITHIN_MS);
    }
  });

  it('oversized bodies', async () => {
    const tooLarge = {
      errors: [{ message: '请求体过大（上限 262144 字节） / Request body is too large (limit 262144 bytes)', extensions: { code: 'PAYLOAD_TOO_LARGE', limitBytes: 262144 } }],
    };
    const megabyte = 'x'.repeat(1024 * 1024);
    for (const body of [{ query: `{ __typename } # ${megabyte}` }, { query: '{ __typename }', variables: { padding: megabyte } }, { query: `{ hubInfo { ${'name '.repeat(200_000)} } }` }]) {
      const answer = await post(JSON.stringify(body));
      expectRefused(answer, 413, 'PAYLOAD_TOO_LARGE');
      expect(answer.body).toEqual(tooLarge);
    }
    expect(hub.config.bodyLimitBytes).toBe(256 * 1024);
  });

  it('oversized strings', async () => {
    const long = 'x'.repeat(100_000);
    const lookup = 'query($p: PurposeInput!) { lookup(itemCodes: ["101001/000001/001"], purpose: $p, subject: { type: PERSON, id: "330106199001011236" }) { __typename } }';
    // A field error: the operation ran up to its validation pipe (HTTP 200, data null).
    const field = (answer: Answer, name: string) => {
      expect({ status: answer.status, code: codeOf(answer), field: answer.body.errors?.[0]?.extensions?.field }).toEqual({ status: 200, code: 'BAD_USER_INPUT', field: name });
      expect(answer.text).not.toMatch(LEAKS);
      expect(answer.ms).toBeLessThan(WITHIN_MS);
    };
    field(await gql(lookup, { p: { caseNo: long, matter: '不动产转移登记' } }, consumer), 'caseNo');
    field(await gql('query($k: String!) { resources(filter: { keyword: $k }) { totalCount } }', { k: long }, consumer), 'keyword');
    // A longer reason than the audit log takes: refused before the department is switched off.
    const disable = await gql('mutation($r: String!) { setDepartmentEnabled(code: "HZXH-XZFWZX", enabled: false, reason: $r) { enabled } }', { r: long }, admin);
    field(disable, 'reason');
    expect((await gql('{ department(code: "HZXH-XZFWZX") { enabled } }', undefined, admin)).body.data).toEqual({ department: { enabled: true } });
    // A megabyte string is over the body limit before anything reads it.
    expectRefused(await gql(lookup, { p: { caseNo: long.repeat(10), matter: 'x' } }, consumer), 413, 'PAYLOAD_TOO_LARGE', /too large/);
  });
});

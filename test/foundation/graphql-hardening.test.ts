import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseCredentialEnv, productionKeyEnv } from '../support/production-env.js';
import { startTestHub, type TestHub } from '../support/hub.js';

/**
 * The configured per-operation limits are applied: each abusive document is refused as
 * BAD_USER_INPUT, before execution, quickly. The checks of graphql-cop (aliases, depth,
 * directives, fragments, batching, CSRF, GET mutations, suggestions, introspection, oversized
 * bodies and strings) run against a production hub in test/abuse/graphql-cop.test.ts.
 */
describe('GraphQL hardening', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({
      GRAPHQL_MAX_ROOT_FIELDS: '4',
      GRAPHQL_MAX_TOKENS: '400',
      GRAPHQL_MAX_COST: '50',
    });
  });
  afterAll(() => hub.close());

  async function expectRefused(query: string, code = 'BAD_USER_INPUT') {
    const started = performance.now();
    const response = await hub.gql(query);
    const elapsed = performance.now() - started;
    expect(response.status).toBe(400);
    expect(response.body.data ?? null).toBeNull();
    expect(response.body.errors?.[0]?.extensions?.code).toBe(code);
    expect(JSON.stringify(response.body)).not.toMatch(/stacktrace|at .*\.js:\d+/);
    expect(elapsed).toBeLessThan(1000);
    return response;
  }

  it('limits root fields, also through fragments', async () => {
    await expectRefused('{ hubInfo { name } ...F ...G } fragment F on Query { __typename hubInfo { version } } fragment G on Query { __typename ... on Query { __typename } }');
  });

  it('limits tokens before parsing a huge document', async () => {
    await expectRefused(`{ hubInfo { ${'name '.repeat(500)} } }`);
  });

  it('limits estimated cost, naming the cost and the limit', async () => {
    const response = await expectRefused(
      '{ a: __type(name: "Query") { ...T } b: __type(name: "HubInfo") { ...T } } ' +
        'fragment T on __Type { name fields { name args { name type { name kind } } type { name kind fields { name } } } }',
      'QUERY_TOO_COMPLEX',
    );
    const error = response.body.errors![0]!;
    expect(error.message).toMatch(/^查询过于复杂：估算成本 \d+，上限 50 \/ Query too complex: estimated cost \d+ exceeds the limit of 50$/);
    expect(error.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 50, cost: expect.any(Number) });
    expect(error.extensions!.cost as number).toBeGreaterThan(50);
  });

  it('lets no GraphQL answer be cached: cache-control no-store, on data and on errors, POST and GET', async () => {
    expect((await hub.gql('{ __typename }')).headers.get('cache-control')).toBe('no-store');
    expect((await hub.gql('{ nope }')).headers.get('cache-control')).toBe('no-store');
    const get = await fetch(`${hub.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(get.headers.get('cache-control')).toBe('no-store');
  });
});

describe('introspection', () => {
  it('is on in production when configured', async () => {
    const keys = productionKeyEnv(mkdtempSync(join(tmpdir(), 'sharehub-keys-')));
    const enabled = await startTestHub({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true', SHAREHUB_JWT_HS256_SECRET: 'a-secret-of-at-least-thirty-two-bytes!!', ...keys, ...databaseCredentialEnv(process.env.SHAREHUB_TEST_ADMIN_URL!) });
    try {
      const response = await enabled.gql('{ __schema { queryType { name } } }');
      expect(response.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    } finally {
      await enabled.close();
    }
  });
});

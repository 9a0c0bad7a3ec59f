import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { productionKeyEnv } from '../../bench/production-env.js';
import { startTestHub, type TestHub } from '../support/hub.js';

/** Each abusive document is refused as BAD_USER_INPUT, before execution, quickly. */
describe('GraphQL hardening', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({
      GRAPHQL_MAX_DEPTH: '6',
      GRAPHQL_MAX_ALIASES: '5',
      GRAPHQL_MAX_ROOT_FIELDS: '4',
      GRAPHQL_MAX_DIRECTIVES: '5',
      GRAPHQL_MAX_TOKENS: '400',
      GRAPHQL_MAX_COST: '50',
      BODY_LIMIT_BYTES: '8192',
    });
  });
  afterAll(() => hub.close());

  async function expectRefused(query: string) {
    const started = performance.now();
    const response = await hub.gql(query);
    const elapsed = performance.now() - started;
    expect(response.body.data ?? null).toBeNull();
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(response.body)).not.toMatch(/stacktrace|at .*\.js:\d+/);
    expect(elapsed).toBeLessThan(1000);
    return response;
  }

  it('limits depth', async () => {
    await expectRefused('{ __type(name: "Query") { fields { type { ofType { ofType { ofType { ofType { name } } } } } } } }');
  });

  it('limits aliases', async () => {
    await expectRefused(`{ ${Array.from({ length: 6 }, (_, i) => `a${i}: __typename`).join(' ')} }`);
  });

  it('limits root fields, also through fragments', async () => {
    await expectRefused('{ hubInfo { name } ...F ...G } fragment F on Query { __typename hubInfo { version } } fragment G on Query { __typename ... on Query { __typename } }');
  });

  it('limits directives', async () => {
    await expectRefused(`{ __typename ${'@include(if: true) '.repeat(6)} }`);
  });

  it('limits tokens before parsing a huge document', async () => {
    await expectRefused(`{ hubInfo { ${'name '.repeat(500)} } }`);
  });

  it('limits estimated cost', async () => {
    await expectRefused(
      '{ a: __type(name: "Query") { ...T } b: __type(name: "HubInfo") { ...T } } ' +
        'fragment T on __Type { name fields { name args { name type { name kind } } type { name kind fields { name } } } }',
    );
  });

  it('refuses circular fragments', async () => {
    await expectRefused('{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }');
  });

  it('refuses batched (array) requests', async () => {
    const response = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(response.status).toBe(400);
  });

  it('refuses oversized bodies with a typed error', async () => {
    const response = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ __typename } # ${'x'.repeat(10_000)}` }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 'BAD_USER_INPUT', message: 'Request body is too large' } });
  });

  it('refuses simple (CSRF-able) requests: form posts and GET without a preflight header', async () => {
    const form = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'query=%7B__typename%7D',
    });
    expect(form.status).toBeGreaterThanOrEqual(400);
    expect(form.status).toBeLessThan(500);
    const get = await fetch(`${hub.url}/graphql?query=${encodeURIComponent('{ __typename }')}`);
    expect(get.status).toBe(400);
  });

  it('answers a GET query that carries the preflight header, but never a mutation over GET', async () => {
    const ok = await fetch(`${hub.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(await ok.json()).toEqual({ data: { __typename: 'Query' } });
    const mutation = await fetch(`${hub.url}/graphql?query=${encodeURIComponent('mutation { __typename }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(mutation.status).toBe(405);
  });

  it('does not suggest field names outside development', async () => {
    const response = await hub.gql('{ hubInf { name } }');
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0]?.message).not.toMatch(/hubInfo|Did you mean/);
  });
});

describe('introspection', () => {
  it('is off by default in production and on when configured', async () => {
    const keys = productionKeyEnv(mkdtempSync(join(tmpdir(), 'sharehub-keys-')));
    const production = await startTestHub({ NODE_ENV: 'production', SHAREHUB_JWT_HS256_SECRET: 'a-secret-of-at-least-thirty-two-bytes!!', ...keys });
    try {
      const response = await production.gql('{ __schema { queryType { name } } }');
      expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    } finally {
      await production.close();
    }
    const enabled = await startTestHub({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true', SHAREHUB_JWT_HS256_SECRET: 'a-secret-of-at-least-thirty-two-bytes!!', ...keys });
    try {
      const response = await enabled.gql('{ __schema { queryType { name } } }');
      expect(response.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    } finally {
      await enabled.close();
    }
  });
});

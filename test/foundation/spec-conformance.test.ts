import { serverAudits } from 'graphql-http';
import { startTestHub, type TestHub } from '../support/hub.js';

/** The GraphQL-over-HTTP spec audits of the graphql-http package: none may end in `error`. */
describe('GraphQL over HTTP conformance', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.close());

  it('passes every graphql-http server audit without an error', async () => {
    const results = await Promise.all(serverAudits({ url: `${hub.url}/graphql`, fetchFn: fetch }).map((audit) => audit.fn()));
    const errors = results.filter((result) => result.status === 'error').map((result) => `${result.id} ${result.name}: ${"reason" in result ? result.reason : ""}`);
    expect(errors).toEqual([]);
    expect(results.filter((result) => result.status === 'ok').length).toBeGreaterThan(20);
  });
});

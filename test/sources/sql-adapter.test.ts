import { SqlAdapter } from '../../src/sources/sql-adapter.js';
import type { SqlBinding } from '../../src/sources/binding.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/**
 * A front database (前置库) that hangs must not keep the hub's queries running there after the
 * hub gave up: closing the connection does not stop a running statement (PostgreSQL notices a
 * gone client only when it next writes to it), so each connection carries the binding's timeout
 * as its statement_timeout.
 */
describe('SqlAdapter against a hanging front database', () => {
  let db: TestDatabase;
  let adapter: SqlAdapter;
  beforeAll(async () => {
    db = await createTestDatabase('empty');
    adapter = new SqlAdapter(() => db.url);
  });
  afterAll(async () => {
    await adapter.close();
    await db.drop();
  });

  const binding: SqlBinding = {
    resourceCode: '101002/000001',
    adapter: 'sql',
    connectionRef: 'FRONT_SLOW',
    query: 'SELECT $1::text AS id_number, pg_sleep(30) AS slept',
    timeoutMs: 300,
    fields: { '101002/000001/001': 'id_number' },
  };
  const running = async () =>
    (await db.query<{ count: string }>(`SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE '%pg_sleep(30)%' AND pid <> pg_backend_pid()`))[0].count;

  it('the statement is cancelled in the database at the binding timeout, not left running', async () => {
    const signal = AbortSignal.timeout(binding.timeoutMs);
    const started = performance.now();
    await expect(adapter.fetchOne(binding, '330106199003071236', ['101002/000001/001'], signal)).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(5_000);
    // Give the server a moment past the timeout, then nothing of ours may still be sleeping there.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await running()).toBe('0');
  });
});

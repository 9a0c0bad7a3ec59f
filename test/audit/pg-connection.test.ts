import { checkOut, withConnection } from '../../src/audit/pg-connection.js';
import { createDataSource } from '../../src/database/data-source.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/** The audit code's raw connections come from the DataSource's own pool (one connection here). */
describe('pooled raw connections', () => {
  let database: TestDatabase;
  const dataSource = () => createDataSource({ url: database.url, poolSize: 1 });

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  const backend = async (source: ReturnType<typeof dataSource>) => withConnection(source, async (client) => (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid);

  it('hands a released connection out again, and discards one released as failed', async () => {
    const source = dataSource();
    await source.initialize();
    try {
      const first = await backend(source);
      expect(await backend(source)).toBe(first);

      const { client, release } = await checkOut(source);
      await client.query('BEGIN');
      release(true);
      const next = await backend(source);
      expect(next).not.toBe(first);
      // The discarded one was closed, not left idle in its transaction.
      const open = await database.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1', [first]);
      expect(open[0].n).toBe(0);
    } finally {
      await source.destroy();
    }
  });

  it('discards the connection when the work fails, and passes the error on', async () => {
    const source = dataSource();
    await source.initialize();
    try {
      const first = await backend(source);
      await expect(withConnection(source, async (client) => client.query('SELECT 1/0'))).rejects.toThrow(/division by zero/);
      expect(await backend(source)).not.toBe(first);
    } finally {
      await source.destroy();
    }
  });
});

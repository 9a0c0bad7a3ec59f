import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  url: string;
  name: string;
  /** Runs one statement on this database as the test server's admin (superuser on CI). */
  query<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

/**
 * What a new test database starts from: `migrated` (every migration applied, no rows: the
 * default), `seeded` (also the shipped catalogue, data/catalog), or `empty` (a plain database,
 * e.g. a department's front database).
 */
export type TestDatabaseContent = 'migrated' | 'seeded' | 'empty';

function adminUrl(): string {
  const url = process.env.SHAREHUB_TEST_ADMIN_URL;
  if (!url) throw new Error('SHAREHUB_TEST_ADMIN_URL is not set: run tests through jest (global setup)');
  return url;
}

function templateOf(content: TestDatabaseContent): string | undefined {
  if (content === 'empty') return undefined;
  const name = content === 'seeded' ? process.env.SHAREHUB_TEST_TEMPLATE_SEEDED : process.env.SHAREHUB_TEST_TEMPLATE_MIGRATED;
  if (!name) throw new Error('the template databases are not set: run tests through jest (global setup)');
  return name;
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** PostgreSQL refuses to clone a template while another session is connected to it, e.g. a clone started a moment earlier. */
const TEMPLATE_IN_USE = '55006';

/**
 * A new database of its own on the test server, cloned from the run's template (made once by the
 * global setup); drop() removes it, forcibly closing connections.
 */
export async function createTestDatabase(content: TestDatabaseContent = 'migrated'): Promise<TestDatabase> {
  const name = `sharehub_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const template = templateOf(content);
  await withAdmin(async (client) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await client.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== TEMPLATE_IN_USE || attempt === 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 80));
      }
    }
  });
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    query: async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        return (await client.query<T>(sql, params)).rows;
      } finally {
        await client.end();
      }
    },
    drop: () => withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

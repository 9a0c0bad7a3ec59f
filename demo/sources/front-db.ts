/**
 * 民政's front-end database (前置库): a PostgreSQL database of its own holding the marriage
 * registrations, created and bulk-loaded on the server given by an admin URL. A small meta table
 * remembers which data it holds, so a restart with the same seed and size reuses it. The hub
 * reads it with a SELECT-only role when the admin may create one.
 */
import pg from 'pg';
import { type Dataset, MARRIAGE_COLUMNS, type MarriageRow, marriageRows } from '../population/index.js';

export interface FrontDatabase {
  /** Connection string for the hub (FRONT_MZ): the read-only role, or the admin's credentials. */
  url: string;
  /** Admin connection string of the front database (the sources use it for fault injection). */
  adminUrl: string;
  name: string;
  rows: number;
  /** True when this call (re)loaded the data; false when it was already current. */
  loaded: boolean;
  ms: number;
  readOnlyRole: boolean;
}

const READER_ROLE = 'sharehub_front_reader';
const LOAD_LOCK = 7_270_001;
const BATCH_ROWS = 5_000;
const DATE_COLUMNS = new Set(['registered_on', 'husband_birth_date', 'wife_birth_date']);

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function ensureFrontDatabase(options: { adminUrl: string; database: string; dataset: Dataset; readerPassword: string; log?: (line: string) => void }): Promise<FrontDatabase> {
  const { adminUrl, database, dataset } = options;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(database)) throw new Error(`front database name ${database} must be a lower-case SQL identifier`);
  const started = performance.now();
  const frontAdminUrl = databaseUrl(adminUrl, database);

  await withClient(adminUrl, async (admin) => {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!exists.rowCount) {
      try {
        await admin.query(`CREATE DATABASE ${database}`);
      } catch (error) {
        if ((error as { code?: string }).code !== '42P04' && (error as { code?: string }).code !== '23505') throw error;
      }
    }
  });

  let rows = 0;
  let loaded = false;
  let readOnlyRole = false;
  await withClient(frontAdminUrl, async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [LOAD_LOCK]);
    try {
      await client.query(`
        CREATE TABLE IF NOT EXISTS demo_meta (key text PRIMARY KEY, value text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE IF NOT EXISTS marriage_registrations (
          registration_no text PRIMARY KEY,
          registration_type text NOT NULL,
          registered_on date NOT NULL,
          certificate_no text NOT NULL,
          husband_id text NOT NULL,
          husband_name text NOT NULL,
          husband_birth_date date NOT NULL,
          husband_nationality text NOT NULL,
          wife_id text NOT NULL,
          wife_name text NOT NULL,
          wife_birth_date date NOT NULL,
          wife_nationality text NOT NULL,
          registry_office text NOT NULL,
          business_status text NOT NULL,
          region_code text NOT NULL
        );
        COMMENT ON TABLE marriage_registrations IS '民政 婚姻登记 (synthetic demo data: sharehub demo/population)';`);
      const meta = await client.query<{ value: string }>("SELECT value FROM demo_meta WHERE key = 'dataset'");
      if (meta.rows[0]?.value === dataset.signature) {
        rows = Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM marriage_registrations')).rows[0].n);
        return;
      }
      options.log?.(`loading ${database} for ${dataset.signature} …`);
      await client.query('BEGIN');
      await client.query('DROP INDEX IF EXISTS marriage_registrations_husband; DROP INDEX IF EXISTS marriage_registrations_wife; TRUNCATE marriage_registrations');
      // Multi-row inserts of column arrays (unnest); the next batch is generated while PostgreSQL stores the last.
      const casts = MARRIAGE_COLUMNS.map((column, i) => `$${i + 1}::${DATE_COLUMNS.has(column) ? 'date' : 'text'}[]`);
      const insert = `INSERT INTO marriage_registrations (${MARRIAGE_COLUMNS.join(', ')}) SELECT * FROM unnest(${casts.join(', ')})`;
      let batch: MarriageRow[] = [];
      let inFlight: Promise<unknown> = Promise.resolve();
      const flush = async () => {
        if (!batch.length) return;
        const columns = MARRIAGE_COLUMNS.map((column) => batch.map((row) => row[column]));
        rows += batch.length;
        batch = [];
        await inFlight;
        inFlight = client.query(insert, columns);
        inFlight.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile
      };
      for (const row of marriageRows(dataset)) {
        batch.push(row);
        if (batch.length >= BATCH_ROWS) await flush();
      }
      await flush();
      await inFlight;
      await client.query(`
        CREATE INDEX marriage_registrations_husband ON marriage_registrations (husband_id, registered_on DESC);
        CREATE INDEX marriage_registrations_wife ON marriage_registrations (wife_id, registered_on DESC);`);
      await client.query(
        "INSERT INTO demo_meta (key, value) VALUES ('dataset', $1), ('rows', $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()",
        [dataset.signature, String(rows)],
      );
      await client.query('COMMIT');
      await client.query('ANALYZE marriage_registrations');
      loaded = true;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [LOAD_LOCK]).catch(() => undefined);
    }
  });

  // A SELECT-only login for the hub, when the admin may create roles; else the admin's own credentials.
  let url = frontAdminUrl;
  try {
    await withClient(adminUrl, async (admin) => {
      const role = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [READER_ROLE]);
      const password = escapeLiteral(options.readerPassword);
      try {
        await admin.query(role.rowCount ? `ALTER ROLE ${READER_ROLE} LOGIN PASSWORD ${password}` : `CREATE ROLE ${READER_ROLE} LOGIN PASSWORD ${password}`);
      } catch (error) {
        if ((error as { code?: string }).code !== '42710') throw error; // created concurrently
      }
      await admin.query(`GRANT CONNECT ON DATABASE ${database} TO ${READER_ROLE}`);
    });
    await withClient(frontAdminUrl, (client) =>
      client.query(`GRANT USAGE ON SCHEMA public TO ${READER_ROLE}; GRANT SELECT ON marriage_registrations TO ${READER_ROLE}`),
    );
    const reader = new URL(frontAdminUrl);
    reader.username = READER_ROLE;
    reader.password = options.readerPassword;
    url = reader.toString();
    readOnlyRole = true;
  } catch (error) {
    options.log?.(`no read-only role for the front database (${(error as Error).message}); FRONT_MZ uses the admin credentials`);
  }
  return { url, adminUrl: frontAdminUrl, name: database, rows, loaded, ms: Math.round(performance.now() - started), readOnlyRole };
}

/**
 * Holds an exclusive lock on the marriage table so every query of the hub hangs until released:
 * the SQL source's "hang" fault.
 */
export async function lockFrontDatabase(frontAdminUrl: string): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: frontAdminUrl, application_name: 'sharehub-demo-fault' });
  await client.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE marriage_registrations IN ACCESS EXCLUSIVE MODE');
  return async () => {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.end().catch(() => undefined);
  };
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'sharehub-demo-sources' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function escapeLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

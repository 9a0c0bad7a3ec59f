import type pg from 'pg';

/**
 * What backup and restore ask the server itself (not the hub's tables): its version, whether a
 * database is empty, and the role the migrations grant to. Functions of a raw client, as the
 * backup tool holds its own connection.
 */

/** The server's version string and major number (pg_dump/pg_restore must be as new). */
export async function serverVersion(client: pg.Client): Promise<{ version: string; major: number }> {
  const { rows } = await client.query<{ server_version: string; num: string }>(
    "SELECT current_setting('server_version') AS server_version, current_setting('server_version_num') AS num",
  );
  return { version: rows[0].server_version, major: Math.floor(Number(rows[0].num) / 10000) };
}

/** How many user tables the database holds (a restore needs none). */
export async function userTableCount(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')");
  return rows[0].n;
}

/** Roles live in the cluster, not in a dump: the audit role of the migrations must exist for its grants. */
export async function ensureAppRole(client: pg.Client): Promise<void> {
  await client.query(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sharehub_app') THEN CREATE ROLE sharehub_app NOLOGIN; END IF; END $$`);
}

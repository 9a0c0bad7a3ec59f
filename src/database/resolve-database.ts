import { join } from 'node:path';
import pg from 'pg';
import type { AppConfig } from '../config/config.js';
import { EmbeddedPostgres, EmbeddedPostgresError } from './embedded-postgres.js';

export interface ResolvedDatabase {
  url: string;
  /** Present when the hub runs its own embedded server; stop it after the app closed (a no-op if it joined another hub's). */
  embedded?: EmbeddedPostgres;
}

/**
 * For the hub and the demo: the external DATABASE_URL, or the embedded PostgreSQL under
 * `<dataDir>/pg` (started, or joined when another running hub started it).
 */
export async function resolveDatabase(config: AppConfig, notice?: (line: string) => void): Promise<ResolvedDatabase> {
  if (config.databaseUrl) return { url: config.databaseUrl };
  const embedded = new EmbeddedPostgres({ baseDir: join(config.dataDir, 'pg'), port: config.embeddedPgPort, notice });
  try {
    const url = await embedded.start();
    return { url, embedded };
  } catch (error) {
    await embedded.stop().catch(() => undefined);
    throw error;
  }
}

/**
 * For CLIs (audit, catalog, migrate, seed, backup, restore): DATABASE_URL, or the embedded
 * PostgreSQL a running hub started on the same data dir (found through its pid file). A CLI never
 * starts or stops a server; when it cannot connect it refuses with one line saying why.
 */
export async function connectDatabase(config: AppConfig): Promise<string> {
  const url = config.databaseUrl ?? new EmbeddedPostgres({ baseDir: join(config.dataDir, 'pg'), port: config.embeddedPgPort }).attach();
  const where = config.databaseUrl ? 'DATABASE_URL' : `the embedded PostgreSQL under ${join(config.dataDir, 'pg')}`;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new EmbeddedPostgresError(`cannot connect to ${where}: ${(error as Error).message.split('\n')[0]}`);
  } finally {
    await client.end().catch(() => undefined);
  }
  return url;
}

import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { PooledClient } from './pooled-client.js';

export interface DataSourceOptions {
  url: string;
  poolSize: number;
  applicationName?: string;
}

/**
 * The hub's one way to open PostgreSQL. Migrations are the schema; synchronize stays off. No
 * entities: every table is read and written with SQL in its module's `*.repository.ts`.
 */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities: [],
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: {
      max: options.poolSize,
      application_name: options.applicationName ?? 'sharehub',
      connectionTimeoutMillis: 5_000,
      // A query stuck on a lock must not hold a request forever.
      statement_timeout: 30_000,
      Client: PooledClient,
    },
  });
}

/** Any fixed 64-bit key; every hub process takes it so only one applies migrations at a time. */
const MIGRATION_LOCK_KEY = 4_815_162_342;

/** Applies pending migrations under an advisory lock, safe with several hub processes starting. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}

import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { lockMigrations, unlockMigrations } from './migration.repository.js';
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

/** Applies pending migrations under an advisory lock, safe with several hub processes starting. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await lockMigrations(runner);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await unlockMigrations(runner).catch(() => undefined);
    await runner.release();
  }
}

import pg from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { lockMigrations, unlockMigrations } from './migration.repository.js';
import { PooledClient } from './pooled-client.js';

export interface DataSourceOptions {
  url: string;
  poolSize: number;
  applicationName?: string;
}

/** The node-postgres pool of each DataSource made here (see createDataSource). */
const pools = new WeakMap<DataSource, () => pg.Pool | undefined>();

/**
 * The hub's one way to open PostgreSQL. Migrations are the schema; synchronize stays off. No
 * entities: every table is read and written with SQL in its module's `*.repository.ts`.
 */
export function createDataSource(options: DataSourceOptions): DataSource {
  // TypeORM builds its pool with `new driver.Pool(…)`, `driver` being a public option (node-postgres
  // by default): this Pool remembers itself, so poolOf() can read the pool's counters without
  // reaching into TypeORM's internals.
  let pool: pg.Pool | undefined;
  const remember = (made: pg.Pool) => (pool = made);
  class RecordedPool extends pg.Pool {
    constructor(config?: pg.PoolConfig) {
      super(config);
      remember(this);
    }
  }
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.url,
    driver: Object.create(pg, { Pool: { value: RecordedPool } }),
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
  pools.set(dataSource, () => pool);
  return dataSource;
}

/** The node-postgres pool of an initialised DataSource made by createDataSource (undefined before initialize()). */
export function poolOf(dataSource: DataSource): pg.Pool | undefined {
  return pools.get(dataSource)?.();
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

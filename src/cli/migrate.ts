import 'reflect-metadata';
import { ConfigError, loadConfig } from '../config/config.js';
import { createDataSource, runMigrations } from '../database/data-source.js';
import { connectDatabase } from '../database/resolve-database.js';

/** `npm run migrate`: apply pending migrations to DATABASE_URL (or the embedded server) and exit. */
async function migrate(): Promise<void> {
  const config = loadConfig();
  const databaseUrl = await connectDatabase(config);
  const dataSource = createDataSource({ url: databaseUrl, poolSize: 2 });
  try {
    await dataSource.initialize();
    const applied = await runMigrations(dataSource);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date');
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}

migrate().catch((error: unknown) => {
  console.error(`sharehub migrate: ${error instanceof ConfigError ? error.message : (error as Error)?.message ?? String(error)}`);
  process.exit(1);
});

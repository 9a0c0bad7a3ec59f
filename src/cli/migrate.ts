import 'reflect-metadata';
import { ConfigError, loadConfig } from '../config/config.js';
import { createDataSource, runMigrations } from '../database/data-source.js';
import { resolveDatabase } from '../database/resolve-database.js';

/** `npm run migrate`: apply pending migrations to DATABASE_URL (or the embedded server) and exit. */
async function migrate(): Promise<void> {
  const config = loadConfig();
  const database = await resolveDatabase(config, (line) => console.log(`sharehub: ${line}`));
  const dataSource = createDataSource({ url: database.url, poolSize: 2 });
  try {
    await dataSource.initialize();
    const applied = await runMigrations(dataSource);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date');
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.embedded?.stop();
  }
}

migrate().catch((error: unknown) => {
  console.error(`sharehub migrate: ${error instanceof ConfigError ? error.message : (error as Error)?.message ?? String(error)}`);
  process.exit(1);
});

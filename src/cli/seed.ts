import 'reflect-metadata';
import { seedCatalog } from '../catalog/seed.js';
import { seedMatters } from '../matters/seed.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { createDataSource, runMigrations } from '../database/data-source.js';
import { resolveDatabase } from '../database/resolve-database.js';

/**
 * `npm run seed [-- <dir>]`: applies pending migrations, then loads the shipped catalogue
 * (data/catalog, or <dir>) into DATABASE_URL (or the embedded server). Running it again changes nothing.
 */
async function seed(): Promise<void> {
  const dir = process.argv[2] ?? 'data/catalog';
  const config = loadConfig();
  const database = await resolveDatabase(config, (line) => console.log(`sharehub: ${line}`));
  const dataSource = createDataSource({ url: database.url, poolSize: 2 });
  try {
    await dataSource.initialize();
    await runMigrations(dataSource);
    const result = await seedCatalog(dataSource, dir);
    console.log(
      `catalogue from ${dir}: ${result.departmentsChanged} department(s) changed, ` +
        `${result.created} resource(s) created, ${result.updated} updated, ${result.unchanged} unchanged`,
    );
    if (!process.argv[2]) console.log(`matter catalogue from data/matters: ${(await seedMatters(dataSource)).matters} matters`);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.embedded?.stop();
  }
}

seed().catch((error: unknown) => {
  console.error(`sharehub seed: ${error instanceof ConfigError ? error.message : (error as Error)?.message ?? String(error)}`);
  process.exit(1);
});

import { createDataSource, runMigrations } from '../../src/database/data-source.js';
import { seedCatalog } from '../../src/catalog/seed.js';

/**
 * Loads the shipped catalogue (data/catalog) into the database at `url`, migrating it first. A
 * test that only needs a seeded database clones one instead: `createTestDatabase('seeded')`.
 */
export async function seedTestCatalog(url: string): Promise<void> {
  const dataSource = createDataSource({ url, poolSize: 2 });
  await dataSource.initialize();
  try {
    await runMigrations(dataSource);
    await seedCatalog(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

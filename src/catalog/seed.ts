import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { CatalogRepository } from './catalog.repository.js';
import { CatalogService, type ImportResult } from './catalog.service.js';
import { DepartmentRepository } from './department.repository.js';

/** The catalogue service on a plain DataSource, for the command line, seeding and benchmarks. */
export function catalogServiceFor(dataSource: DataSource): CatalogService {
  return new CatalogService(new CatalogRepository(dataSource), new DepartmentRepository(dataSource));
}

/**
 * Loads the shipped catalogue (`<dir>/departments.json`, `<dir>/resources.json`) in one
 * transaction, with the same checks as an import. Idempotent: a second run changes nothing
 * (departments keep their `enabled` flag; unchanged resources keep their version).
 */
export async function seedCatalog(dataSource: DataSource, dir = 'data/catalog'): Promise<ImportResult> {
  const [departments, resources] = await Promise.all([
    readFile(join(dir, 'departments.json'), 'utf8').then((text) => JSON.parse(text) as unknown[]),
    readFile(join(dir, 'resources.json'), 'utf8').then((text) => JSON.parse(text) as unknown[]),
  ]);
  return catalogServiceFor(dataSource).import(
    {
      departments,
      resources,
      locateDepartment: (index, field) => `${dir}/departments.json [${index}] field ${field}`,
      locateResource: (index, field) => `${dir}/resources.json [${index}] field ${field}`,
    },
    'cli',
  );
}

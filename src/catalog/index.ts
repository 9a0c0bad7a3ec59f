// The catalogue's public surface for other modules.
export { CatalogModule } from './catalog.module.js';
export { CatalogRepository } from './catalog.repository.js';
export { CatalogService } from './catalog.service.js';
export { DepartmentRepository } from './department.repository.js';
export { seedCatalog } from './seed.js';
export * from './model.js';

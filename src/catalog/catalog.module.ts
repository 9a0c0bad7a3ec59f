import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CatalogController } from './catalog.controller.js';
import { CatalogRepository } from './catalog.repository.js';
import { CatalogService } from './catalog.service.js';
import { DepartmentRepository } from './department.repository.js';
import {
  CatalogQueryResolver,
  DataItemConnectionResolver,
  DataItemFieldsResolver,
  ResourceConnectionResolver,
  ResourceFieldsResolver,
} from './graphql/catalog.resolver.js';

/** The shared-data catalogue: departments, resources, data items, versions, search, import/export, DCAT. */
@Module({
  imports: [AuditModule],
  controllers: [CatalogController],
  providers: [
    DepartmentRepository,
    CatalogRepository,
    CatalogService,
    CatalogQueryResolver,
    ResourceConnectionResolver,
    DataItemConnectionResolver,
    ResourceFieldsResolver,
    DataItemFieldsResolver,
  ],
  exports: [DepartmentRepository, CatalogRepository, CatalogService],
})
export class CatalogModule {}

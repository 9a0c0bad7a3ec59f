import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { DEPARTMENT_DIRECTORY } from '../auth/department-directory.js';
import { CatalogController } from './catalog.controller.js';
import { CatalogRepository } from './catalog.repository.js';
import { CatalogService } from './catalog.service.js';
import { DepartmentAdminResolver } from './department-admin.resolver.js';
import { CatalogDepartmentDirectory } from './department-directory.js';
import { DepartmentRepository } from './department.repository.js';
import {
  CatalogQueryResolver,
  DataItemConnectionResolver,
  DataItemFieldsResolver,
  ResourceConnectionResolver,
  ResourceFieldsResolver,
} from './graphql/catalog.resolver.js';

/**
 * The shared-data catalogue: departments (and enabling or disabling them), resources, data items,
 * versions, search, import/export, DCAT. Provides auth's DEPARTMENT_DIRECTORY.
 */
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
    DepartmentAdminResolver,
    { provide: DEPARTMENT_DIRECTORY, useClass: CatalogDepartmentDirectory },
  ],
  exports: [DepartmentRepository, CatalogRepository, CatalogService, DEPARTMENT_DIRECTORY],
})
export class CatalogModule {}

import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CatalogModule } from '../catalog/catalog.module.js';
import { ApplicationRepository } from './application.repository.js';
import { ApplicationsService } from './applications.service.js';
import { GrantChangeFeed } from './grant-change-feed.js';
import { GrantRepository } from './grant.repository.js';
import { GrantsResolver } from './grants.resolver.js';
import { GrantsService } from './grants.service.js';

/** Applications, reviews and grants: records and workflow (the policy module decides who may). */
@Module({
  imports: [CatalogModule, AuditModule],
  providers: [GrantRepository, ApplicationRepository, GrantChangeFeed, GrantsService, ApplicationsService, GrantsResolver],
  exports: [GrantsService, GrantRepository, ApplicationRepository, GrantChangeFeed],
})
export class GrantsModule {}

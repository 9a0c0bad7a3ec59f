import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CatalogModule } from '../catalog/catalog.module.js';
import { AccessPolicy } from './access-policy.js';
import { ApplicationRepository } from './application.repository.js';
import { ApplicationsService } from './applications.service.js';
import { GrantChangeFeed } from './grant-change-feed.js';
import { GrantRepository } from './grant.repository.js';
import { GrantsResolver } from './grants.resolver.js';
import { GrantsService } from './grants.service.js';

/** Applications, reviews, grants, and the policy decision point (AccessPolicy). */
@Module({
  imports: [CatalogModule, AuditModule],
  providers: [GrantRepository, ApplicationRepository, GrantChangeFeed, AccessPolicy, GrantsService, ApplicationsService, GrantsResolver],
  exports: [AccessPolicy, GrantsService, GrantRepository],
})
export class GrantsModule {}

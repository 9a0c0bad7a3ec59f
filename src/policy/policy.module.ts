import { Global, Module } from '@nestjs/common';
import { Authorizer } from '../auth/authorize.js';
import { CatalogModule } from '../catalog/catalog.module.js';
import { GrantsModule } from '../grants/grants.module.js';
import { GrantMatcher } from './grant-matcher.js';
import { PolicyDecisionPoint } from './policy-decision-point.js';
import { PolicyResolver } from './policy.resolver.js';
import { QuotaRepository } from './quota.repository.js';
import { TokenBucket } from './token-bucket.js';
import { VerifyProbeRepository } from './verify-probe.repository.js';

/**
 * The one policy decision point. Global, because the auth guard of every module hands each
 * operation to it (as the `Authorizer` the auth module defines) and the release pipeline asks
 * it about every subject × item.
 */
@Global()
@Module({
  imports: [GrantsModule, CatalogModule],
  providers: [
    GrantMatcher,
    TokenBucket,
    QuotaRepository,
    VerifyProbeRepository,
    PolicyDecisionPoint,
    { provide: Authorizer, useExisting: PolicyDecisionPoint },
    PolicyResolver,
  ],
  exports: [PolicyDecisionPoint, Authorizer, GrantMatcher],
})
export class PolicyModule {}

import { Inject } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { Action, Authorize } from '../auth/authorize.js';
import { CurrentPrincipal } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { GrantScope } from '../grants/grant.types.js';
import { AccessCheck, ResourceAccess } from './models/access.model.js';
import { PolicyDecisionPoint } from './policy-decision-point.js';

/** The decision point's answers without data: what the calling consumer may query. */
@Resolver()
export class PolicyResolver {
  constructor(@Inject(PolicyDecisionPoint) private readonly pdp: PolicyDecisionPoint) {}

  @Query(() => [ResourceAccess], { description: 'What the calling department may query right now, by resource (empty for a principal that is no consumer).' })
  @Authorize(Action.GRANT_LIST)
  async myAccess(@CurrentPrincipal() principal: Principal): Promise<ResourceAccess[]> {
    const { allowed } = await this.pdp.currentAccess(principal);
    const byResource = new Map<string, ResourceAccess>();
    for (const { item, grant } of allowed) {
      const entry = byResource.get(item.resourceCode) ?? { resourceCode: item.resourceCode, resourceName: item.resourceName, providerDept: item.providerCode, items: [] };
      entry.items.push({
        itemCode: item.itemCode,
        itemName: item.itemName,
        scope: grant.scope,
        unmasked: grant.unmasked,
        validUntil: grant.validUntil,
        dailyQuota: grant.dailyQuota,
        matterCode: grant.matterCode,
        grantId: grant.id,
      });
      byResource.set(item.resourceCode, entry);
    }
    return [...byResource.values()].sort((a, b) => a.resourceCode.localeCompare(b.resourceCode));
  }

  @Query(() => AccessCheck, { description: 'Would these items be released to the calling consumer now? (the policy decision, no data)' })
  @Authorize(Action.ACCESS_CHECK)
  async checkAccess(
    @CurrentPrincipal() principal: Principal,
    @Args('itemCodes', { type: () => [String] }) itemCodes: string[],
    @Args('scope', { type: () => GrantScope, defaultValue: GrantScope.READ }) scope: GrantScope,
    @Args('matterCode', { type: () => String, nullable: true, description: '事项编码 of the purpose, for grants limited to a matter.' }) matterCode?: string | null,
  ): Promise<AccessCheck> {
    const match = await this.pdp.preview(principal, itemCodes.slice(0, 200), scope, matterCode);
    return { allowed: match.allowed.map((a) => a.item.itemCode), denied: match.denied.map(({ itemCode, reason }) => ({ itemCode, reason })) };
  }
}

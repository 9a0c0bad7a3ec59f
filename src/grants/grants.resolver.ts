import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Action, Authorize, CurrentPermission, type Permission } from '../auth/authorize.js';
import { CurrentPrincipal } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { Clock } from '../common/clock.js';
import { pageSize } from '../common/cursor.js';
import { RequestId } from '../common/request-id.decorator.js';
import { forwardPageInfo } from '../graphql/page-info.js';
import { ApplicationRepository } from './application.repository.js';
import { ApplicationsService } from './applications.service.js';
import { GrantRepository } from './grant.repository.js';
import { ItemDecision, type ApplicationRecord, type GrantRecord } from './grant.types.js';
import {
  AccessApplication,
  AccessApplicationConnection,
  ApplicationFilterInput,
  ApplyForAccessInput,
  Grant,
  GrantAccessInput,
  GrantConnection,
  GrantFilterInput,
  ReviewAccessApplicationInput,
} from './grants.graphql.js';
import { GrantsService } from './grants.service.js';
import { Inject } from '@nestjs/common';

function toGrant(grant: GrantRecord, now: Date): Grant {
  return { ...grant, active: !grant.revokedAt && grant.validFrom <= now && now < grant.validUntil };
}

function toApplication(application: ApplicationRecord, now: Date): AccessApplication {
  const pending = application.items.some((item) => item.decision === ItemDecision.PENDING);
  return { ...application, applicant: application.applicantSub, overdue: pending && application.dueAt < now };
}

@Resolver()
export class GrantsResolver {
  constructor(
    @Inject(GrantsService) private readonly grantsService: GrantsService,
    @Inject(ApplicationsService) private readonly applications: ApplicationsService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  @Mutation(() => [AccessApplication], { description: 'Apply for data items; split into one application per provider department.' })
  @Authorize(Action.APPLY)
  async applyForAccess(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Args('input') input: ApplyForAccessInput,
  ): Promise<AccessApplication[]> {
    return (await this.applications.apply(principal, requestId, input)).map((a) => toApplication(a, this.clock.now()));
  }

  @Mutation(() => AccessApplication, { description: 'Approve (all or some pending items) or reject an application.' })
  @Authorize(Action.PROVIDER_REVIEW, { application: 'input.id' })
  async reviewAccessApplication(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Args('input') input: ReviewAccessApplicationInput,
  ): Promise<AccessApplication> {
    return toApplication(await this.applications.review(principal, requestId, input), this.clock.now());
  }

  @Query(() => AccessApplicationConnection, { description: 'Consumers see their own, providers those addressed to them, admins and auditors all.' })
  @Authorize(Action.GRANT_LIST)
  async accessApplications(
    @CurrentPermission() permission: Permission,
    @Args('filter', { nullable: true }) filter?: ApplicationFilterInput,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { nullable: true }) after?: string,
  ): Promise<AccessApplicationConnection> {
    const page = await this.applications.list({ ...filter, visibleTo: permission.visibleTo }, pageSize(first), after);
    const cursors = page.applications.map((a) => ApplicationRepository.cursorOf(a));
    return {
      edges: page.applications.map((a, i) => ({ cursor: cursors[i], node: toApplication(a, this.clock.now()) })),
      pageInfo: forwardPageInfo(cursors, page.hasNextPage, !!after),
      totalCount: page.totalCount,
    };
  }

  @Mutation(() => [Grant], { description: 'Grant items to a consumer department directly (admin); refused for 不予共享 items.' })
  @Authorize(Action.ADMIN)
  async grantAccess(@CurrentPrincipal() principal: Principal, @RequestId() requestId: string, @Args('input') input: GrantAccessInput): Promise<Grant[]> {
    return (await this.grantsService.grantDirectly(principal, requestId, input)).map((g) => toGrant(g, this.clock.now()));
  }

  @Query(() => GrantConnection, { description: 'Consumers see their own, providers those on their items, admins and auditors all.' })
  @Authorize(Action.GRANT_LIST)
  async grants(
    @CurrentPermission() permission: Permission,
    @Args('filter', { nullable: true }) filter?: GrantFilterInput,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { nullable: true }) after?: string,
  ): Promise<GrantConnection> {
    const page = await this.grantsService.list({ ...filter, visibleTo: permission.visibleTo }, pageSize(first), after);
    const cursors = page.grants.map((g) => GrantRepository.cursorOf(g));
    return {
      edges: page.grants.map((g, i) => ({ cursor: cursors[i], node: toGrant(g, this.clock.now()) })),
      pageInfo: forwardPageInfo(cursors, page.hasNextPage, !!after),
      totalCount: page.totalCount,
    };
  }

  @Mutation(() => Grant, { description: 'Revoke a grant (the providing department or an admin); takes effect in every hub process within a second.' })
  @Authorize(Action.GRANT_REVOKE, { grant: 'id' })
  async revokeGrant(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Args('id', { type: () => ID }) id: string,
    @Args('reason') reason: string,
  ): Promise<Grant> {
    return toGrant(await this.grantsService.revoke(principal, requestId, id, reason), this.clock.now());
  }
}

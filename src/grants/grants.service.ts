import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditWriter } from '../audit/audit-writer.js';
import type { Principal } from '../auth/principal.js';
import { CatalogRepository } from '../catalog/catalog.repository.js';
import type { AccessItem } from '../catalog/model.js';
import { Clock } from '../common/clock.js';
import { BadInputError, ConflictError, NotFoundError } from '../common/errors.js';
import { GrantChangeFeed } from './grant-change-feed.js';
import { GrantRepository, type GrantFilter, type NewGrant } from './grant.repository.js';
import type { GrantScope, GrantRecord } from './grant.types.js';

export interface DirectGrantInput {
  consumerDept: string;
  itemCodes: string[];
  scope: GrantScope;
  unmasked: boolean;
  purpose: string;
  validUntil: Date;
  dailyQuota?: number | null;
  matterCode?: string | null;
}

/** Grants: direct grants by admins, revocation, listings (records and workflow; the policy decides who may). */
@Injectable()
export class GrantsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(GrantRepository) private readonly grants: GrantRepository,
    @Inject(CatalogRepository) private readonly catalog: CatalogRepository,
    @Inject(GrantChangeFeed) private readonly feed: GrantChangeFeed,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Items of a request, all existing; unknown codes are BAD_USER_INPUT naming them. */
  async requireItems(itemCodes: string[], field = 'itemCodes'): Promise<AccessItem[]> {
    const codes = [...new Set(itemCodes)];
    if (!codes.length) throw new BadInputError(`${field}: name at least one data item`, field);
    if (codes.length > 200) throw new BadInputError(`${field}: at most 200 data items at once`, field);
    const items = await this.catalog.findItemsForAccess(codes);
    const known = new Set(items.map((item) => item.itemCode));
    const unknown = codes.filter((code) => !known.has(code));
    if (unknown.length) throw new BadInputError(`${field}: unknown data items ${unknown.join(', ')}`, field, { unknownItems: unknown });
    return items;
  }

  async grantDirectly(principal: Principal, requestId: string, input: DirectGrantInput): Promise<GrantRecord[]> {
    const items = await this.requireItems(input.itemCodes);
    const notShareable = items.filter((item) => item.shareType === 'NOT_SHARED');
    if (notShareable.length) {
      throw new BadInputError(`itemCodes: not shareable (不予共享): ${notShareable.map((i) => i.itemCode).join(', ')}`, 'itemCodes');
    }
    if (input.validUntil.getTime() <= this.clock.nowMs()) throw new BadInputError('validUntil: must be in the future', 'validUntil');
    return this.dataSource.transaction(async (manager) => {
      const created = await this.create(
        manager,
        items.map((item) => ({
          consumerDept: input.consumerDept,
          itemCode: item.itemCode,
          providerDept: item.providerCode,
          scope: input.scope,
          unmasked: input.unmasked,
          purpose: input.purpose,
          validUntil: input.validUntil,
          dailyQuota: input.dailyQuota ?? null,
          grantedBy: principal.sub,
          applicationId: null,
          matterCode: input.matterCode ?? null,
        })),
      );
      await this.audit.record({
        kind: 'ADMIN',
        action: 'GRANT',
        requestId,
        principal,
        target: input.consumerDept,
        reason: input.purpose,
        details: { grantIds: created.map((g) => g.id), itemCodes: created.map((g) => g.itemCode), scope: input.scope, unmasked: input.unmasked },
      });
      return created;
    });
  }

  /** Inserts grants in the caller's transaction and announces the change on commit. */
  async create(manager: EntityManager, grants: NewGrant[]): Promise<GrantRecord[]> {
    const created = await this.grants.insert(grants, manager);
    for (const consumerDept of new Set(grants.map((g) => g.consumerDept))) await this.feed.publish(manager, consumerDept);
    return created;
  }

  async revoke(principal: Principal, requestId: string, id: string, reason: string): Promise<GrantRecord> {
    if (!reason.trim()) throw new BadInputError('reason: a revocation needs a reason', 'reason');
    const revoked = await this.dataSource.transaction(async (manager) => {
      const grant = await this.grants.findById(id, manager);
      if (!grant) throw new NotFoundError('Grant', id);
      const updated = await this.grants.revoke(id, principal.sub, reason, manager);
      if (!updated) throw new ConflictError(`Grant ${id} is already revoked`);
      await this.feed.publish(manager, grant.consumerDept);
      await this.audit.record({ kind: 'ADMIN', action: 'REVOKE', requestId, principal, target: id, reason, details: { consumerDept: grant.consumerDept, itemCode: grant.itemCode } });
      return updated;
    });
    this.feed.announceHere(revoked.consumerDept);
    return revoked;
  }

  /** `visibleTo`: the row filter of the caller's permission (its obligation). */
  async list(filter: GrantFilter, first: number, after?: string) {
    return this.grants.list(filter, first, after);
  }
}

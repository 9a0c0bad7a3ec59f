import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditWriter } from '../audit/audit-writer.js';
import type { Principal } from '../auth/principal.js';
import type { AccessItem } from '../catalog/model.js';
import { Clock } from '../common/clock.js';
import { BadInputError, ConflictError, NotFoundError } from '../common/errors.js';
import { addWorkingDays, type WorkingCalendar } from '../common/working-days.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { ApplicationRepository, type ApplicationFilter } from './application.repository.js';
import { ApplicationStatus, GrantScope, ItemDecision, type ApplicationRecord } from './grant.types.js';
import { GrantsService } from './grants.service.js';

export interface ApplyInput {
  itemCodes: string[];
  purpose: string;
  legalBasis: string;
  validUntil: Date;
  scope: GrantScope;
  unmasked: boolean;
}

export enum ReviewDecision {
  APPROVE = 'APPROVE',
  REJECT = 'REJECT',
}

export interface ReviewInput {
  id: string;
  decision: ReviewDecision;
  reason?: string | null;
  /** For APPROVE: the pending items to approve (default all); the other pending ones are rejected. */
  itemCodes?: string[] | null;
}

/** How an item is answered the moment it is applied for, by its share type. */
function initialDecision(item: AccessItem): ItemDecision {
  if (item.shareType === 'NOT_SHARED' || item.resourceStatus !== 'PUBLISHED') return ItemDecision.NOT_SHAREABLE;
  return item.shareType === 'UNCONDITIONAL' ? ItemDecision.APPROVED : ItemDecision.PENDING;
}

function statusOf(decisions: ItemDecision[]): ApplicationStatus {
  if (decisions.includes(ItemDecision.PENDING)) return ApplicationStatus.PENDING;
  const approved = decisions.filter((d) => d === ItemDecision.APPROVED).length;
  if (approved === decisions.length) return ApplicationStatus.APPROVED;
  return approved ? ApplicationStatus.PARTIALLY_APPROVED : ApplicationStatus.REJECTED;
}

/**
 * Access applications (共享申请): one per provider department. Unconditional items are granted at
 * once, not-shareable ones refused at once (NOT_SHAREABLE), conditional ones wait for the
 * provider, who must answer within the configured working days (default 10).
 */
@Injectable()
export class ApplicationsService {
  private readonly calendar: WorkingCalendar;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ApplicationRepository) private readonly applications: ApplicationRepository,
    @Inject(GrantsService) private readonly grants: GrantsService,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
  ) {
    this.calendar = { holidays: new Set(config.grants.holidays), workingWeekends: new Set(config.grants.workingWeekends) };
  }

  async apply(principal: Principal, requestId: string, input: ApplyInput): Promise<ApplicationRecord[]> {
    const submittedAt = this.clock.now();
    if (input.validUntil.getTime() <= submittedAt.getTime()) throw new BadInputError('validUntil: must be in the future', 'validUntil');
    const items = await this.grants.requireItems(input.itemCodes);
    const byProvider = new Map<string, AccessItem[]>();
    for (const item of items) byProvider.set(item.providerCode, [...(byProvider.get(item.providerCode) ?? []), item]);
    const dueAt = addWorkingDays(submittedAt, this.config.grants.reviewWorkingDays, this.calendar);

    const ids = await this.dataSource.transaction(async (manager) => {
      const created: string[] = [];
      for (const [providerDept, providerItems] of [...byProvider.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        const decisions = providerItems.map((item) => ({ itemCode: item.itemCode, decision: initialDecision(item) }));
        const status = statusOf(decisions.map((d) => d.decision));
        const automatic = status !== ApplicationStatus.PENDING;
        const id = await this.applications.insert(
          {
            consumerDept: principal.dept,
            providerDept,
            applicantSub: principal.sub,
            applicantName: principal.name ?? null,
            scope: input.scope,
            unmasked: input.unmasked,
            purpose: input.purpose,
            legalBasis: input.legalBasis,
            validUntil: input.validUntil,
            status,
            submittedAt,
            dueAt,
            items: decisions,
            decidedBy: automatic ? 'sharehub:share-type' : null,
            decisionReason: automatic && status === ApplicationStatus.REJECTED ? 'NOT_SHAREABLE' : null,
          },
          manager,
        );
        const approvedItems = providerItems.filter((item) => initialDecision(item) === ItemDecision.APPROVED);
        await this.grants.create(
          manager,
          approvedItems.map((item) => ({
            consumerDept: principal.dept,
            itemCode: item.itemCode,
            providerDept,
            scope: input.scope,
            unmasked: input.unmasked,
            purpose: input.purpose,
            validUntil: input.validUntil,
            dailyQuota: null,
            grantedBy: 'sharehub:unconditional',
            applicationId: id,
          })),
        );
        await this.audit.record({
          kind: 'ADMIN',
          action: 'APPLY',
          requestId,
          principal,
          target: id,
          reason: input.purpose,
          details: { providerDept, legalBasis: input.legalBasis, items: decisions },
        });
        created.push(id);
      }
      return created;
    });
    return Promise.all(ids.map(async (id) => (await this.applications.findById(id))!));
  }

  async review(principal: Principal, requestId: string, input: ReviewInput): Promise<ApplicationRecord> {
    const reason = input.reason?.trim() || null;
    await this.dataSource.transaction(async (manager) => {
      const application = await this.applications.findById(input.id, manager, true);
      if (!application) throw new NotFoundError('AccessApplication', input.id);
      const pending = application.items.filter((i) => i.decision === ItemDecision.PENDING).map((i) => i.itemCode);
      if (!pending.length) throw new ConflictError(`Application ${application.id} has no pending items`);

      let approve: string[] = [];
      if (input.decision === ReviewDecision.APPROVE) {
        approve = input.itemCodes?.length ? [...new Set(input.itemCodes)] : pending;
        const notPending = approve.filter((code) => !pending.includes(code));
        if (notPending.length) throw new BadInputError(`itemCodes: not pending in this application: ${notPending.join(', ')}`, 'itemCodes');
      }
      const rejected = pending.filter((code) => !approve.includes(code));
      if (rejected.length && !reason) throw new BadInputError('reason: a refusal must give reasons (不予共享须说明理由)', 'reason');

      const decisions = [
        ...approve.map((itemCode) => ({ itemCode, decision: ItemDecision.APPROVED })),
        ...rejected.map((itemCode) => ({ itemCode, decision: ItemDecision.REJECTED })),
      ];
      const finalDecisions = application.items.map((i) => decisions.find((d) => d.itemCode === i.itemCode)?.decision ?? i.decision);
      await this.applications.recordDecision(application.id, decisions, statusOf(finalDecisions), principal.sub, reason, manager);
      await this.grants.create(
        manager,
        approve.map((itemCode) => ({
          consumerDept: application.consumerDept,
          itemCode,
          providerDept: application.providerDept,
          scope: application.scope,
          unmasked: application.unmasked,
          purpose: application.purpose,
          validUntil: application.validUntil,
          dailyQuota: null,
          grantedBy: principal.sub,
          applicationId: application.id,
        })),
      );
      await this.audit.record({
        kind: 'ADMIN',
        action: 'REVIEW',
        requestId,
        principal,
        target: application.id,
        reason: reason ?? undefined,
        details: { decision: input.decision, approved: approve, rejected },
      });
    });
    return (await this.applications.findById(input.id))!;
  }

  /** `visibleTo`: the row filter of the caller's permission (its obligation). */
  async list(filter: ApplicationFilter, first: number, after?: string) {
    return this.applications.list(filter, first, after);
  }
}

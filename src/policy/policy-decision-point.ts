import { Inject, Injectable } from '@nestjs/common';
import { Action, Authorizer, type AuthorizationRequest, type Permission } from '../auth/authorize.js';
import { Role, type Principal } from '../auth/principal.js';
import { DepartmentRepository } from '../catalog/department.repository.js';
import type { AccessItem } from '../catalog/model.js';
import { Clock } from '../common/clock.js';
import { BadInputError, ForbiddenError, NotFoundError, UnauthenticatedError } from '../common/errors.js';
import { parseCertificateId } from '../common/identifiers/certificate-id.js';
import { MaskRule } from '../common/masking.js';
import { chinaDate } from '../common/working-days.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { ApplicationRepository } from '../grants/application.repository.js';
import { GrantRepository } from '../grants/grant.repository.js';
import { GrantScope } from '../grants/grant.types.js';
import { itemsNeedingConsent } from './consent-rule.js';
import { DenialReason } from './denial-reason.js';
import { GrantMatcher, type GrantMatch } from './grant-matcher.js';
import type { DataDecision, DataRequest, ItemDenial, ItemPermit, SubjectDecision, VerifyAnswerVerdict } from './policy.types.js';
import { QuotaRepository } from './quota.repository.js';
import { TokenBucket } from './token-bucket.js';
import { VerifyProbeRepository } from './verify-probe.repository.js';

/** Who may ask for an action at all: roles (any of them), any verified token, or anyone. */
type Audience = { roles: Role[] } | 'AUTHENTICATED' | 'ANYONE';

const AUDIENCE: Record<Action, Audience> = {
  [Action.READ]: { roles: [Role.CONSUMER] },
  [Action.BATCH]: { roles: [Role.CONSUMER] },
  [Action.VERIFY]: { roles: [Role.CONSUMER] },
  [Action.CERTIFICATE]: { roles: [Role.CONSUMER] },
  [Action.ACCESS_CHECK]: { roles: [Role.CONSUMER] },
  [Action.APPLY]: { roles: [Role.CONSUMER] },
  [Action.CATALOG_READ]: 'AUTHENTICATED',
  [Action.EXPORT]: 'AUTHENTICATED',
  [Action.PUBLISH]: 'ANYONE',
  [Action.GRANT_LIST]: 'AUTHENTICATED',
  [Action.AUDIT_READ]: { roles: [Role.AUDITOR] },
  [Action.ADMIN]: { roles: [Role.ADMIN] },
  // The owner's department (checked against the resource below) or an admin.
  [Action.PROVIDER_REVIEW]: { roles: [Role.PROVIDER, Role.ADMIN] },
  [Action.GRANT_REVOKE]: { roles: [Role.PROVIDER, Role.ADMIN] },
  [Action.CERTIFICATE_REVOKE]: { roles: [Role.PROVIDER, Role.ADMIN] },
  [Action.CASE]: { roles: [Role.CONSUMER] },
  [Action.CASE_READ]: { roles: [Role.CONSUMER, Role.ADMIN, Role.AUDITOR] },
};

/**
 * The one policy decision point. Every entry point comes here: the global guard with the
 * operation's @Authorize action (`authorize`: who may call it, on which resource, with which row
 * filters), and the release pipeline with each data request (`decide`: per subject × item, the
 * grant and its obligations, or a typed DenialReason). Nothing else in the hub decides access.
 */
@Injectable()
export class PolicyDecisionPoint implements Authorizer {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(GrantMatcher) private readonly matcher: GrantMatcher,
    @Inject(TokenBucket) private readonly bucket: TokenBucket,
    @Inject(QuotaRepository) private readonly quotas: QuotaRepository,
    @Inject(VerifyProbeRepository) private readonly probes: VerifyProbeRepository,
    @Inject(GrantRepository) private readonly grants: GrantRepository,
    @Inject(ApplicationRepository) private readonly applications: ApplicationRepository,
    @Inject(DepartmentRepository) private readonly departments: DepartmentRepository,
  ) {}

  /** The guard's question for an operation: throws when refused, else the permission and its row filters. */
  async authorize({ principal, action, resource }: AuthorizationRequest): Promise<Permission> {
    const audience = AUDIENCE[action];
    if (audience === 'ANYONE') return {};
    if (!principal) throw new UnauthenticatedError('A bearer token is required');
    if (audience !== 'AUTHENTICATED') requireRole(principal, audience.roles);
    switch (action) {
      case Action.GRANT_LIST:
        return { visibleTo: listingVisibility(principal) };
      case Action.CASE_READ:
        // A window sees its own department's cases; admins and auditors every department's.
        return principal.roles.includes(Role.ADMIN) || principal.roles.includes(Role.AUDITOR) ? {} : { visibleTo: { consumerDept: principal.dept } };
      case Action.GRANT_REVOKE: {
        const grant = resource.grant ? await this.grants.findById(resource.grant) : undefined;
        if (!grant) throw new NotFoundError('Grant', resource.grant ?? '');
        requireOwnerOrAdmin(principal, grant.providerDept, 'Only the providing department or an admin may revoke this grant');
        return {};
      }
      case Action.PROVIDER_REVIEW: {
        const application = resource.application ? await this.applications.findById(resource.application) : undefined;
        if (!application) throw new NotFoundError('AccessApplication', resource.application ?? '');
        requireOwnerOrAdmin(principal, application.providerDept, 'Only the providing department or an admin may review this application');
        return {};
      }
      case Action.CERTIFICATE_REVOKE: {
        const parsed = parseCertificateId((resource.certificate ?? '').trim());
        if (!parsed.ok) throw new BadInputError(`identifier: ${parsed.reason}`, 'identifier');
        const issuer = (await this.departments.list()).find((d) => d.creditCode === parsed.issuerCode);
        if (!issuer) throw new NotFoundError('Issuing department with credit code', parsed.issuerCode);
        requireOwnerOrAdmin(principal, issuer.code, `Only the issuing department (${issuer.code}) or an admin may revoke this certificate`);
        return {};
      }
      default:
        return {};
    }
  }

  /**
   * The release pipeline's question: for each subject × item, allow (with the grant and the
   * obligations: mask, quota unit) or a typed reason. Order of the checks: role, request rate,
   * item and grant (scope, validity, matter), subject kind, verify limit, and last the quota, so
   * only what would otherwise be released uses quota units. One unit is one subject's items from
   * one grant in this request; units go to subjects in request order, the rest get QUOTA_EXCEEDED.
   */
  async decide(request: DataRequest): Promise<DataDecision> {
    const { principal, action, subjects } = request;
    requireRole(principal, (AUDIENCE[action] as { roles: Role[] }).roles);
    this.bucket.take(principal, Math.max(1, subjects.length));
    const now = this.clock.now();
    const scope = action === Action.VERIFY ? GrantScope.VERIFY : GrantScope.READ;
    const match = await this.matcher.match(principal.dept, request.itemCodes, scope, now, request.purpose.matterCode);
    const decisions = subjects.map((subject) => forSubject(match, subject.type));
    if (action === Action.VERIFY) {
      const limit = this.config.exchange.verifyMismatchLimit;
      await Promise.all(
        decisions.map(async (decision, i) => {
          const limited = await this.probes.limited(principal.dept, subjects[i].reference, decision.allowed.map((a) => a.item.itemCode), limit, now);
          deny(decision, (permit) => limited.has(permit.item.itemCode), DenialReason.VERIFY_LIMITED);
        }),
      );
    }
    await this.countQuota(decisions, now);
    return { subjects: decisions };
  }

  /**
   * Counts the non-matching answers of one verify call (a matching answer does not count). Those
   * over the limit (reached meanwhile by a concurrent call) must not be given.
   */
  async countMismatches(principal: Principal, subjectReference: string, itemCodes: string[]): Promise<VerifyAnswerVerdict> {
    if (!itemCodes.length) return { limited: [], tripped: [], subjectsLimitedLastHour: 0 };
    const now = this.clock.now();
    const counted = await this.probes.count(principal.dept, principal.sub, subjectReference, itemCodes, this.config.exchange.verifyMismatchLimit, now);
    const answered = new Set(counted.map((c) => c.itemCode));
    const tripped = counted.filter((c) => c.tripped).map(({ itemCode, windowStart }) => ({ itemCode, windowStart }));
    const subjectsLimitedLastHour = tripped.length ? await this.probes.subjectsLimitedBy(principal.dept, principal.sub, now) : 0;
    return { limited: itemCodes.filter((code) => !answered.has(code)), tripped, subjectsLimitedLastHour };
  }

  /**
   * The consent rule of a case (prepareCase): items of the highest sensitivity in a material are
   * CONSENT_REQUIRED unless the applicant's signed authorization (consentRef) is given.
   */
  caseConsent(items: readonly AccessItem[], consentRef: string | null | undefined): ItemDenial[] {
    if (consentRef?.trim()) return [];
    const needed = new Set(itemsNeedingConsent(items));
    return items.filter((item) => needed.has(item.itemCode)).map((item) => ({ itemCode: item.itemCode, reason: DenialReason.CONSENT_REQUIRED, item }));
  }

  /** checkAccess: the grant decision for items, without subjects, quota or data. */
  async preview(principal: Principal, itemCodes: string[], scope: GrantScope, matterCode?: string | null): Promise<GrantMatch> {
    requireRole(principal, [Role.CONSUMER]);
    return this.matcher.match(principal.dept, itemCodes, scope, this.clock.now(), matterCode);
  }

  /** myAccess: what the consumer's active grants allow now (nothing for a principal that is no consumer). */
  async currentAccess(principal: Principal): Promise<GrantMatch> {
    if (!principal.roles.includes(Role.CONSUMER)) return { allowed: [], denied: [] };
    const now = this.clock.now();
    const active = (await this.grants.list({ consumerDept: principal.dept, activeOnly: true }, 10_000)).grants;
    return this.matcher.match(principal.dept, active.map((g) => g.itemCode), GrantScope.VERIFY, now, undefined).then((match) => ({
      // A grant limited to a matter is listed with its matter: the request must name it.
      allowed: match.allowed,
      denied: match.denied,
    }));
  }

  private async countQuota(decisions: SubjectDecision[], now: Date): Promise<void> {
    const units = new Map<string, number>();
    for (const decision of decisions) {
      for (const grantId of new Set(decision.allowed.filter((a) => a.grant.dailyQuota !== null).map((a) => a.grant.id))) {
        units.set(grantId, (units.get(grantId) ?? 0) + 1);
      }
    }
    if (!units.size) return;
    const taken = await this.quotas.take([...units].map(([grantId, n]) => ({ grantId, units: n })), chinaDate(now));
    for (const decision of decisions) {
      const over = new Set<string>();
      for (const grantId of new Set(decision.allowed.filter((a) => a.grant.dailyQuota !== null).map((a) => a.grant.id))) {
        const left = taken.get(grantId) ?? 0;
        if (left > 0) taken.set(grantId, left - 1);
        else over.add(grantId);
      }
      for (const permit of decision.allowed) if (permit.grant.dailyQuota !== null && !over.has(permit.grant.id)) permit.obligations.quotaUnit = true;
      deny(decision, (permit) => over.has(permit.grant.id), DenialReason.QUOTA_EXCEEDED);
    }
  }
}

/** One subject's share of the grant match: items about another kind of subject are WRONG_SUBJECT. */
function forSubject(match: GrantMatch, subjectType: string): SubjectDecision {
  const allowed: ItemPermit[] = [];
  const denied: ItemDenial[] = [];
  for (const { item, grant } of match.allowed) {
    if (item.subjectType !== subjectType) denied.push({ itemCode: item.itemCode, reason: DenialReason.WRONG_SUBJECT, item });
    else allowed.push({ item, grant, obligations: { mask: grant.unmasked ? MaskRule.NONE : (item.maskRule as MaskRule), quotaUnit: false } });
  }
  for (const denial of match.denied) {
    denied.push(denial.item && denial.item.subjectType !== subjectType ? { ...denial, reason: DenialReason.WRONG_SUBJECT } : { ...denial });
  }
  return { allowed, denied };
}

function deny(decision: SubjectDecision, when: (permit: ItemPermit) => boolean, reason: DenialReason): void {
  const refused = decision.allowed.filter(when);
  if (!refused.length) return;
  decision.allowed = decision.allowed.filter((permit) => !when(permit));
  decision.denied.push(...refused.map(({ item }) => ({ itemCode: item.itemCode, reason, item })));
}

function requireRole(principal: Principal, roles: Role[]): void {
  if (!roles.some((role) => principal.roles.includes(role))) {
    throw new ForbiddenError(`This operation needs the role ${roles.join(' or ')}`, { requiredRoles: roles });
  }
}

function requireOwnerOrAdmin(principal: Principal, ownerDept: string, message: string): void {
  const isOwner = principal.roles.includes(Role.PROVIDER) && principal.dept === ownerDept;
  if (!isOwner && !principal.roles.includes(Role.ADMIN)) throw new ForbiddenError(message);
}

/**
 * Which grants and applications a principal may list: admins and auditors all; a consumer those
 * of its own department; a provider those on its department's items (both, if it is both).
 */
function listingVisibility(principal: Principal): Permission['visibleTo'] {
  if (principal.roles.includes(Role.ADMIN) || principal.roles.includes(Role.AUDITOR)) return undefined;
  return {
    consumerDept: principal.roles.includes(Role.CONSUMER) ? principal.dept : undefined,
    providerDept: principal.roles.includes(Role.PROVIDER) ? principal.dept : undefined,
  };
}

import { Inject, Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { AuditWriter } from '../audit/audit-writer.js';
import { AUDIT_KEYS } from '../audit/audit.constants.js';
import { subjectHash, subjectMask, type AuditKeys } from '../audit/audit-keys.js';
import type { Principal } from '../auth/principal.js';
import type { AccessItem } from '../catalog/model.js';
import { BadInputError, HubError, SourceUnavailableError } from '../common/errors.js';
import { applyMask, MaskRule } from '../common/masking.js';
import { normalizeForCompare } from '../common/normalize.js';
import { validateSubject, type Subject, type SubjectInput } from '../common/subject.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { AccessPolicy, type AllowedItem } from '../grants/access-policy.js';
import { DenialReason, GrantScope } from '../grants/grant.types.js';
import { SourceBindingRepository } from '../sources/binding.repository.js';
import type { SourceBinding } from '../sources/binding.js';
import { SourceGateway } from '../sources/source-gateway.js';
import type { SourceRecord } from '../sources/source-record.js';
import type { DeniedValue, LookupOutcome, Purpose, ReleasedValue, SourceFailure, VerifyOutcome } from './exchange.types.js';
import { RateLimiter } from './rate-limiter.js';
import { ReceiptSigner } from './receipt-signer.js';

const ITEM_CODE = /^\d{6,8}\/\d{6}\/\d{3}$/;
const MAX_ITEMS = 100;
export const MAX_BATCH_SUBJECTS = 100;

/** The items of one resource that a request may fetch, with the binding that reaches them. */
interface ResourcePlan {
  resourceCode: string;
  providerCode: string;
  binding: SourceBinding | undefined;
  items: AllowedItem[];
}

interface Plan {
  denied: DeniedValue[];
  resources: ResourcePlan[];
}

/** A resource asked for whole (a certificate type), optionally through another binding than its own. */
export interface WholeResourceRequest {
  resourceCode: string;
  itemCodes: string[];
  binding?: SourceBinding;
}

/** What became of a resource asked for whole: its record, or why there is none. */
export interface WholeResourceOutcome {
  resourceCode: string;
  providerCode: string | null;
  /** The policy allowed every item and the source has a record: values as released (masked per grant), and raw by item code. */
  record?: { values: ReleasedValue[]; raw: Record<string, unknown>; asOf: string };
  /** A policy reason (NO_GRANT, REVOKED, EXPIRED, SCOPE, NOT_SHAREABLE), QUOTA_EXCEEDED, NOT_FOUND, SOURCE_UNAVAILABLE or SOURCE_ERROR. */
  refusal?: { reason: string; message: string; denied: DeniedValue[] };
}

/** What the caller of releaseWhole made of the records. */
export interface WholeRelease<T> {
  result: T;
  /** The subject the audit event names (when the request was by another key: the record's holder). */
  subject: Subject | null;
  /** Resources actually released; records the caller rejected count as not released. */
  released: string[];
  /** Hash of what was released (the signed documents), kept in the audit event. */
  hash?: string;
}

/** One subject's fetched records (or failures) by resource. */
type Fetched = Map<string, SourceRecord | HubError>;

/**
 * The exchange broker: the only path by which source data leaves the hub. For each request:
 * validate the subject and purpose → ask AccessPolicy → group the allowed items by resource →
 * fetch through SourceGateway in parallel → mask → sign a receipt → commit the audit event →
 * release. If the audit event cannot be committed, nothing is released (AUDIT_UNAVAILABLE).
 */
@Injectable()
export class ExchangeService {
  private readonly subjectSecret: Buffer;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AccessPolicy) private readonly policy: AccessPolicy,
    @Inject(SourceBindingRepository) private readonly bindings: SourceBindingRepository,
    @Inject(SourceGateway) private readonly gateway: SourceGateway,
    @Inject(ReceiptSigner) private readonly receipts: ReceiptSigner,
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
    @Inject(AUDIT_KEYS) keys: AuditKeys,
  ) {
    this.subjectSecret = keys.subjectHashSecret;
  }

  async lookup(principal: Principal, requestId: string, subjectInput: SubjectInput, itemCodes: string[], purpose: Purpose): Promise<LookupOutcome> {
    const started = Date.now();
    const subject = validateSubject(subjectInput);
    const codes = validateRequest(itemCodes, purpose);
    this.limiter.take(principal);
    const plan = await this.plan(principal, subject.type, codes, GrantScope.READ, purpose);
    const deadline = started + this.config.exchange.requestDeadlineMs;
    const fetched = await this.fetchForSubject(plan, subject.id, deadline);
    return this.release(principal, requestId, 'LOOKUP', subject, codes, purpose, plan, fetched, started);
  }

  async lookupBatch(principal: Principal, requestId: string, subjectInputs: SubjectInput[], itemCodes: string[], purpose: Purpose): Promise<LookupOutcome[]> {
    const started = Date.now();
    if (!subjectInputs.length || subjectInputs.length > MAX_BATCH_SUBJECTS) {
      throw new BadInputError(`subjects: give 1 to ${MAX_BATCH_SUBJECTS} subjects`, 'subjects');
    }
    const subjects = subjectInputs.map((input, i) => validateSubject(input, `subjects[${i}].id`));
    const types = new Set(subjects.map((s) => s.type));
    if (types.size > 1) throw new BadInputError('subjects: a batch is about persons or about legal entities, not both', 'subjects');
    const codes = validateRequest(itemCodes, purpose);
    this.limiter.take(principal, subjects.length);
    const plan = await this.plan(principal, subjects[0].type, codes, GrantScope.READ, purpose);
    const deadline = started + this.config.exchange.requestDeadlineMs;
    // One loader per resource: the subjects of the batch become one source call where the source offers a batch endpoint.
    const loaders = new Map(
      plan.resources
        .filter((resource) => resource.binding)
        .map((resource) => [
          resource.resourceCode,
          new DataLoader<string, SourceRecord | HubError>(
            async (ids) => {
              const results = await this.gateway.fetchMany(resource.binding!, [...ids], resource.items.map((i) => i.item.itemCode), deadline);
              return ids.map((id) => results.get(id)!);
            },
            { maxBatchSize: MAX_BATCH_SUBJECTS, cache: false },
          ),
        ]),
    );
    const fetchedPerSubject = await Promise.all(
      subjects.map(async (subject) => {
        const fetched: Fetched = new Map();
        await Promise.all(
          plan.resources.map(async (resource) => {
            const loader = loaders.get(resource.resourceCode);
            // DataLoader turns an Error result into a rejection: one failing source becomes this subject's failure, not the batch's.
            fetched.set(resource.resourceCode, loader ? await loader.load(subject.id).catch(asSourceFailure) : noBinding(resource.resourceCode));
          }),
        );
        return fetched;
      }),
    );
    return Promise.all(
      subjects.map((subject, i) => this.release(principal, `${requestId}#${i}`, 'LOOKUP_BATCH', subject, codes, purpose, plan, fetchedPerSubject[i], started)),
    );
  }

  async verify(
    principal: Principal,
    requestId: string,
    subjectInput: SubjectInput,
    claims: { itemCode: string; value: string }[],
    purpose: Purpose,
  ): Promise<VerifyOutcome> {
    const started = Date.now();
    const subject = validateSubject(subjectInput);
    const codes = validateRequest(claims.map((c) => c.itemCode), purpose, 'claims');
    this.limiter.take(principal);
    const plan = await this.plan(principal, subject.type, codes, GrantScope.VERIFY, purpose);
    const fetched = await this.fetchForSubject(plan, subject.id, started + this.config.exchange.requestDeadlineMs);

    const results: { itemCode: string; match: boolean }[] = [];
    const failures: SourceFailure[] = [];
    const notFound: string[] = [];
    for (const resource of plan.resources) {
      const record = fetched.get(resource.resourceCode)!;
      if (record instanceof HubError) {
        failures.push({ resourceCode: resource.resourceCode, code: record.code, message: record.message });
        continue;
      }
      if (!record.found) notFound.push(resource.resourceCode);
      for (const { item } of resource.items) {
        const claimed = claims.find((c) => c.itemCode === item.itemCode)!.value;
        const actual = record.found ? record.values[item.itemCode] : null;
        // Compared inside the hub, normalised for the item's type; the source value never leaves.
        const match = actual !== null && actual !== undefined && normalizeForCompare(claimed, item.dataType) === normalizeForCompare(actual, item.dataType);
        results.push({ itemCode: item.itemCode, match });
      }
    }
    const answered = results.map((r) => r.itemCode);
    await this.audit.record({
      kind: 'VERIFY',
      requestId,
      principal,
      purpose: cleanPurpose(purpose),
      subject: { type: subject.type, id: subject.id },
      itemsRequested: codes,
      itemsReleased: answered,
      itemsDenied: plan.denied,
      resources: plan.resources.map((r) => r.resourceCode),
      sources: this.sourcesOf(plan),
      outcome: outcomeOf(codes.length, answered.length, plan.denied.length),
      errorCode: failures[0]?.code,
      latencyMs: Date.now() - started,
    });
    return { requestId, subject, maskedId: subjectMask(subject.type, subject.id), results, denied: plan.denied, failures, notFound };
  }

  /**
   * Whole resources about one subject — electronic certificates: policy → sources → mask →
   * `seal` (the caller turns the released records into signed documents) → audit event of `kind`
   * carrying the documents' hash, committed → release. A resource is fetched only if the policy
   * allows every one of its items (a certificate is not handed out in part); otherwise it is
   * refused with the policy's reason, and the refusal is in the audit event. `key` is what the
   * sources are asked for: the subject's identifier, or — with a binding override, e.g. an
   * issuer's lookup by 证照标识 — another key, and then `seal` names the subject for the audit.
   * If `seal` throws, nothing is released and the failure is audited.
   */
  async releaseWhole<T>(
    principal: Principal,
    requestId: string,
    kind: 'CERTIFICATE',
    request: { subject: Subject | null; key: string; resources: WholeResourceRequest[] },
    purpose: Purpose,
    seal: (outcomes: WholeResourceOutcome[]) => Promise<WholeRelease<T>>,
  ): Promise<T> {
    const started = Date.now();
    validatePurpose(purpose);
    if (!request.resources.length) throw new BadInputError('types: name at least one certificate type', 'types');
    this.limiter.take(principal);
    const codes = [...new Set(request.resources.flatMap((r) => r.itemCodes))];
    const decision = await this.policy.decide(principal, codes, GrantScope.READ, new Date(), purpose.matterCode);
    const deniedByItem = new Map(decision.denied.map((d) => [d.itemCode, d]));
    const allowedByItem = new Map(decision.allowed.map((a) => [a.item.itemCode, a]));
    const denied: DeniedValue[] = decision.denied.map(({ itemCode, reason }) => ({ itemCode, reason }));
    const bindings = await this.bindings.all();
    const outcomes: WholeResourceOutcome[] = [];
    const candidates: { plan: ResourcePlan; outcome: WholeResourceOutcome }[] = [];
    for (const resource of request.resources) {
      const refused = resource.itemCodes.flatMap((code) => deniedByItem.get(code) ?? []);
      const allowed = resource.itemCodes.flatMap((code) => allowedByItem.get(code) ?? []);
      const outcome: WholeResourceOutcome = { resourceCode: resource.resourceCode, providerCode: allowed[0]?.item.providerCode ?? refused[0]?.item?.providerCode ?? null };
      outcomes.push(outcome);
      if (refused.length) {
        const reasons = [...new Set(refused.map((d) => d.reason))].join(', ');
        outcome.refusal = {
          reason: mainReason(refused),
          message: `${refused.length} of ${resource.itemCodes.length} items of ${resource.resourceCode} are not granted (${reasons}); it is released whole or not at all`,
          denied: refused.map(({ itemCode, reason }) => ({ itemCode, reason })),
        };
        continue;
      }
      candidates.push({
        outcome,
        plan: { resourceCode: resource.resourceCode, providerCode: outcome.providerCode!, binding: resource.binding ?? bindings.get(resource.resourceCode), items: allowed },
      });
    }
    const overQuota = await this.limiter.useQuota([...new Map(candidates.flatMap((c) => c.plan.items.map((a) => [a.grant.id, a.grant] as const))).values()]);
    const plans: ResourcePlan[] = [];
    for (const { plan, outcome } of candidates) {
      if (plan.items.some((a) => overQuota.has(a.grant.id))) {
        const over = plan.items.map((a) => ({ itemCode: a.item.itemCode, reason: 'QUOTA_EXCEEDED' }));
        denied.push(...over);
        outcome.refusal = { reason: 'QUOTA_EXCEEDED', message: `The daily quota of a grant for ${plan.resourceCode} is used up`, denied: over };
      } else plans.push(plan);
    }
    const fetched = await this.fetchForSubject({ denied, resources: plans }, request.key, started + this.config.exchange.requestDeadlineMs);
    for (const plan of plans) {
      const outcome = outcomes.find((o) => o.resourceCode === plan.resourceCode)!;
      const record = fetched.get(plan.resourceCode)!;
      if (record instanceof HubError) outcome.refusal = { reason: record.code, message: record.message, denied: [] };
      else if (!record.found) outcome.refusal = { reason: 'NOT_FOUND', message: `The source of ${plan.resourceCode} holds no such record`, denied: [] };
      else outcome.record = { values: releasedValues(plan, record), raw: record.values, asOf: record.asOf };
    }
    const failures = outcomes.filter((o) => o.refusal?.reason === 'SOURCE_UNAVAILABLE' || o.refusal?.reason === 'SOURCE_ERROR');
    const event = (released: string[], subject: Subject | null, outcome: ReturnType<typeof outcomeOf>, errorCode: string | undefined, hash?: string) =>
      this.audit.record({
        kind,
        requestId,
        principal,
        purpose: cleanPurpose(purpose),
        subject: subject ? { type: subject.type, id: subject.id } : null,
        itemsRequested: codes,
        itemsReleased: released,
        itemsDenied: denied,
        resources: request.resources.map((r) => r.resourceCode),
        sources: this.sourcesOf({ denied, resources: plans }),
        outcome,
        errorCode,
        latencyMs: Date.now() - started,
        receiptHash: hash,
      });
    let sealed: WholeRelease<T>;
    try {
      sealed = await seal(outcomes);
    } catch (error) {
      await event([], request.subject, 'ERROR', error instanceof HubError ? error.code : 'INTERNAL').catch(() => undefined);
      throw error;
    }
    // Only what the caller sealed counts as released (it may reject a record, e.g. an inconsistent one).
    const released = plans.filter((p) => sealed.released.includes(p.resourceCode)).flatMap((p) => p.items.map((a) => a.item.itemCode));
    await event(released, sealed.subject ?? request.subject, outcomeOf(codes.length, released.length, denied.length, failures.length), failures[0]?.refusal?.reason, sealed.hash);
    return sealed.result;
  }

  /** The policy decision, turned into per-resource work; unknown items are the caller's error. */
  private async plan(principal: Principal, subjectType: Subject['type'], codes: string[], scope: GrantScope, purpose: Purpose): Promise<Plan> {
    const decision = await this.policy.decide(principal, codes, scope, new Date(), purpose.matterCode);
    const unknown = decision.denied.filter((d) => d.reason === DenialReason.UNKNOWN_ITEM).map((d) => d.itemCode);
    if (unknown.length) throw new BadInputError(`itemCodes: unknown data items ${unknown.join(', ')}`, 'itemCodes', { unknownItems: unknown });
    const wrongSubject = [...decision.allowed.map((a) => a.item), ...decision.denied.flatMap((d) => (d.item ? [d.item] : []))].filter(
      (item: AccessItem) => item.subjectType !== subjectType,
    );
    if (wrongSubject.length) {
      throw new BadInputError(`itemCodes: not about a ${subjectType === 'PERSON' ? 'person' : 'legal entity'}: ${wrongSubject.map((i) => i.itemCode).join(', ')}`, 'itemCodes');
    }
    const denied: DeniedValue[] = decision.denied.map(({ itemCode, reason }) => ({ itemCode, reason }));
    const overQuota = await this.limiter.useQuota([...new Map(decision.allowed.map((a) => [a.grant.id, a.grant])).values()]);
    const byResource = new Map<string, ResourcePlan>();
    const bindings = await this.bindings.all();
    for (const allowed of decision.allowed) {
      if (overQuota.has(allowed.grant.id)) {
        denied.push({ itemCode: allowed.item.itemCode, reason: 'QUOTA_EXCEEDED' });
        continue;
      }
      const code = allowed.item.resourceCode;
      const plan = byResource.get(code) ?? { resourceCode: code, providerCode: allowed.item.providerCode, binding: bindings.get(code), items: [] };
      plan.items.push(allowed);
      byResource.set(code, plan);
    }
    return { denied, resources: [...byResource.values()] };
  }

  private async fetchForSubject(plan: Plan, subjectId: string, deadline: number): Promise<Fetched> {
    const fetched: Fetched = new Map();
    await Promise.all(
      plan.resources.map(async (resource) => {
        if (!resource.binding) return void fetched.set(resource.resourceCode, noBinding(resource.resourceCode));
        fetched.set(
          resource.resourceCode,
          await this.gateway.fetchOne(resource.binding, subjectId, resource.items.map((i) => i.item.itemCode), deadline).catch(asSourceFailure),
        );
      }),
    );
    return fetched;
  }

  /** Masks, signs the receipt, commits the audit event; only then returns the values. */
  private async release(
    principal: Principal,
    requestId: string,
    kind: 'LOOKUP' | 'LOOKUP_BATCH',
    subject: Subject,
    codes: string[],
    purpose: Purpose,
    plan: Plan,
    fetched: Fetched,
    started: number,
  ): Promise<LookupOutcome> {
    const values: ReleasedValue[] = [];
    const failures: SourceFailure[] = [];
    const notFound: string[] = [];
    for (const resource of plan.resources) {
      const record = fetched.get(resource.resourceCode)!;
      if (record instanceof HubError) {
        failures.push({ resourceCode: resource.resourceCode, code: record.code, message: record.message });
        continue;
      }
      if (!record.found) {
        notFound.push(resource.resourceCode);
        continue;
      }
      values.push(...releasedValues(resource, record));
    }
    const reference = subjectHash(this.subjectSecret, subject.type, subject.id);
    const { receipt, hash } = this.receipts.sign({
      requestId,
      consumerDept: principal.dept,
      principal: principal.sub,
      subjectHash: reference,
      items: values.map((v) => ({ itemCode: v.itemCode, asOf: v.asOf })),
      issuedAt: new Date().toISOString(),
    });
    await this.audit.record({
      kind,
      requestId,
      principal,
      purpose: cleanPurpose(purpose),
      subject: { type: subject.type, id: subject.id },
      itemsRequested: codes,
      itemsReleased: values.map((v) => v.itemCode),
      itemsDenied: plan.denied,
      resources: plan.resources.map((r) => r.resourceCode),
      sources: this.sourcesOf(plan),
      outcome: outcomeOf(codes.length, values.length, plan.denied.length, failures.length),
      errorCode: failures[0]?.code,
      latencyMs: Date.now() - started,
      receiptHash: hash,
    });
    return { requestId, subject, maskedId: subjectMask(subject.type, subject.id), values, denied: plan.denied, failures, notFound, receipt };
  }

  private sourcesOf(plan: Plan): string[] {
    return [...new Set(plan.resources.flatMap((r) => (r.binding ? [this.gateway.sourceOf(r.binding)] : [])))];
  }
}

/** A source call's failure as the HubError listed in `failures`. */
function asSourceFailure(error: unknown): HubError {
  return error instanceof HubError ? error : new SourceUnavailableError((error as Error).message);
}

function noBinding(resourceCode: string): HubError {
  return new SourceUnavailableError(`No source is bound to resource ${resourceCode}`);
}

function validateRequest(itemCodes: string[], purpose: Purpose, field = 'itemCodes'): string[] {
  const codes = [...new Set(itemCodes)];
  if (!codes.length || codes.length > MAX_ITEMS) throw new BadInputError(`${field}: name 1 to ${MAX_ITEMS} data items`, field);
  const malformed = codes.filter((code) => !ITEM_CODE.test(code));
  if (malformed.length) throw new BadInputError(`${field}: malformed item codes ${malformed.slice(0, 5).join(', ')}`, field);
  validatePurpose(purpose);
  return codes;
}

export function validatePurpose(purpose: Purpose): void {
  if (!purpose.caseNo?.trim() || purpose.caseNo.length > 64) throw new BadInputError('purpose.caseNo: the case number (办件编号) is required', 'purpose.caseNo');
  if (!purpose.matter?.trim() || purpose.matter.length > 200) throw new BadInputError('purpose.matter: the matter (办理事项) is required', 'purpose.matter');
}

/** The items of a resource as released: values as text, masked where the item has a mask rule and the grant is not unmasked. */
function releasedValues(resource: ResourcePlan, record: SourceRecord): ReleasedValue[] {
  return resource.items.map(({ item, grant }) => {
    const raw = record.values[item.itemCode];
    const text = raw === null || raw === undefined ? null : String(raw);
    const masked = item.maskRule !== MaskRule.NONE && !grant.unmasked;
    return {
      itemCode: item.itemCode,
      name: item.itemName,
      value: masked ? applyMask(item.maskRule as MaskRule, text) : text,
      resourceCode: resource.resourceCode,
      department: resource.providerCode,
      asOf: record.asOf,
      masked,
    };
  });
}

/** When several items of a whole resource are refused, the reason that explains it best. */
const REFUSAL_ORDER: string[] = [DenialReason.NOT_SHAREABLE, DenialReason.UNKNOWN_ITEM, DenialReason.REVOKED, DenialReason.EXPIRED, DenialReason.SCOPE, DenialReason.NO_GRANT];

function mainReason(denied: { reason: string }[]): string {
  return [...denied].sort((a, b) => rank(a.reason) - rank(b.reason))[0].reason;
  function rank(reason: string): number {
    const index = REFUSAL_ORDER.indexOf(reason);
    return index < 0 ? REFUSAL_ORDER.length : index;
  }
}

function cleanPurpose(purpose: Purpose) {
  return {
    caseNo: purpose.caseNo.trim(),
    matter: purpose.matter.trim(),
    ...(purpose.reason ? { reason: purpose.reason } : {}),
    ...(purpose.legalBasis ? { legalBasis: purpose.legalBasis } : {}),
  };
}

function outcomeOf(requested: number, released: number, denied: number, failed = 0): 'OK' | 'PARTIAL' | 'DENIED' | 'ERROR' {
  if (released === requested) return 'OK';
  if (released > 0) return 'PARTIAL';
  if (denied === requested) return 'DENIED';
  return failed > 0 ? 'ERROR' : 'PARTIAL';
}

import { Inject, Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { AlertRepository } from '../audit/alert.repository.js';
import { AuditWriter } from '../audit/audit-writer.js';
import { AUDIT_KEYS } from '../audit/audit.constants.js';
import { subjectHash, subjectMask, type AuditKeys } from '../audit/audit-keys.js';
import { Action } from '../auth/authorize.js';
import type { Principal } from '../auth/principal.js';
import { Clock } from '../common/clock.js';
import { BadInputError, HubError, SourceUnavailableError } from '../common/errors.js';
import { applyMask, MaskRule } from '../common/masking.js';
import { normalizeForCompare } from '../common/normalize.js';
import { validateSubject, type Subject, type SubjectInput, type SubjectType } from '../common/subject.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DenialReason } from '../policy/denial-reason.js';
import { PolicyDecisionPoint } from '../policy/policy-decision-point.js';
import type { DataAction, ItemPermit } from '../policy/policy.types.js';
import { SourceBindingRepository } from '../sources/binding.repository.js';
import type { SourceBinding } from '../sources/binding.js';
import { SourceGateway } from '../sources/source-gateway.js';
import type { SourceRecord } from '../sources/source-record.js';
import type { DeniedValue, LookupOutcome, Purpose, ReleasedValue, SourceFailure, VerifyOutcome } from './exchange.types.js';
import { ReceiptSigner } from './receipt-signer.js';

const ITEM_CODE = /^\d{6,8}\/\d{6}\/\d{3}$/;
const MAX_ITEMS = 100;
export const MAX_BATCH_SUBJECTS = 100;

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
  /** The policy allowed every item and the source has a record: values as released (masked per the obligations), and raw by item code. */
  record?: { values: ReleasedValue[]; raw: Record<string, unknown>; asOf: string };
  /** A DenialReason (NO_GRANT, REVOKED, EXPIRED, SCOPE, NOT_SHAREABLE, WRONG_SUBJECT, QUOTA_EXCEEDED…), NOT_FOUND, SOURCE_UNAVAILABLE or SOURCE_ERROR. */
  refusal?: { reason: string; message: string; denied: DeniedValue[] };
}

/** What the caller made of the released records of a whole-resource request. */
export interface WholeRelease<T> {
  result: T;
  /** The subject the audit event names (when the request was by another key: the record's holder). */
  subject: Subject | null;
  /** Resources actually released; records the caller rejected count as not released. */
  released: string[];
  /** Hash of what was released (the signed documents), kept in the audit event. */
  hash?: string;
}

/** One subject (or, for a certificate by 证照标识, one key) a request is about. */
interface RequestSubject {
  /** Null when only the key is known (the record names the holder). */
  subject: Subject | null;
  type: SubjectType;
  /** What the sources are asked for. */
  key: string;
}

/** The allowed items of one resource for one subject, with what the source answered. */
interface FetchedResource {
  resourceCode: string;
  providerCode: string;
  binding: SourceBinding | undefined;
  items: ItemPermit[];
  record: SourceRecord | HubError;
}

/** One subject's share of a request after decide → fetch → mask, handed to the request's `shape`. */
interface SubjectRelease {
  subject: Subject | null;
  key: string;
  reference: string;
  resources: FetchedResource[];
  denied: DeniedValue[];
  /** For whole-resource requests: each resource's record or refusal. */
  whole: WholeResourceOutcome[];
}

/** What a request's `shape` made of one subject's release. */
interface Shaped<T> {
  result: T;
  /** Item codes actually released (or answered). */
  released: string[];
  /** Denials found while shaping (VERIFY_LIMITED). */
  denied?: DeniedValue[];
  subject?: Subject | null;
  hash?: string;
  /** Work after the audit event is committed (alerts), given the event id. */
  afterCommit?: (eventId: string) => Promise<void>;
}

interface ReleaseRequest<T> {
  principal: Principal;
  requestId: string;
  kind: 'LOOKUP' | 'LOOKUP_BATCH' | 'VERIFY' | 'CERTIFICATE';
  action: DataAction;
  subjects: RequestSubject[];
  itemCodes: string[];
  purpose: Purpose;
  /** Resources released whole or not at all (certificates); absent: item by item. */
  whole?: WholeResourceRequest[];
  /** Unknown items and items about another kind of subject are the caller's error (BAD_USER_INPUT). */
  strictItems: boolean;
  /** Makes the answer for the subject at `index` (its audit event is committed after). */
  shape: (release: SubjectRelease, index: number) => Promise<Shaped<T>>;
}

/**
 * The exchange broker: the only path by which source data leaves the hub, and the one release
 * pipeline of lookup, lookupBatch, verify and certificates: validate → decide (the policy
 * decision point, per subject × item: grant, mask, quota unit, verify limit) → group the allowed
 * items by resource → fetch through SourceGateway in parallel → mask → shape (values and a
 * receipt, match / no match, or sealed certificates) → commit the audit event → release. If the
 * audit event cannot be committed, nothing is released (AUDIT_UNAVAILABLE).
 */
@Injectable()
export class ExchangeService {
  private readonly subjectSecret: Buffer;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(PolicyDecisionPoint) private readonly pdp: PolicyDecisionPoint,
    @Inject(SourceBindingRepository) private readonly bindings: SourceBindingRepository,
    @Inject(SourceGateway) private readonly gateway: SourceGateway,
    @Inject(ReceiptSigner) private readonly receipts: ReceiptSigner,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(AUDIT_KEYS) keys: AuditKeys,
  ) {
    this.subjectSecret = keys.subjectHashSecret;
  }

  async lookup(principal: Principal, requestId: string, subjectInput: SubjectInput, itemCodes: string[], purpose: Purpose): Promise<LookupOutcome> {
    const subject = validateSubject(subjectInput);
    const [outcome] = await this.run<LookupOutcome>({
      principal,
      requestId,
      kind: 'LOOKUP',
      action: Action.READ,
      subjects: [{ subject, type: subject.type, key: subject.id }],
      itemCodes,
      purpose,
      strictItems: true,
      shape: async (release) => this.values(principal, requestId, release),
    });
    return outcome;
  }

  async lookupBatch(principal: Principal, requestId: string, subjectInputs: SubjectInput[], itemCodes: string[], purpose: Purpose): Promise<LookupOutcome[]> {
    if (!subjectInputs.length || subjectInputs.length > MAX_BATCH_SUBJECTS) {
      throw new BadInputError(`subjects: give 1 to ${MAX_BATCH_SUBJECTS} subjects`, 'subjects');
    }
    const subjects = subjectInputs.map((input, i) => validateSubject(input, `subjects[${i}].id`));
    if (new Set(subjects.map((s) => s.type)).size > 1) throw new BadInputError('subjects: a batch is about persons or about legal entities, not both', 'subjects');
    return this.run<LookupOutcome>({
      principal,
      requestId,
      kind: 'LOOKUP_BATCH',
      action: Action.BATCH,
      subjects: subjects.map((subject) => ({ subject, type: subject.type, key: subject.id })),
      itemCodes,
      purpose,
      strictItems: true,
      shape: async (release, index) => this.values(principal, `${requestId}#${index}`, release),
    });
  }

  async verify(
    principal: Principal,
    requestId: string,
    subjectInput: SubjectInput,
    claims: { itemCode: string; value: string }[],
    purpose: Purpose,
  ): Promise<VerifyOutcome> {
    const subject = validateSubject(subjectInput);
    validateItems(claims.map((c) => c.itemCode), 'claims');
    const [outcome] = await this.run<VerifyOutcome>({
      principal,
      requestId,
      kind: 'VERIFY',
      action: Action.VERIFY,
      subjects: [{ subject, type: subject.type, key: subject.id }],
      itemCodes: claims.map((c) => c.itemCode),
      purpose,
      strictItems: true,
      shape: async (release) => {
        const results: { itemCode: string; match: boolean }[] = [];
        for (const resource of release.resources) {
          if (resource.record instanceof HubError) continue;
          const record = resource.record;
          for (const { item } of resource.items) {
            const claimed = claims.find((c) => c.itemCode === item.itemCode)!.value;
            const actual = record.found ? record.values[item.itemCode] : null;
            // Compared inside the hub, normalised for the item's type; the source value never leaves.
            const match = actual !== null && actual !== undefined && normalizeForCompare(claimed, item.dataType) === normalizeForCompare(actual, item.dataType);
            results.push({ itemCode: item.itemCode, match });
          }
        }
        // Non-matching answers count toward the verify limit; one over it is not given.
        const verdict = await this.pdp.countMismatches(principal, release.reference, results.filter((r) => !r.match).map((r) => r.itemCode));
        const limited = new Set(verdict.limited);
        const answered = results.filter((r) => !limited.has(r.itemCode));
        const denied = verdict.limited.map((itemCode) => ({ itemCode, reason: DenialReason.VERIFY_LIMITED }));
        return {
          result: {
            requestId,
            subject,
            maskedId: subjectMask(subject.type, subject.id),
            results: answered,
            denied: [...release.denied, ...denied],
            failures: failuresOf(release),
            notFound: notFoundOf(release),
          },
          released: answered.map((r) => r.itemCode),
          denied,
          afterCommit: async (eventId) => {
            const masked = subjectMask(subject.type, subject.id);
            for (const trip of verdict.tripped) {
              await this.alerts.raiseVerifyProbing({
                principal,
                subjectHash: release.reference,
                subjectMasked: masked,
                itemCode: trip.itemCode,
                windowStart: trip.windowStart,
                observed: this.config.exchange.verifyMismatchLimit,
                eventId,
              });
            }
            if (verdict.tripped.length && verdict.subjectsLimitedLastHour >= this.config.exchange.verifyProbedSubjectsPerHour) {
              await this.alerts.raiseVerifyProbingSubjects({
                principal,
                at: this.clock.now(),
                observed: verdict.subjectsLimitedLastHour,
                threshold: this.config.exchange.verifyProbedSubjectsPerHour,
                eventId,
              });
            }
          },
        };
      },
    });
    return outcome;
  }

  /**
   * Whole resources about one subject — electronic certificates — through the same pipeline:
   * a resource is fetched only if the policy allows every one of its items for this subject (a
   * certificate is not handed out in part), otherwise it is refused with the policy's reason.
   * `key` is what the sources are asked for: the subject's identifier, or — with a binding
   * override, e.g. an issuer's lookup by 证照标识 — another key, and then `seal` names the subject
   * for the audit. `seal` turns the released records into signed documents; if it throws,
   * nothing is released and the failure is audited.
   */
  async releaseWhole<T>(
    principal: Principal,
    requestId: string,
    request: { subject: Subject | null; holderType: SubjectType; key: string; resources: WholeResourceRequest[] },
    purpose: Purpose,
    seal: (outcomes: WholeResourceOutcome[]) => Promise<WholeRelease<T>>,
  ): Promise<T> {
    if (!request.resources.length) throw new BadInputError('types: name at least one certificate type', 'types');
    const [result] = await this.run<T>({
      principal,
      requestId,
      kind: 'CERTIFICATE',
      action: Action.CERTIFICATE,
      subjects: [{ subject: request.subject, type: request.holderType, key: request.key }],
      itemCodes: request.resources.flatMap((r) => r.itemCodes),
      purpose,
      whole: request.resources,
      strictItems: false,
      shape: async (release) => {
        const sealed = await seal(release.whole);
        // Only what the caller sealed counts as released (it may reject a record, e.g. an inconsistent one).
        const released = release.resources.filter((r) => sealed.released.includes(r.resourceCode)).flatMap((r) => r.items.map((p) => p.item.itemCode));
        return { result: sealed.result, released, subject: sealed.subject ?? request.subject, hash: sealed.hash };
      },
    });
    return result;
  }

  /** The pipeline: validate → decide → fetch → mask → shape → commit audit → release. */
  private async run<T>(request: ReleaseRequest<T>): Promise<T[]> {
    const started = Date.now();
    const { principal, purpose } = request;
    validatePurpose(purpose);
    // Whole resources come from the catalogue (certificate types, at most 50), not from the caller's item list.
    const codes = validateItems(request.itemCodes, request.whole ? 'types' : 'itemCodes', request.whole ? Infinity : MAX_ITEMS);
    const references = request.subjects.map((s) => subjectHash(this.subjectSecret, s.type, s.key));
    const decision = await this.pdp.decide({
      principal,
      action: request.action,
      subjects: request.subjects.map((s, i) => ({ type: s.type, reference: references[i] })),
      itemCodes: codes,
      purpose,
    });
    if (request.strictItems) rejectBadItems(decision.subjects[0]?.denied ?? [], request.subjects[0].type);
    const bindings = await this.bindings.all();
    const deadline = started + this.config.exchange.requestDeadlineMs;

    // Group each subject's allowed items by resource; a whole resource goes only if every item is allowed.
    const plans = decision.subjects.map((subjectDecision) => {
      const denied: DeniedValue[] = subjectDecision.denied.map(({ itemCode, reason }) => ({ itemCode, reason }));
      const byResource = new Map<string, Omit<FetchedResource, 'record'>>();
      for (const permit of subjectDecision.allowed) {
        const code = permit.item.resourceCode;
        const override = request.whole?.find((w) => w.resourceCode === code)?.binding;
        const plan = byResource.get(code) ?? { resourceCode: code, providerCode: permit.item.providerCode, binding: override ?? bindings.get(code), items: [] };
        plan.items.push(permit);
        byResource.set(code, plan);
      }
      const whole: WholeResourceOutcome[] = [];
      for (const resource of request.whole ?? []) {
        const refused = subjectDecision.denied.filter((d) => resource.itemCodes.includes(d.itemCode));
        const allowed = byResource.get(resource.resourceCode);
        const outcome: WholeResourceOutcome = { resourceCode: resource.resourceCode, providerCode: allowed?.providerCode ?? refused[0]?.item?.providerCode ?? null };
        whole.push(outcome);
        if (refused.length || !allowed) {
          const reasons = [...new Set(refused.map((d) => d.reason))].join(', ');
          outcome.refusal = {
            reason: mainReason(refused),
            message: `${refused.length} of ${resource.itemCodes.length} items of ${resource.resourceCode} are not granted (${reasons}); it is released whole or not at all`,
            denied: refused.map(({ itemCode, reason }) => ({ itemCode, reason })),
          };
          byResource.delete(resource.resourceCode);
        }
      }
      return { denied, resources: [...byResource.values()], whole };
    });

    // Fetch: one loader per resource and item set, so a batch's subjects become one source call where the source offers a batch endpoint.
    const loaders = new Map<string, DataLoader<string, SourceRecord | HubError>>();
    const loaderFor = (resource: Omit<FetchedResource, 'record'>) => {
      const key = `${resource.resourceCode}|${resource.items.map((p) => p.item.itemCode).join(',')}`;
      let loader = loaders.get(key);
      if (!loader) {
        const binding = resource.binding!;
        const itemCodes = resource.items.map((p) => p.item.itemCode);
        loader = new DataLoader<string, SourceRecord | HubError>(
          async (ids) => {
            if (ids.length === 1) return [await this.gateway.fetchOne(binding, ids[0], itemCodes, deadline).catch(asSourceFailure)];
            const results = await this.gateway.fetchMany(binding, [...ids], itemCodes, deadline);
            return ids.map((id) => results.get(id)!);
          },
          { maxBatchSize: MAX_BATCH_SUBJECTS, cache: false },
        );
        loaders.set(key, loader);
      }
      return loader;
    };
    const releases: SubjectRelease[] = await Promise.all(
      plans.map(async (plan, i) => {
        const { subject, key } = request.subjects[i];
        const resources = await Promise.all(
          plan.resources.map(async (resource): Promise<FetchedResource> => ({
            ...resource,
            // DataLoader turns an Error result into a rejection: one failing source becomes this subject's failure, not the batch's.
            record: resource.binding ? await loaderFor(resource).load(key).catch(asSourceFailure) : noBinding(resource.resourceCode),
          })),
        );
        for (const resource of resources) {
          const outcome = plan.whole.find((w) => w.resourceCode === resource.resourceCode);
          if (!outcome) continue;
          const record = resource.record;
          if (record instanceof HubError) outcome.refusal = { reason: record.code, message: record.message, denied: [] };
          else if (!record.found) outcome.refusal = { reason: 'NOT_FOUND', message: `The source of ${resource.resourceCode} holds no such record`, denied: [] };
          else outcome.record = { values: releasedValues(resource, record), raw: record.values, asOf: record.asOf };
        }
        return { subject, key, reference: references[i], resources, denied: plan.denied, whole: plan.whole };
      }),
    );

    // Shape, commit each subject's audit event, and only then release.
    return Promise.all(
      releases.map(async (release, i) => {
        const eventFor = (shaped: Partial<Shaped<T>>, outcome: ReturnType<typeof outcomeOf>, errorCode: string | undefined) => {
          const denied = [...release.denied, ...(shaped.denied ?? [])];
          const subject = shaped.subject === undefined ? release.subject : shaped.subject;
          return this.audit.record({
            kind: request.kind,
            requestId: request.kind === 'LOOKUP_BATCH' ? `${request.requestId}#${i}` : request.requestId,
            principal,
            purpose: cleanPurpose(purpose),
            subject: subject ? { type: subject.type, id: subject.id } : null,
            itemsRequested: codes,
            itemsReleased: shaped.released ?? [],
            itemsDenied: denied,
            resources: request.whole ? request.whole.map((w) => w.resourceCode) : release.resources.map((r) => r.resourceCode),
            sources: [...new Set(release.resources.flatMap((r) => (r.binding ? [this.gateway.sourceOf(r.binding)] : [])))],
            outcome,
            errorCode,
            latencyMs: Date.now() - started,
            receiptHash: shaped.hash,
          });
        };
        let shaped: Shaped<T>;
        try {
          shaped = await request.shape(release, i);
        } catch (error) {
          await eventFor({}, 'ERROR', error instanceof HubError ? error.code : 'INTERNAL').catch(() => undefined);
          throw error;
        }
        const failures = failuresOf(release);
        const denied = release.denied.length + (shaped.denied?.length ?? 0);
        const recorded = await eventFor(shaped, outcomeOf(codes.length, shaped.released.length, denied, failures.length), failures[0]?.code);
        await shaped.afterCommit?.(recorded.id);
        return shaped.result;
      }),
    );
  }

  /** A lookup's answer for one subject: masked values and a signed disclosure receipt. */
  private values(principal: Principal, requestId: string, release: SubjectRelease): Shaped<LookupOutcome> {
    const subject = release.subject!;
    const values: ReleasedValue[] = [];
    for (const resource of release.resources) {
      if (!(resource.record instanceof HubError) && resource.record.found) values.push(...releasedValues(resource, resource.record));
    }
    const { receipt, hash } = this.receipts.sign({
      requestId,
      consumerDept: principal.dept,
      principal: principal.sub,
      subjectHash: release.reference,
      items: values.map((v) => ({ itemCode: v.itemCode, asOf: v.asOf })),
      issuedAt: this.clock.now().toISOString(),
    });
    return {
      result: { requestId, subject, maskedId: subjectMask(subject.type, subject.id), values, denied: release.denied, failures: failuresOf(release), notFound: notFoundOf(release), receipt },
      released: values.map((v) => v.itemCode),
      hash,
    };
  }
}

function failuresOf(release: SubjectRelease): SourceFailure[] {
  return release.resources.flatMap((r) => (r.record instanceof HubError ? [{ resourceCode: r.resourceCode, code: r.record.code, message: r.record.message }] : []));
}

function notFoundOf(release: SubjectRelease): string[] {
  return release.resources.filter((r) => !(r.record instanceof HubError) && !r.record.found).map((r) => r.resourceCode);
}

/** Unknown items and items about another kind of subject: the request is wrong, not the grant. */
function rejectBadItems(denied: { itemCode: string; reason: string }[], subjectType: SubjectType): void {
  const unknown = denied.filter((d) => d.reason === DenialReason.UNKNOWN_ITEM).map((d) => d.itemCode);
  if (unknown.length) throw new BadInputError(`itemCodes: unknown data items ${unknown.join(', ')}`, 'itemCodes', { unknownItems: unknown });
  const wrongSubject = denied.filter((d) => d.reason === DenialReason.WRONG_SUBJECT).map((d) => d.itemCode);
  if (wrongSubject.length) {
    throw new BadInputError(`itemCodes: not about a ${subjectType === 'PERSON' ? 'person' : 'legal entity'}: ${wrongSubject.join(', ')}`, 'itemCodes');
  }
}

/** A source call's failure as the HubError listed in `failures`. */
function asSourceFailure(error: unknown): HubError {
  return error instanceof HubError ? error : new SourceUnavailableError((error as Error).message);
}

function noBinding(resourceCode: string): HubError {
  return new SourceUnavailableError(`No source is bound to resource ${resourceCode}`);
}

function validateItems(itemCodes: string[], field: string, max = MAX_ITEMS): string[] {
  const codes = [...new Set(itemCodes)];
  if (!codes.length || codes.length > max) throw new BadInputError(`${field}: name 1 to ${max} data items`, field);
  const malformed = codes.filter((code) => !ITEM_CODE.test(code));
  if (malformed.length) throw new BadInputError(`${field}: malformed item codes ${malformed.slice(0, 5).join(', ')}`, field);
  return codes;
}

export function validatePurpose(purpose: Purpose): void {
  if (!purpose.caseNo?.trim() || purpose.caseNo.length > 64) throw new BadInputError('purpose.caseNo: the case number (办件编号) is required', 'purpose.caseNo');
  if (!purpose.matter?.trim() || purpose.matter.length > 200) throw new BadInputError('purpose.matter: the matter (办理事项) is required', 'purpose.matter');
}

/** The items of a resource as released: values as text, masked as the policy's obligation says. */
function releasedValues(resource: Omit<FetchedResource, 'record'>, record: SourceRecord): ReleasedValue[] {
  return resource.items.map(({ item, obligations }) => {
    const raw = record.values[item.itemCode];
    const text = raw === null || raw === undefined ? null : String(raw);
    const masked = obligations.mask !== MaskRule.NONE;
    return {
      itemCode: item.itemCode,
      name: item.itemName,
      value: masked ? applyMask(obligations.mask, text) : text,
      resourceCode: resource.resourceCode,
      department: resource.providerCode,
      asOf: record.asOf,
      masked,
    };
  });
}

/** When several items of a whole resource are refused, the reason that explains it best. */
const REFUSAL_ORDER: string[] = [
  DenialReason.WRONG_SUBJECT,
  DenialReason.NOT_SHAREABLE,
  DenialReason.UNKNOWN_ITEM,
  DenialReason.REVOKED,
  DenialReason.EXPIRED,
  DenialReason.PURPOSE_MISMATCH,
  DenialReason.SCOPE,
  DenialReason.NO_GRANT,
  DenialReason.QUOTA_EXCEEDED,
];

function mainReason(denied: { reason: string }[]): string {
  if (!denied.length) return DenialReason.NO_GRANT;
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

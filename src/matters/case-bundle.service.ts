import { createHash, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_KEYS } from '../audit/audit.constants.js';
import { subjectMask, type AuditKeys, type SubjectHasher } from '../audit/audit-keys.js';
import type { Permission } from '../auth/authorize.js';
import type { Principal } from '../auth/principal.js';
import type { AccessItem } from '../catalog/model.js';
import { CertificateDelivery, type Certificate } from '../certificates/models/certificate.model.js';
import { CertificateService } from '../certificates/certificates.service.js';
import { documentDigest } from '../certificates/document.js';
import { Clock } from '../common/clock.js';
import { BadInputError, ErrorCode, HubError, NotFoundError } from '../common/errors.js';
import { validateSubject, type Subject, type SubjectInput } from '../common/subject.js';
import { canonicalJson } from '../common/canonical-json.js';
import { ExchangeService } from '../exchange/exchange.service.js';
import type { Purpose, ReleasedValue } from '../exchange/exchange.types.js';
import { ReceiptSigner } from '../exchange/receipt-signer.js';
import { itemsNeedingConsent } from '../policy/consent-rule.js';
import { CasesRepository, StatsGroupBy, type CaseMaterialRecord, type CaseRecord, type StatsRow } from './cases.repository.js';
import { MaterialKind, MaterialStatus, roleSubjectType, SubjectRole, type Derivation, type MaterialRecord, type MatterRecord } from './matter.types.js';
import { MattersService } from './matters.service.js';

export interface PrepareCaseRequest {
  matterCode: string;
  caseNo: string;
  applicant: SubjectInput;
  subjects?: { role: SubjectRole; subject: SubjectInput }[] | null;
  consentRef?: string | null;
}

/** One material of a prepared case, with what was released (values or the sealed certificate). */
export interface MaterialOutcome {
  material: MaterialRecord;
  status: MaterialStatus;
  reason: string | null;
  message: string | null;
  department: string | null;
  subject: Subject | null;
  derivedFrom: string | null;
  requestId: string | null;
  values: ReleasedValue[];
  certificate: Certificate | null;
}

export interface CaseBundleResult {
  caseId: string;
  caseNo: string;
  matter: MatterRecord;
  applicant: Subject;
  materials: MaterialOutcome[];
  exempted: number;
  mustSubmit: number;
  receipt: string;
  latencyMs: number;
  createdAt: Date;
  /** The applicant's signed authorization the case was prepared under, if any (its printable links carry it). */
  consentRef: string | null;
}

type RatedRow = StatsRow & { exemptionRate: number | null };

export interface StatsResult {
  groups: RatedRow[];
  total: RatedRow;
}

const rated = (row: StatsRow): RatedRow => ({ ...row, exemptionRate: row.exempted + row.mustSubmit ? row.exempted / (row.exempted + row.mustSubmit) : null });

/** Errors that mean nothing can be trusted to have been released or recorded: the whole call fails. */
const FATAL = new Set<string>([ErrorCode.AUDIT_UNAVAILABLE, ErrorCode.SERVICE_UNAVAILABLE, ErrorCode.INTERNAL]);
const MAX_STATS_DAYS = 366;

/**
 * 一件事 in one call: every material of a matter that a department holds is fetched through the
 * one release pipeline (ExchangeService for data items, CertificateService — which releases
 * through it — for sealed certificates), all departments in parallel, each material its own
 * audited request under the case's purpose. Related subjects (the spouse, the legal
 * representative) are derived from an earlier material's values and fetched in a second wave
 * under the same grant and purpose; the audit reason names the derivation. The case record
 * keeps statuses, departments, keyed subject hashes and hashes of what was released — never a value.
 */
@Injectable()
export class CaseBundleService {
  private readonly subjects: SubjectHasher;

  constructor(
    @Inject(MattersService) private readonly matters: MattersService,
    @Inject(ExchangeService) private readonly exchange: ExchangeService,
    @Inject(CertificateService) private readonly certificates: CertificateService,
    @Inject(ReceiptSigner) private readonly receipts: ReceiptSigner,
    @Inject(CasesRepository) private readonly cases: CasesRepository,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AUDIT_KEYS) keys: AuditKeys,
  ) {
    this.subjects = keys.subjects;
  }

  async prepare(principal: Principal, requestId: string, input: PrepareCaseRequest): Promise<CaseBundleResult> {
    const started = performance.now();
    const caseNo = input.caseNo?.trim();
    if (!caseNo || caseNo.length > 64) throw new BadInputError('input.caseNo: 请填写办件编号（1–64 个字符）', 'input.caseNo');
    const consentRef = input.consentRef?.trim() || null;
    if (consentRef && consentRef.length > 200) throw new BadInputError('input.consentRef: 授权书编号最多 200 个字符', 'input.consentRef');
    const matter = await this.matters.require(input.matterCode);
    const applicant = validateSubject(input.applicant, 'input.applicant.id');
    if (applicant.type !== matter.applicantType) {
      throw new BadInputError(`input.applicant: ${matter.name} 的申请人应为${matter.applicantType === 'PERSON' ? '自然人' : '法人'}`, 'input.applicant.type');
    }
    const known = new Map<SubjectRole, { subject: Subject; derivedFrom: string | null }>([[SubjectRole.APPLICANT, { subject: applicant, derivedFrom: null }]]);
    const roles = new Set(matter.materials.map((m) => m.role));
    (input.subjects ?? []).forEach((given, i) => {
      const field = `input.subjects[${i}]`;
      if (given.role === SubjectRole.APPLICANT || !roles.has(given.role)) throw new BadInputError(`${field}.role: ${matter.name} 没有 ${given.role} 的材料`, `${field}.role`);
      if (known.has(given.role)) throw new BadInputError(`${field}.role: ${given.role} 重复`, `${field}.role`);
      const subject = validateSubject(given.subject, `${field}.subject.id`);
      if (subject.type !== roleSubjectType(matter, given.role)) throw new BadInputError(`${field}.subject.type: ${given.role} 应为自然人`, `${field}.subject.type`);
      known.set(given.role, { subject, derivedFrom: null });
    });

    const caseId = randomUUID();
    const items = await this.matters.itemsOf(matter);
    const outcomes = new Map<string, MaterialOutcome>();
    const fetchWave = (materials: MaterialRecord[]) =>
      Promise.all(
        materials.map(async (material) => {
          const who = known.get(material.role)!;
          outcomes.set(material.code, await this.fetchMaterial(principal, requestId, caseId, caseNo, matter, material, who.subject, who.derivedFrom, items.get(material.code) ?? [], consentRef));
        }),
      );
    const fetchable = (m: MaterialRecord) => m.kind !== MaterialKind.SUBMIT;
    await fetchWave(matter.materials.filter((m) => fetchable(m) && known.has(m.role)));

    const underivable = new Map<SubjectRole, string>();
    for (const derivation of matter.derivations) {
      if (known.has(derivation.role)) continue;
      const derived = derive(derivation, outcomes.get(derivation.fromMaterial));
      if ('subject' in derived) known.set(derivation.role, { subject: derived.subject, derivedFrom: `${derivation.label}（${derivation.fromMaterial}）` });
      else underivable.set(derivation.role, derived.problem);
    }
    await fetchWave(matter.materials.filter((m) => fetchable(m) && !outcomes.has(m.code) && known.has(m.role)));

    const materials = matter.materials.map(
      (material) =>
        outcomes.get(material.code) ?? {
          material,
          status: MaterialStatus.MUST_SUBMIT,
          reason: material.kind === MaterialKind.SUBMIT ? null : 'SUBJECT_UNKNOWN',
          message: material.kind === MaterialKind.SUBMIT ? '须由申请人提交' : (underivable.get(material.role) ?? `未提供${ROLE_NAMES[material.role]}的身份信息，须由申请人提交`),
          department: null,
          subject: known.get(material.role)?.subject ?? null,
          derivedFrom: null,
          requestId: null,
          values: [],
          certificate: null,
        },
    );
    const exempted = materials.filter((m) => m.status === MaterialStatus.OBTAINED).length;
    const mustSubmit = materials.filter((m) => m.material.required && m.status !== MaterialStatus.OBTAINED).length;
    const createdAt = this.clock.now();
    const applicantHash = this.subjects.hash(applicant.type, applicant.id);
    // One receipt over the whole bundle: every item released, as of when, under the case id.
    const { receipt, hash } = await this.receipts.sign({
      requestId: caseId,
      consumerDept: principal.dept,
      principal: principal.sub,
      subjectHash: applicantHash,
      items: materials.flatMap((m) => [
        ...m.values.map((v) => ({ itemCode: v.itemCode, asOf: v.asOf })),
        ...(m.certificate?.document ? (m.certificate.content ?? []).map((f) => ({ itemCode: f.itemCode, asOf: m.certificate!.asOf ?? '' })) : []),
      ]),
      issuedAt: createdAt.toISOString(),
    });
    const latencyMs = Math.round(performance.now() - started);
    await this.cases.insert({
      id: caseId,
      caseNo,
      matterCode: matter.code,
      consumerDept: principal.dept,
      principalSub: principal.sub,
      principalName: principal.name ?? null,
      requestId,
      applicantType: applicant.type,
      applicantHash,
      applicantMasked: subjectMask(applicant.type, applicant.id),
      consentRef,
      createdAt,
      latencyMs,
      exempted,
      mustSubmit,
      receiptHash: hash,
      materials: materials.map((m) => this.recordOf(m)),
    });
    return { caseId, caseNo, matter, applicant, materials, exempted, mustSubmit, receipt, latencyMs, createdAt, consentRef };
  }

  /** A case as recorded (no values), within the rows the decision point lets the caller see (`visibleTo`). */
  async find(visibleTo: Permission['visibleTo'], caseId: string): Promise<{ record: CaseRecord; matter: MatterRecord }> {
    const record = await this.cases.find(caseId.trim());
    if (!record || (visibleTo?.consumerDept && record.consumerDept !== visibleTo.consumerDept)) throw new NotFoundError('Case (办件)', caseId);
    return { record, matter: await this.matters.require(record.matterCode) };
  }

  /** The reform's figures over [from, to), within the rows the decision point lets the caller see. */
  async stats(visibleTo: Permission['visibleTo'], from: Date, to: Date, groupBy: StatsGroupBy): Promise<StatsResult> {
    if (!(from < to)) throw new BadInputError('to: 结束时间须晚于开始时间', 'to');
    if (to.getTime() - from.getTime() > MAX_STATS_DAYS * 86_400_000) throw new BadInputError(`to: 统计区间最长 ${MAX_STATS_DAYS} 天`, 'to');
    const { groups, total } = await this.cases.stats(from, to, groupBy, visibleTo?.consumerDept);
    return { groups: groups.map(rated), total: rated(total) };
  }

  private async fetchMaterial(
    principal: Principal,
    requestId: string,
    caseId: string,
    caseNo: string,
    matter: MatterRecord,
    material: MaterialRecord,
    subject: Subject,
    derivedFrom: string | null,
    items: AccessItem[],
    consentRef: string | null,
  ): Promise<MaterialOutcome> {
    const outcome: MaterialOutcome = { material, status: MaterialStatus.FAILED, reason: null, message: null, department: items[0]?.providerCode ?? null, subject, derivedFrom, requestId: null, values: [], certificate: null };
    const purpose: Purpose = {
      caseNo,
      matter: matter.name,
      matterCode: matter.code,
      consentRef,
      legalBasis: matter.legalBasis.slice(0, 500),
      reason: [`一件事办件 ${caseId} 材料 ${material.code} ${material.name}`, derivedFrom ? `主体派生：${derivedFrom}` : null, consentRef && itemsNeedingConsent(items).length ? `授权书 ${consentRef}` : null]
        .filter(Boolean)
        .join('；')
        .slice(0, 500),
    };
    outcome.requestId = `${requestId}/${material.code}`;
    try {
      if (material.kind === MaterialKind.DATA) {
        const result = await this.exchange.lookup(principal, outcome.requestId, subject, material.itemCodes, purpose);
        outcome.values = result.values;
        if (result.denied.length) return { ...outcome, status: MaterialStatus.DENIED, reason: result.denied[0].reason, message: deniedMessage(result.denied) };
        if (result.failures.length) return { ...outcome, status: MaterialStatus.FAILED, reason: result.failures[0].code, message: result.failures[0].message };
        if (result.notFound.length) return { ...outcome, status: MaterialStatus.NOT_HELD, message: '提供部门无此主体的记录' };
        return { ...outcome, status: MaterialStatus.OBTAINED, department: result.values[0]?.department ?? outcome.department };
      }
      const [certificate] = await this.certificates.deliver(principal, outcome.requestId, subject, [material.certificateType!], purpose);
      outcome.certificate = certificate;
      outcome.department = certificate.issuer?.department ?? outcome.department;
      switch (certificate.delivery) {
        case CertificateDelivery.DELIVERED:
          if (certificate.status !== 'VALID') return { ...outcome, status: MaterialStatus.NOT_HELD, reason: certificate.status, message: `证照状态为 ${certificate.status}，不能作为有效材料` };
          return { ...outcome, status: MaterialStatus.OBTAINED };
        case CertificateDelivery.REFUSED:
          return { ...outcome, status: MaterialStatus.DENIED, reason: certificate.reason, message: certificate.reason === 'CONSENT_REQUIRED' ? CONSENT_MESSAGE : certificate.message };
        case CertificateDelivery.NOT_HELD:
          return { ...outcome, status: MaterialStatus.NOT_HELD, reason: null, message: '颁证部门无此主体的证照' };
        default:
          return { ...outcome, status: MaterialStatus.FAILED, reason: certificate.reason, message: certificate.message };
      }
    } catch (error) {
      if (!(error instanceof HubError) || FATAL.has(error.code)) throw error;
      const status = error.code === ErrorCode.RATE_LIMITED || error.code === ErrorCode.FORBIDDEN ? MaterialStatus.DENIED : MaterialStatus.FAILED;
      return { ...outcome, status, reason: error.code, message: error.message };
    }
  }

  private recordOf(m: MaterialOutcome): CaseMaterialRecord {
    const released = m.certificate?.document
      ? documentDigest(m.certificate.document)
      : m.values.length
        ? createHash('sha256').update(canonicalJson(m.values.map((v) => ({ itemCode: v.itemCode, value: v.value, asOf: v.asOf })))).digest('base64url')
        : null;
    return {
      materialCode: m.material.code,
      role: m.material.role,
      subjectType: m.subject?.type ?? null,
      subjectHash: m.subject ? this.subjects.hash(m.subject.type, m.subject.id) : null,
      subjectMasked: m.subject ? subjectMask(m.subject.type, m.subject.id) : null,
      derivedFrom: m.derivedFrom,
      status: m.status,
      reason: m.reason,
      message: m.message,
      department: m.department,
      requestId: m.requestId,
      releasedHash: released,
      certificateIdentifier: m.certificate?.identifier ?? null,
    };
  }
}

const CONSENT_MESSAGE = '含最高敏感级别数据项，须提供申请人签署的授权书编号（consentRef）';

function deniedMessage(denied: { itemCode: string; reason: string }[]): string {
  const consent = denied.filter((d) => d.reason === 'CONSENT_REQUIRED').map((d) => d.itemCode);
  const others = denied.filter((d) => d.reason !== 'CONSENT_REQUIRED').map((d) => `${d.itemCode} ${d.reason}`);
  return [consent.length ? `${CONSENT_MESSAGE}：${consent.join('、')}` : null, others.length ? `未获授权：${others.join('，')}` : null].filter(Boolean).join('；');
}

export const ROLE_NAMES: Record<SubjectRole, string> = {
  APPLICANT: '申请人',
  SPOUSE: '配偶',
  CHILD: '子女',
  DECEASED: '逝者',
  LEGAL_REPRESENTATIVE: '法定代表人',
  PROPERTY_CO_OWNER: '不动产共有人',
  TRANSFEREE: '受让方',
};

/** The related subject a derivation finds in its source material's released values, or why none. */
export function derive(derivation: Derivation, source: MaterialOutcome | undefined): { subject: Subject } | { problem: string } {
  const role = ROLE_NAMES[derivation.role];
  if (!source || source.status !== MaterialStatus.OBTAINED) {
    return { problem: `${role}须由申请人提供：派生来源 ${derivation.fromMaterial} 未取得${source?.reason ? `（${source.reason}）` : ''}` };
  }
  const value = (code: string) => source.values.find((v) => v.itemCode === code);
  for (const [code, expected] of Object.entries(derivation.when ?? {})) {
    if (value(code)?.value !== expected) return { problem: `${role}须由申请人提供：${derivation.fromMaterial} 中 ${code} 不是“${expected}”` };
  }
  const candidates = derivation.itemCodes.map(value).filter((v): v is ReleasedValue => !!v?.value);
  if (candidates.some((v) => v.masked)) return { problem: `${role}须由申请人提供：授权为遮蔽，无法从 ${derivation.fromMaterial} 派生` };
  const own = source.subject?.id;
  const picked = derivation.pick === 'OTHER_THAN_SUBJECT' ? candidates.find((v) => v.value!.trim().toUpperCase() !== own) : candidates[0];
  if (!picked) return { problem: `${role}须由申请人提供：${derivation.fromMaterial} 中没有${role}` };
  try {
    return { subject: validateSubject({ type: 'PERSON', id: picked.value! }, picked.itemCode) };
  } catch {
    return { problem: `${role}须由申请人提供：${derivation.fromMaterial} 中的证件号码无效` };
  }
}

export { StatsGroupBy };

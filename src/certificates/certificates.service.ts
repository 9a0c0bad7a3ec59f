import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditWriter } from '../audit/audit-writer.js';
import type { Principal } from '../auth/principal.js';
import { CatalogRepository } from '../catalog/catalog.repository.js';
import { DepartmentRepository } from '../catalog/department.repository.js';
import { Clock } from '../common/clock.js';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError, SourceError, SourceUnavailableError } from '../common/errors.js';
import { parseCertificateId } from '../common/identifiers/certificate-id.js';
import { validateSubject, type Subject, type SubjectInput, SubjectType } from '../common/subject.js';
import { chinaDate } from '../common/working-days.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { ExchangeService, type WholeRelease, type WholeResourceOutcome } from '../exchange/exchange.service.js';
import type { Purpose } from '../exchange/exchange.types.js';
import { SourceBindingRepository } from '../sources/binding.repository.js';
import type { HttpBinding } from '../sources/binding.js';
import { buildPayload, roleOf, type CertificateTypeRecord } from './certificate-model.js';
import {
  Certificate,
  CertificateDelivery,
  CertificateRevocation,
  CertificateStatusGql,
  CertificateVerification,
  SealKeyGql,
} from './certificates.graphql.js';
import { checkSeal, documentDigest, documentKeyId, sealDocument, statusNow, type CertificatePayload, type SealKeySet } from './document.js';
import { RevocationRepository } from './revocation.repository.js';
import { SealKeyring } from './seal-keys.js';

const TYPES_TTL_MS = 30_000;
const MAX_TYPES = 50;
/** seals.json makes sure every issuer has a key at most this often. */
const ENSURE_KEYS_MS = 60_000;

/** A delivered certificate with what the printable copy needs. */
export interface DeliveredCertificate {
  certificate: Certificate;
  payload: CertificatePayload;
  document: string;
}

/** One type's outcome: delivered (with payload and document) or not. */
type Sealed = { certificate: Certificate } & Partial<Omit<DeliveredCertificate, 'certificate'>>;

/**
 * Electronic certificates (电子证照): the types the catalogue defines, their delivery to a
 * consumer through the exchange's path (policy → sources → seal → audit → release), the
 * printable copy, verification against the published seals and the hub's revocations, and
 * revocation by the issuer.
 */
@Injectable()
export class CertificateService {
  private typeCache: { types: CertificateTypeRecord[]; until: number } | undefined;
  private keysEnsuredAt = 0;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CatalogRepository) private readonly catalog: CatalogRepository,
    @Inject(DepartmentRepository) private readonly departments: DepartmentRepository,
    @Inject(ExchangeService) private readonly exchange: ExchangeService,
    @Inject(SealKeyring) private readonly keyring: SealKeyring,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
    @Inject(SourceBindingRepository) private readonly bindings: SourceBindingRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RevocationRepository) private readonly revocationRepository: RevocationRepository,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Every certificate type of the catalogue (resources with certificate metadata), by resource code. */
  async types(): Promise<CertificateTypeRecord[]> {
    if (this.typeCache && this.typeCache.until > Date.now()) return this.typeCache.types;
    const page = await this.catalog.listResources({ category: '105' }, 1000);
    const resources = page.nodes.map((n) => n.node).filter((r) => r.certificate);
    const items = await this.catalog.itemsOf(resources.map((r) => r.code));
    const types: CertificateTypeRecord[] = resources.map((r) => ({
      resourceCode: r.code,
      name: r.name,
      typeCode: r.certificate!.typeCode,
      holderType: (r.certificate!.holderType as string) === 'PERSON' ? SubjectType.PERSON : SubjectType.LEGAL_ENTITY,
      issuer: r.providerCode,
      issuerName: r.provider.name,
      issuerCreditCode: r.provider.creditCode,
      status: r.status,
      items: (items.get(r.code) ?? []).map((item, index) => ({ itemCode: item.code, name: item.name, dataType: item.dataType, role: roleOf(item.name, index) })),
    }));
    this.typeCache = { types, until: Date.now() + TYPES_TTL_MS };
    return types;
  }

  /**
   * The window's call: the holder's certificates of the asked types (all types of the holder's
   * kind if none are named), each sealed by its issuer — or, per type, why not.
   */
  async deliver(principal: Principal, requestId: string, holderInput: SubjectInput, typeRefs: readonly string[] | null | undefined, purpose: Purpose): Promise<Certificate[]> {
    const holder = validateSubject(holderInput, 'holder.id');
    const chosen = await this.resolveTypes(holder.type, typeRefs);
    return this.exchange.releaseWhole(
      principal,
      requestId,
      { subject: holder, holderType: holder.type, key: holder.id, resources: chosen.map((t) => ({ resourceCode: t.resourceCode, itemCodes: t.items.map((i) => i.itemCode) })) },
      purpose,
      (outcomes) => this.seal(principal, requestId, purpose, chosen, outcomes, { holder }),
    ).then((delivered) => delivered.map((d) => d.certificate));
  }

  /**
   * One certificate by its 证照标识, for the printable copy: fetched from the issuer's lookup by
   * identifier (SHAREHUB_CERT_LOOKUP_ENDPOINT, with the type binding's fields and credential),
   * through the same path and audit as `deliver`.
   */
  async byIdentifier(principal: Principal, requestId: string, identifier: string, purpose: Purpose): Promise<DeliveredCertificate> {
    const parsed = parseCertificateId(identifier.trim());
    if (!parsed.ok) throw new BadInputError(`identifier: ${parsed.reason}`, 'identifier');
    const type = (await this.types()).find((t) => t.typeCode === parsed.typeCode);
    if (!type) throw new NotFoundError('Certificate type', parsed.typeCode);
    const endpoint = this.config.certificates.lookupEndpoint;
    if (!endpoint) throw new SourceUnavailableError('Certificates cannot be fetched by 证照标识: the issuers\' lookup (SHAREHUB_CERT_LOOKUP_ENDPOINT) is not configured');
    const binding = await this.bindings.find(type.resourceCode);
    if (!binding || binding.adapter !== 'http') throw new SourceUnavailableError(`No HTTP source is bound to ${type.name} (${type.resourceCode})`);
    const lookup: HttpBinding = { resourceCode: binding.resourceCode, adapter: 'http', endpoint, timeoutMs: binding.timeoutMs, fields: binding.fields, ...(binding.credentialRef ? { credentialRef: binding.credentialRef } : {}) };
    const [delivered] = await this.exchange.releaseWhole(
      principal,
      requestId,
      { subject: null, holderType: type.holderType, key: parsed.normalized, resources: [{ resourceCode: type.resourceCode, itemCodes: type.items.map((i) => i.itemCode), binding: lookup }] },
      purpose,
      (outcomes) => this.seal(principal, requestId, purpose, [type], outcomes, { identifier: parsed.normalized }),
    );
    const { certificate } = delivered;
    switch (certificate.delivery) {
      case CertificateDelivery.DELIVERED:
        return delivered as DeliveredCertificate;
      case CertificateDelivery.REFUSED:
        throw new ForbiddenError(`${type.name}: not granted (${certificate.reason})`, { reason: certificate.reason });
      case CertificateDelivery.NOT_HELD:
        throw new NotFoundError('Certificate', parsed.normalized);
      default:
        if (certificate.reason === 'SOURCE_UNAVAILABLE') throw new SourceUnavailableError(certificate.message ?? 'The issuer is unavailable');
        throw new SourceError(certificate.message ?? 'The issuer answered wrongly');
    }
  }

  /** What a document proves now: its seal against the published keys, its identifier, and its status today. */
  async verify(document: string): Promise<CertificateVerification> {
    const kid = documentKeyId(document);
    const jwk = kid ? await this.keyring.findKey(kid) : undefined;
    const check = checkSeal(document, (wanted) => (wanted === jwk?.kid ? jwk : undefined));
    const payload = check.payload;
    let status: CertificateStatusGql | null = null;
    let revokedAt: string | null = null;
    if (check.signatureValid && payload) {
      const revocation = (await this.revocationRepository.revokedAt([payload.identifier])).get(payload.identifier);
      revokedAt = revocation?.toISOString() ?? null;
      status = statusNow(payload, chinaDate(this.clock.now()), !!revocation) as CertificateStatusGql;
    }
    const text = (value: unknown) => (typeof value === 'string' ? value : null);
    return {
      signatureValid: check.signatureValid,
      tampered: check.tampered,
      reason: check.reason,
      keyId: check.keyId,
      issuer: payload && typeof payload.issuer === 'object' && payload.issuer ? { name: text(payload.issuer.name), code: String(payload.issuer.code), department: String(payload.issuer.department) } : null,
      identifier: text(payload?.identifier),
      identifierValid: check.identifierValid,
      identifierProblem: check.identifierProblem,
      status,
      revokedAt,
      typeName: text(payload?.name),
      number: text(payload?.number),
      validTo: text(payload?.validTo),
      sealedAt: text(payload?.sealedAt),
    };
  }

  /** Revokes a certificate in the hub (the policy lets its issuing department or an admin); audited (ADMIN CERTIFICATE_REVOKE). */
  async revoke(principal: Principal, requestId: string, identifier: string, reason: string): Promise<CertificateRevocation> {
    if (!reason?.trim() || reason.length > 500) throw new BadInputError('reason: a revocation needs a reason (at most 500 characters)', 'reason');
    const parsed = parseCertificateId(identifier.trim());
    if (!parsed.ok) throw new BadInputError(`identifier: ${parsed.reason}`, 'identifier');
    const issuer = (await this.departments.list()).find((d) => d.creditCode === parsed.issuerCode);
    if (!issuer) throw new NotFoundError('Issuing department with credit code', parsed.issuerCode);
    return this.dataSource.transaction(async (manager) => {
      const revokedAt = await this.revocationRepository.insert(
        {
          identifier: parsed.normalized,
          issuerDept: issuer.code,
          typeCode: parsed.typeCode,
          reason: reason.trim(),
          revokedByDept: principal.dept,
          revokedBy: principal.sub,
          requestId,
        },
        manager,
      );
      if (!revokedAt) throw new ConflictError(`Certificate ${parsed.normalized} is already revoked`);
      await this.audit.record({
        kind: 'ADMIN',
        action: 'CERTIFICATE_REVOKE',
        requestId,
        principal,
        target: parsed.normalized,
        reason: reason.trim(),
        details: { issuer: issuer.code, typeCode: parsed.typeCode },
      });
      return { identifier: parsed.normalized, issuer: issuer.code, reason: reason.trim(), revokedAt: revokedAt.toISOString(), revokedBy: `${principal.dept}/${principal.sub}` };
    });
  }

  /** Rotates a department's seal key (admin); audited (ADMIN SEAL_KEY_ROTATE) in the same transaction. */
  async rotateSealKey(principal: Principal, requestId: string, department: string): Promise<SealKeyGql> {
    const info = await this.keyring.rotate(department, (kid) =>
      this.audit.record({ kind: 'ADMIN', action: 'SEAL_KEY_ROTATE', requestId, principal, target: department, details: { kid } }),
    );
    return { kid: info.kid, department: info.dept, seq: info.seq, alg: info.alg, validFrom: info.validFrom.toISOString(), validUntil: info.validUntil?.toISOString() ?? null };
  }

  /** The published seal keys (seals.json); every issuer of a certificate type gets a key first. */
  async seals(): Promise<SealKeySet> {
    if (Date.now() - this.keysEnsuredAt > ENSURE_KEYS_MS) {
      await this.keyring.ensure((await this.types()).map((t) => t.issuer));
      this.keysEnsuredAt = Date.now();
    }
    return this.keyring.publishedKeys();
  }

  private async resolveTypes(holderType: SubjectType, refs: readonly string[] | null | undefined): Promise<CertificateTypeRecord[]> {
    const all = await this.types();
    if (!refs?.length) {
      const mine = all.filter((t) => t.holderType === holderType && t.status === 'PUBLISHED');
      if (!mine.length) throw new BadInputError('types: the catalogue has no certificate type for this holder', 'types');
      return mine;
    }
    if (refs.length > MAX_TYPES) throw new BadInputError(`types: at most ${MAX_TYPES}`, 'types');
    const chosen = new Map<string, CertificateTypeRecord>();
    for (const ref of refs) {
      const wanted = ref.trim();
      const type = all.find((t) => t.resourceCode === wanted || t.typeCode === wanted.toUpperCase() || t.name === wanted);
      if (!type) throw new BadInputError(`types: no certificate type ${JSON.stringify(wanted)} (give a resource code, 证照类型代码 or name)`, 'types');
      if (type.holderType !== holderType) {
        throw new BadInputError(`types: ${type.name} is held by ${type.holderType === SubjectType.PERSON ? 'a person' : 'a legal entity'}, not by this holder`, 'types');
      }
      chosen.set(type.resourceCode, type);
    }
    return [...chosen.values()];
  }

  /**
   * The exchange's records, sealed: each checked against its type and the request (the holder
   * asked for, or the identifier), its status settled (issuer, hub revocation, expiry), signed
   * with its issuer's current key.
   */
  private async seal(
    principal: Principal,
    requestId: string,
    purpose: Purpose,
    types: CertificateTypeRecord[],
    outcomes: WholeResourceOutcome[],
    expected: { holder?: Subject; identifier?: string },
  ): Promise<WholeRelease<Sealed[]>> {
    const byCode = new Map(types.map((t) => [t.resourceCode, t]));
    const built = outcomes.map((outcome) => {
      const type = byCode.get(outcome.resourceCode)!;
      if (!outcome.record) return { type, outcome, built: undefined };
      return { type, outcome, built: buildPayload(type, outcome.record.values, outcome.record.raw, outcome.record.asOf) };
    });
    const identifiers = built.flatMap((b) => (b.built?.ok ? [b.built.payload.identifier] : []));
    const revoked = await this.revocationRepository.revokedAt(identifiers);
    const now = this.clock.now();
    const today = chinaDate(now);
    const sealedAt = now.toISOString();
    const delivered: Sealed[] = [];
    const documents: string[] = [];
    let subject: Subject | null = expected.holder ?? null;
    for (const { type, outcome, built: result } of built) {
      if (!result) {
        delivered.push(refusal(type, outcome.refusal!.reason, outcome.refusal!.message));
        continue;
      }
      if (!result.ok) {
        delivered.push(refusal(type, 'SOURCE_ERROR', `${type.name}: the issuer's record is unusable: ${result.message}`));
        continue;
      }
      if (expected.holder && result.holder.id !== expected.holder.id) {
        delivered.push(refusal(type, 'SOURCE_ERROR', `${type.name}: the issuer's record names another holder`));
        continue;
      }
      if (expected.identifier && result.payload.identifier !== expected.identifier) {
        delivered.push(refusal(type, 'NOT_FOUND', `The issuer holds no certificate ${expected.identifier}`));
        continue;
      }
      subject ??= result.holder;
      const revokedAt = revoked.get(result.payload.identifier);
      const draft = { ...result.payload, status: result.sourceStatus, sealedAt, delivery: { consumerDept: principal.dept, caseNo: purpose.caseNo.trim(), requestId } };
      const payload: CertificatePayload = { ...draft, status: statusNow(draft, today, !!revokedAt) };
      const key = await this.keyring.currentKey(type.issuer);
      const document = sealDocument(payload, { kid: key.kid, privateKey: key.signing.privateKey });
      documents.push(document);
      delivered.push({ certificate: toCertificate(type, payload, document, key.kid), payload, document });
    }
    const released = delivered.flatMap((d) => (d.certificate.delivery === CertificateDelivery.DELIVERED ? [d.certificate.resourceCode] : []));
    return { result: delivered, subject, released, hash: documents.length ? documentDigest(documents.join('\n')) : undefined };
  }

}

function deliveryOf(reason: string): CertificateDelivery {
  if (reason === 'NOT_FOUND') return CertificateDelivery.NOT_HELD;
  if (reason === 'SOURCE_UNAVAILABLE' || reason === 'SOURCE_ERROR') return CertificateDelivery.UNAVAILABLE;
  return CertificateDelivery.REFUSED;
}

function refusal(type: CertificateTypeRecord, reason: string, message: string): Sealed {
  return {
    certificate: {
      resourceCode: type.resourceCode,
      typeName: type.name,
      typeCode: type.typeCode,
      delivery: deliveryOf(reason),
      reason,
      message,
      identifier: null,
      number: null,
      holder: null,
      issuedOn: null,
      validFrom: null,
      validTo: null,
      issuer: null,
      regionCode: null,
      status: null,
      content: null,
      document: null,
      keyId: null,
      asOf: null,
    },
  };
}

function toCertificate(type: CertificateTypeRecord, payload: CertificatePayload, document: string, keyId: string): Certificate {
  return {
    resourceCode: type.resourceCode,
    typeName: payload.name,
    typeCode: payload.typeCode,
    delivery: CertificateDelivery.DELIVERED,
    reason: null,
    message: null,
    identifier: payload.identifier,
    number: payload.number,
    holder: payload.holder,
    issuedOn: payload.issuedOn,
    validFrom: payload.validFrom,
    validTo: payload.validTo,
    issuer: payload.issuer,
    regionCode: payload.regionCode,
    status: payload.status as CertificateStatusGql,
    content: payload.content.map((field) => ({ itemCode: field.item, name: field.name, value: field.value, masked: payload.masked.includes(field.item) })),
    document,
    keyId,
    asOf: payload.asOf,
  };
}

/**
 * Certificate types as the catalogue defines them, and how a released record becomes the
 * sealed payload: the metadata items (GB/T 36902: 证照标识, 证照编号 … 证照状态) are found by
 * their catalogue names, every other item is content (证面信息), in catalogue order.
 */
import { parseCertificateId } from '../common/identifiers/certificate-id.js';
import { validateCitizenId, validateCreditCode } from '../common/identifiers/index.js';
import { SubjectType, type Subject } from '../common/subject.js';
import type { ReleasedValue } from '../exchange/exchange.types.js';
import { PAYLOAD_VERSION, type CertificatePayload, type CertificateStatus } from './document.js';

export type MetadataField =
  | 'identifier'
  | 'number'
  | 'name'
  | 'typeCode'
  | 'holder.name'
  | 'holder.code'
  | 'holder.codeType'
  | 'issuedOn'
  | 'validFrom'
  | 'validTo'
  | 'issuer.name'
  | 'issuer.code'
  | 'regionCode'
  | 'status';

/** Catalogue item name → metadata field. */
export const METADATA_ITEMS: Readonly<Record<string, MetadataField>> = {
  证照标识: 'identifier',
  证照编号: 'number',
  证照名称: 'name',
  证照类型代码: 'typeCode',
  持证主体: 'holder.name',
  持证主体代码: 'holder.code',
  持证主体代码类型: 'holder.codeType',
  颁发日期: 'issuedOn',
  有效期起始: 'validFrom',
  有效期截止: 'validTo',
  颁发机构: 'issuer.name',
  颁发机构代码: 'issuer.code',
  管辖属地编码: 'regionCode',
  证照状态: 'status',
};

/** The lookup key a certificate resource may start with (the holder's identifier, repeated). */
const KEY_ITEMS = new Set(['公民身份号码', '统一社会信用代码']);

export interface CertificateTypeItem {
  itemCode: string;
  name: string;
  dataType: string;
  /** A metadata field, 'KEY' for the leading lookup key, or null for content. */
  role: MetadataField | 'KEY' | null;
}

export interface CertificateTypeRecord {
  resourceCode: string;
  name: string;
  typeCode: string;
  holderType: SubjectType;
  /** The providing department issues the certificates and seals them. */
  issuer: string;
  issuerName: string;
  issuerCreditCode: string;
  status: string;
  items: CertificateTypeItem[];
}

export function roleOf(name: string, index: number): CertificateTypeItem['role'] {
  if (index === 0 && KEY_ITEMS.has(name)) return 'KEY';
  return METADATA_ITEMS[name] ?? null;
}

/** Status words issuers use, to the three of GB/T 36902. */
const STATUS_WORDS: Record<string, CertificateStatus> = {
  VALID: 'VALID',
  有效: 'VALID',
  正常: 'VALID',
  REVOKED: 'REVOKED',
  注销: 'REVOKED',
  吊销: 'REVOKED',
  撤销: 'REVOKED',
  废止: 'REVOKED',
  EXPIRED: 'EXPIRED',
  过期: 'EXPIRED',
};

export function normalizeStatus(raw: unknown): CertificateStatus | undefined {
  return typeof raw === 'string' ? STATUS_WORDS[raw.trim().toUpperCase()] ?? STATUS_WORDS[raw.trim()] : undefined;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export type Built = { ok: true; payload: Omit<CertificatePayload, 'sealedAt' | 'delivery' | 'status'>; sourceStatus: CertificateStatus; holder: Subject } | { ok: false; message: string };

/**
 * The payload of one released record, checked against its type: the 证照标识 must be well formed
 * with the type's code, the issuer must be the type's issuing department, the holder a valid
 * identifier of the type's holder kind. `raw` is by item code, before masking.
 */
export function buildPayload(type: CertificateTypeRecord, values: readonly ReleasedValue[], raw: Readonly<Record<string, unknown>>, asOf: string): Built {
  const released = new Map(values.map((v) => [v.itemCode, v]));
  const meta = new Map<MetadataField | 'KEY', { value: string | null; raw: string | null }>();
  const content: CertificatePayload['content'] = [];
  const masked: string[] = [];
  for (const item of type.items) {
    const value = released.get(item.itemCode);
    if (!value) return { ok: false, message: `the record lacks ${item.name} (${item.itemCode})` };
    if (value.masked) masked.push(item.itemCode);
    const rawValue = raw[item.itemCode];
    const rawText = rawValue === null || rawValue === undefined ? null : String(rawValue);
    if (item.role) meta.set(item.role, { value: value.value, raw: rawText });
    else content.push({ item: item.itemCode, name: item.name, value: value.value });
  }
  const text = (field: MetadataField) => meta.get(field)?.value ?? null;
  const rawText = (field: MetadataField) => meta.get(field)?.raw?.trim() ?? null;

  const identifier = parseCertificateId(rawText('identifier') ?? '');
  if (!identifier.ok) return { ok: false, message: `malformed 证照标识: ${identifier.reason}` };
  if (identifier.typeCode !== type.typeCode) return { ok: false, message: `证照标识 ${identifier.normalized} is not of type ${type.typeCode}` };
  const issuerCode = rawText('issuer.code')?.toUpperCase();
  if (issuerCode !== type.issuerCreditCode || identifier.issuerCode !== type.issuerCreditCode) {
    return { ok: false, message: `the certificate names issuer ${issuerCode ?? '?'}, not ${type.issuerName} (${type.issuerCreditCode})` };
  }
  const holderCode = rawText('holder.code') ?? '';
  const holderCheck = type.holderType === SubjectType.PERSON ? validateCitizenId(holderCode) : validateCreditCode(holderCode);
  if (!holderCheck.ok) return { ok: false, message: `the holder's code is not a valid ${type.holderType === SubjectType.PERSON ? '公民身份号码' : '统一社会信用代码'}` };
  const sourceStatus = normalizeStatus(rawText('status'));
  if (!sourceStatus) return { ok: false, message: `unknown certificate status ${JSON.stringify(rawText('status'))}` };
  for (const field of ['issuedOn', 'validFrom', 'validTo'] as const) {
    const value = text(field);
    if (value !== null && !DATE.test(value)) return { ok: false, message: `${field} is not a YYYY-MM-DD date: ${value}` };
  }
  return {
    ok: true,
    sourceStatus,
    holder: { type: type.holderType, id: holderCheck.normalized },
    payload: {
      v: PAYLOAD_VERSION,
      identifier: identifier.normalized,
      number: text('number'),
      name: text('name') ?? type.name,
      typeCode: type.typeCode,
      resourceCode: type.resourceCode,
      holder: { name: text('holder.name'), code: text('holder.code'), codeType: text('holder.codeType') },
      issuedOn: text('issuedOn'),
      validFrom: text('validFrom'),
      validTo: text('validTo') || null,
      issuer: { name: text('issuer.name'), code: type.issuerCreditCode, department: type.issuer },
      regionCode: text('regionCode'),
      content,
      masked,
      asOf,
    },
  };
}

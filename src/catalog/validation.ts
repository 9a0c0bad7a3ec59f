/**
 * The catalogue's rules (编制指南, see docs/domain.md § The catalogue), checked on any resource or department,
 * whether it comes from GraphQL, a JSON or CSV import or the shipped data. Shape and domain
 * rules that need no database live here; the service adds the ones that do (the provider is a
 * PROVIDER department, related resources exist).
 */
import { validateCreditCode, isKnownRegionCode } from '../common/identifiers/index.js';
import { classificationProblem } from './classification.js';
import {
  DataType,
  DEPARTMENT_CODE_PATTERN,
  DepartmentKind,
  DepartmentLevel,
  ITEM_CODE_PATTERN,
  MaskRule,
  RESOURCE_CODE_PATTERN,
  ResourceFormat,
  ResourceStatus,
  ShareMethod,
  ShareType,
  SubjectType,
  UNCONDITIONAL_CONDITION,
  UpdateCycle,
  type DepartmentRecord,
  type ItemRecord,
  type ResourceRecord,
} from './model.js';

export const LIMITS = {
  resourceName: 50,
  summary: 256,
  condition: 500,
  itemName: 50,
  itemDescription: 256,
  items: 500,
  relatedResources: 100,
  retireReason: 256,
} as const;

/** One rule broken by one field (`shareCondition`, `items.3.dataType`). */
export class FieldProblem extends Error {
  constructor(readonly field: string, readonly problem: string) {
    super(`${field}: ${problem}`);
    this.name = 'FieldProblem';
  }
}

type Raw = Record<string, unknown>;

function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function chars(text: string): number {
  return Array.from(text).length;
}

function text(raw: Raw, key: string, field: string, options: { max: number; optional?: boolean }): string | undefined {
  const value = raw[key];
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    if (options.optional) return undefined;
    throw new FieldProblem(field, 'is required');
  }
  if (typeof value !== 'string') throw new FieldProblem(field, 'must be a string');
  const trimmed = value.trim();
  if (chars(trimmed) > options.max) throw new FieldProblem(field, `must be at most ${options.max} characters, got ${chars(trimmed)}`);
  return trimmed;
}

function required(raw: Raw, key: string, field: string, max: number): string {
  return text(raw, key, field, { max }) as string;
}

function oneOf<T extends string>(raw: Raw, key: string, field: string, values: Record<string, T>): T {
  const value = raw[key];
  if (value === undefined || value === null || value === '') throw new FieldProblem(field, 'is required');
  if (typeof value !== 'string' || !Object.values(values).includes(value as T)) {
    throw new FieldProblem(field, `must be one of ${Object.values(values).join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

function bool(raw: Raw, key: string, field: string): boolean {
  const value = raw[key];
  if (typeof value !== 'boolean') throw new FieldProblem(field, 'must be true or false');
  return value;
}

function isRealDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** Today's date in China (UTC+8), YYYY-MM-DD: the default 发布日期. */
export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** A law or policy cited as the basis for 不予共享: a 《title》 or a named law, regulation or rule. */
const LEGAL_BASIS = /《[^》]+》|法|条例|规定|办法|决定|意见|通知|政策/;

/**
 * Checks and normalises one resource (strings trimmed, related codes sorted and de-duplicated,
 * items in code order, 共享条件 of an unconditional resource defaulted to 无条件). Throws
 * FieldProblem naming the first field that breaks a rule.
 */
export function validateResource(raw: unknown, options: { allowRetired?: boolean; defaultPublishedAt?: string } = {}): ResourceRecord {
  if (!isObject(raw)) throw new FieldProblem('resource', 'must be an object');
  const code = required(raw, 'code', 'code', 20);
  if (!RESOURCE_CODE_PATTERN.test(code)) {
    throw new FieldProblem('code', 'must be a 6- to 8-digit classification code, "/" and a 6-digit sequence, e.g. 101001/000001');
  }
  const name = required(raw, 'name', 'name', LIMITS.resourceName);
  const providerCode = required(raw, 'providerCode', 'providerCode', 33);
  if (!DEPARTMENT_CODE_PATTERN.test(providerCode)) throw new FieldProblem('providerCode', 'is not a department code like ZJ-GAT');

  const category = raw.category;
  if (!isObject(category)) throw new FieldProblem('category', 'must have a code and a path');
  const categoryCode = required(category, 'code', 'category.code', 8);
  if (!Array.isArray(category.path) || category.path.some((label) => typeof label !== 'string')) {
    throw new FieldProblem('category.path', 'must be a list of labels, e.g. 基础 / 人口 / 户籍');
  }
  const path = (category.path as string[]).map((label) => label.trim());
  const problem = classificationProblem(categoryCode, path);
  if (problem) throw new FieldProblem(problem.startsWith('code') ? 'category.code' : 'category.path', problem);
  if (!code.startsWith(`${categoryCode}/`)) throw new FieldProblem('code', `must start with its classification code ${categoryCode}/`);

  const summary = required(raw, 'summary', 'summary', LIMITS.summary);
  const format = oneOf(raw, 'format', 'format', ResourceFormat);
  const shareType = oneOf(raw, 'shareType', 'shareType', ShareType);
  let shareCondition = text(raw, 'shareCondition', 'shareCondition', { max: LIMITS.condition, optional: true });
  if (shareType === ShareType.UNCONDITIONAL) {
    shareCondition ??= UNCONDITIONAL_CONDITION;
  } else if (shareCondition === undefined || shareCondition === UNCONDITIONAL_CONDITION) {
    throw new FieldProblem(
      'shareCondition',
      shareType === ShareType.CONDITIONAL ? 'a conditional resource must state its conditions' : 'a not-shared resource must state its legal or policy basis',
    );
  } else if (shareType === ShareType.NOT_SHARED && !LEGAL_BASIS.test(shareCondition)) {
    throw new FieldProblem('shareCondition', 'a not-shared resource must cite the law or policy it relies on (e.g. 依据《…》第…条)');
  }
  const shareMethod = oneOf(raw, 'shareMethod', 'shareMethod', ShareMethod);
  const openToPublic = bool(raw, 'openToPublic', 'openToPublic');
  const openCondition = text(raw, 'openCondition', 'openCondition', { max: LIMITS.condition, optional: true }) ?? null;
  if (openToPublic && shareType === ShareType.NOT_SHARED) throw new FieldProblem('openToPublic', 'a not-shared resource cannot be open to the public');
  if (openToPublic && openCondition === null) throw new FieldProblem('openCondition', 'is required when the resource is open to the public');
  if (!openToPublic && openCondition !== null) throw new FieldProblem('openCondition', 'must be empty when the resource is not open to the public');
  const updateCycle = oneOf(raw, 'updateCycle', 'updateCycle', UpdateCycle);
  const publishedAt = text(raw, 'publishedAt', 'publishedAt', { max: 10, optional: options.defaultPublishedAt !== undefined }) ?? options.defaultPublishedAt!;
  if (!isRealDate(publishedAt)) throw new FieldProblem('publishedAt', 'must be a date YYYY-MM-DD');

  const relatedRaw = raw.relatedResourceCodes ?? [];
  if (!Array.isArray(relatedRaw)) throw new FieldProblem('relatedResourceCodes', 'must be a list of resource codes');
  const related = [...new Set(relatedRaw.map((value, index) => {
    if (typeof value !== 'string' || !RESOURCE_CODE_PATTERN.test(value.trim())) {
      throw new FieldProblem(`relatedResourceCodes.${index}`, 'is not a resource code like 101001/000001');
    }
    return value.trim();
  }))].sort();
  if (related.includes(code)) throw new FieldProblem('relatedResourceCodes', 'a resource cannot be related to itself');
  if (related.length > LIMITS.relatedResources) throw new FieldProblem('relatedResourceCodes', `at most ${LIMITS.relatedResources}`);

  const subjectType = oneOf(raw, 'subjectType', 'subjectType', SubjectType);
  const status = raw.status === undefined || raw.status === null ? ResourceStatus.PUBLISHED : oneOf(raw, 'status', 'status', ResourceStatus);
  let retireReason: string | undefined;
  if (status === ResourceStatus.RETIRED) {
    if (!options.allowRetired) throw new FieldProblem('status', 'use retireResource to retire a resource');
    retireReason = text(raw, 'retireReason', 'retireReason', { max: LIMITS.retireReason });
  } else if (text(raw, 'retireReason', 'retireReason', { max: LIMITS.retireReason, optional: true }) !== undefined) {
    throw new FieldProblem('retireReason', 'only a retired resource has a retire reason');
  }

  let certificate: ResourceRecord['certificate'];
  if (raw.certificate !== undefined && raw.certificate !== null) {
    if (!isObject(raw.certificate)) throw new FieldProblem('certificate', 'must have a typeCode and a holderType');
    const typeCode = required(raw.certificate, 'typeCode', 'certificate.typeCode', 21);
    if (!/^[0-9A-Z]{18}\d{3}$/.test(typeCode) || !validateCreditCode(typeCode.slice(0, 18)).ok) {
      throw new FieldProblem('certificate.typeCode', "must be the defining authority's 统一社会信用代码 and 3 digits");
    }
    const holderType = oneOf(raw.certificate, 'holderType', 'certificate.holderType', SubjectType);
    if (holderType === SubjectType.OTHER) throw new FieldProblem('certificate.holderType', 'must be PERSON or LEGAL_ENTITY');
    if (holderType !== subjectType) throw new FieldProblem('certificate.holderType', `must equal the subjectType ${subjectType}`);
    if (!categoryCode.startsWith('105')) throw new FieldProblem('certificate', 'only resources classified under 105 电子证照 describe a certificate');
    certificate = { typeCode, holderType };
  }

  if (!Array.isArray(raw.items) || raw.items.length === 0) throw new FieldProblem('items', 'a resource needs at least one data item');
  if (raw.items.length > LIMITS.items) throw new FieldProblem('items', `at most ${LIMITS.items} data items`);
  const items = raw.items.map((item, index) => validateItem(item, code, `items.${index}`));
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.code)) throw new FieldProblem(`items.${index}.code`, `duplicate item code ${item.code}`);
    seen.add(item.code);
  });
  items.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

  return {
    code,
    name,
    providerCode,
    category: { code: categoryCode, path },
    summary,
    format,
    shareType,
    shareCondition,
    shareMethod,
    openToPublic,
    openCondition,
    updateCycle,
    publishedAt,
    relatedResourceCodes: related,
    subjectType,
    status,
    ...(retireReason !== undefined ? { retireReason } : {}),
    ...(certificate ? { certificate } : {}),
    items,
  };
}

function validateItem(raw: unknown, resourceCode: string, field: string): ItemRecord {
  if (!isObject(raw)) throw new FieldProblem(field, 'must be an object');
  const code = required(raw, 'code', `${field}.code`, 24);
  const match = ITEM_CODE_PATTERN.exec(code);
  if (!match || match[1] !== resourceCode) throw new FieldProblem(`${field}.code`, `must be the resource code and a 3-digit sequence, e.g. ${resourceCode}/001`);
  const name = required(raw, 'name', `${field}.name`, LIMITS.itemName);
  const dataType = oneOf(raw, 'dataType', `${field}.dataType`, DataType);
  let length: number | undefined;
  if (raw.length !== undefined && raw.length !== null) {
    if (typeof raw.length !== 'number' || !Number.isInteger(raw.length) || raw.length < 1 || raw.length > 1_000_000) {
      throw new FieldProblem(`${field}.length`, 'must be a whole number from 1 to 1000000');
    }
    length = raw.length;
  }
  const sensitivity = raw.sensitivity;
  if (typeof sensitivity !== 'number' || !Number.isInteger(sensitivity) || sensitivity < 1 || sensitivity > 4) {
    throw new FieldProblem(`${field}.sensitivity`, 'must be 1 (public) to 4 (highly sensitive)');
  }
  const maskRule = oneOf(raw, 'maskRule', `${field}.maskRule`, MaskRule);
  const description = text(raw, 'description', `${field}.description`, { max: LIMITS.itemDescription, optional: true }) ?? '';
  return { code, name, dataType, ...(length !== undefined ? { length } : {}), sensitivity, maskRule, description };
}

/** Checks one department record (code scheme, enumerations, 区划代码, 统一社会信用代码). */
export function validateDepartment(raw: unknown): DepartmentRecord {
  if (!isObject(raw)) throw new FieldProblem('department', 'must be an object');
  const code = required(raw, 'code', 'code', 33);
  if (!DEPARTMENT_CODE_PATTERN.test(code)) throw new FieldProblem('code', 'must look like ZJ-GAT (region, "-", unit abbreviation; capitals and digits)');
  const name = required(raw, 'name', 'name', 100);
  const shortName = required(raw, 'shortName', 'shortName', 50);
  const kind = oneOf(raw, 'kind', 'kind', DepartmentKind);
  const level = oneOf(raw, 'level', 'level', DepartmentLevel);
  const regionCode = required(raw, 'regionCode', 'regionCode', 6);
  if (!isKnownRegionCode(regionCode)) throw new FieldProblem('regionCode', `${regionCode} is not a GB/T 2260 区划代码`);
  const credit = validateCreditCode(required(raw, 'creditCode', 'creditCode', 18));
  if (!credit.ok) throw new FieldProblem('creditCode', credit.reason);
  return { code, name, shortName, kind, level, regionCode, creditCode: credit.normalized };
}

/**
 * Deterministic generator of sharehub's representative Zhejiang shared-data catalogue
 * (共享清单): 29 provincial providers, the platform, a few Hangzhou consumers, and
 * ~270 resources with ~2,700 data items described per 《政务信息资源目录编制指南（试行）》.
 * It is a representative catalogue built for the hub, not the official list.
 *
 * Writes data/catalog/departments.json, data/catalog/resources.json and data/catalog/README.md.
 *
 *   Run: `npm run catalog:generate` (builds, then runs dist/scripts/catalog/generate.js).
 *   Options: --out <dir> (default ./data/catalog), --check (compare with the files on
 *   disk instead of writing; exit 1 on any difference).
 *
 * Classification numbering (see classification.ts for the full table):
 *   类 (1 digit) 1 基础 / 2 主题 / 3 部门; 项 (2 digits); 目 (3 digits); 细目 (2 digits,
 *   only under 105 电子证照). Class 3: 项 = provider index 01–29, 目 = provider's business
 *   area in order of first use. Resource code = classification code + '/' + 6-digit
 *   sequence within that classification code; item code = resource code + '/' + 3 digits.
 *
 * Department codes: `<REGION>-<ABBR>` (ZJ-GAT 省公安厅 …), see departments.ts.
 * Credit codes: 1 (机构编制) + 1/2/3 (机关/事业单位/群团) + region code + a 9-character
 * GB 11714 organisation code (own check digit) + GB 32100 check character, computed and
 * validated with src/common/identifiers/credit-code.ts.
 *
 * Determinism: no clock, no Math.random. Every random choice comes from mulberry32 (`Rng` of src/common/prng.ts)
 * seeded with SEED xor an FNV-1a hash of a stable key (department code, or provider code
 * + resource name), so adding a resource does not reshuffle the others. Object keys are
 * written in a fixed order; two runs give byte-identical files.
 */

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import {
  CATEGORIES,
  CERTIFICATE_SUBCATEGORIES,
  CLASS_LABELS,
  SUBCLASS_LABELS,
} from './classification.js';
import { CONSUMERS, PLATFORM, PROVIDERS, type DepartmentDef, type DepartmentKind, type DepartmentLevel } from './departments.js';
import {
  inferItem,
  type DataType,
  type ItemContext,
  type MaskRule,
  type Sensitivity,
  type SubjectType,
} from './items.js';
import {
  SPECS,
  type ResourceFormat,
  type ResourceSpec,
  type ShareMethod,
  type ShareType,
  type UpdateCycle,
} from './resources.js';
import { creditCodeCheckChar, validateCreditCode } from '../../src/common/identifiers/credit-code.js';
import { hashUtf8, Rng, weightedTable } from '../../src/common/prng.js';

const SEED = 0x33_0000_29;

// ================================================================ output shapes

export interface Department {
  code: string;
  name: string;
  shortName: string;
  kind: DepartmentKind;
  level: DepartmentLevel;
  regionCode: string;
  creditCode: string;
}

export interface DataItem {
  code: string;
  name: string;
  dataType: DataType;
  length?: number;
  sensitivity: Sensitivity;
  maskRule: MaskRule;
  description: string;
}

export interface Resource {
  code: string;
  name: string;
  providerCode: string;
  category: { code: string; path: string[] };
  summary: string;
  format: ResourceFormat;
  shareType: ShareType;
  shareCondition: string;
  shareMethod: ShareMethod;
  openToPublic: boolean;
  openCondition: string | null;
  updateCycle: UpdateCycle;
  publishedAt: string;
  relatedResourceCodes: string[];
  subjectType: SubjectType;
  status: 'PUBLISHED' | 'DRAFT';
  certificate?: { typeCode: string; holderType: 'PERSON' | 'LEGAL_ENTITY' };
  items: DataItem[];
}

export const FORMAT_LABELS: Record<ResourceFormat, string> = {
  ELECTRONIC_FILE: '电子文件',
  SPREADSHEET: '电子表格',
  DATABASE: '数据库',
  IMAGE: '图形图像',
  STREAMING_MEDIA: '流媒体',
  SELF_DESCRIBING: '自描述格式',
  SERVICE_API: '服务接口',
};
export const SHARE_TYPE_LABELS: Record<ShareType, string> = {
  UNCONDITIONAL: '无条件共享',
  CONDITIONAL: '有条件共享',
  NOT_SHARED: '不予共享',
};
export const SHARE_METHOD_LABELS: Record<ShareMethod, string> = {
  API: '共享平台方式（接口）',
  TABLE: '共享平台方式（库表）',
  FILE: '共享平台方式（文件）',
  EMAIL: '邮件',
  MEDIA: '介质',
};
export const UPDATE_CYCLE_LABELS: Record<UpdateCycle, string> = {
  REALTIME: '实时',
  DAILY: '每日',
  WEEKLY: '每周',
  MONTHLY: '每月',
  QUARTERLY: '每季度',
  HALF_YEARLY: '每半年',
  YEARLY: '每年',
  OTHER: '其他',
};

// ================================================================ PRNG

/** The seeded generator of one key (department code, provider and resource name…): src/common/prng.ts. */
function rngFor(key: string): Rng {
  return Rng.fromState((hashUtf8(key) ^ SEED) >>> 0);
}

// ================================================================ identifiers

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11714 organisation-code check character over the 8-character body. */
function orgCodeCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = body8[i]!;
    const v = /[0-9]/.test(ch) ? ch.charCodeAt(0) - 48 : ch.charCodeAt(0) - 55;
    sum += v * ORG_WEIGHTS[i]!;
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

function departmentCreditCode(def: DepartmentDef): string {
  const rng = rngFor(`uscc|${def.code}`);
  let digits = '';
  for (let i = 0; i < 6; i++) digits += String(rng.range(0, 9));
  const org8 = `00${digits}`;
  const body17 = `1${def.orgKind}${def.regionCode}${org8}${orgCodeCheckChar(org8)}`;
  return body17 + creditCodeCheckChar(body17);
}

// ================================================================ departments

function buildDepartments(): Department[] {
  const defs = [...PROVIDERS, PLATFORM, ...CONSUMERS];
  return defs.map((d) => ({
    code: d.code,
    name: d.name,
    shortName: d.shortName,
    kind: d.kind,
    level: d.level,
    regionCode: d.regionCode,
    creditCode: departmentCreditCode(d),
  }));
}

// ================================================================ resources

interface ParsedItem {
  name: string;
  type?: DataType;
  description?: string;
}

const DATA_TYPES = new Set<DataType>(['C', 'N', 'Y', 'D', 'T', 'L', 'M', 'G', 'B', 'I', 'F']);

function parseItems(tokens: string): ParsedItem[] {
  return tokens
    .split(/\s+/)
    .filter((t) => t.length > 0)
    .map((token) => {
      const [head, description] = token.split('#', 2) as [string, string | undefined];
      const [name, type] = head.split(':', 2) as [string, string | undefined];
      if (type !== undefined && !DATA_TYPES.has(type as DataType)) {
        throw new Error(`bad data type ${type} in token ${token}`);
      }
      const item: ParsedItem = { name };
      if (type !== undefined) item.type = type as DataType;
      if (description !== undefined) item.description = description;
      return item;
    });
}

const CERT_METADATA = '证照标识 证照编号 证照名称 证照类型代码 持证主体 持证主体代码 持证主体代码类型 颁发日期 有效期起始 有效期截止 颁发机构 颁发机构代码 管辖属地编码 证照状态';

function subjectOf(spec: ResourceSpec): SubjectType {
  return spec.subject === 'P' ? 'PERSON' : spec.subject === 'E' ? 'LEGAL_ENTITY' : 'OTHER';
}

function keyItemName(subject: SubjectType): string | undefined {
  return subject === 'PERSON' ? '公民身份号码' : subject === 'LEGAL_ENTITY' ? '统一社会信用代码' : undefined;
}

function itemList(spec: ResourceSpec, subject: SubjectType): ParsedItem[] {
  const key = keyItemName(subject);
  let items = parseItems(spec.items);
  if (spec.certificate) {
    const keyItem: ParsedItem = {
      name: key!,
      description:
        subject === 'PERSON'
          ? '持证人的公民身份号码，资源查询键（与持证主体代码一致）'
          : '持证单位的统一社会信用代码，资源查询键（与持证主体代码一致）',
    };
    items = [keyItem, ...parseItems(CERT_METADATA), ...items];
  } else if (key !== undefined && items[0]?.name !== key) {
    items = [{ name: key }, ...items];
  } else if (key !== undefined && items[0]?.description !== undefined && !items[0].description.includes('查询键')) {
    items[0] = { ...items[0], description: `${items[0].description}，资源查询键` };
  }
  return items;
}

function dateString(dayNumber: number): string {
  return new Date(dayNumber * 86_400_000).toISOString().slice(0, 10);
}

function dayNumber(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
}

/** A weekday between lo and hi (inclusive), both YYYY-MM-DD. */
function pickWorkday(rng: Rng, lo: string, hi: string): string {
  let d = rng.range(dayNumber(lo), dayNumber(hi));
  // 1970-01-01 was a Thursday: (d + 4) % 7 gives 0 = Sunday … 6 = Saturday.
  while ((d + 4) % 7 === 0 || (d + 4) % 7 === 6) d += 1;
  return dateString(d);
}

const OPEN_CONDITIONS = [
  '无条件开放',
  '通过浙江省公共数据开放平台无条件开放',
  '有条件开放：须在浙江省公共数据开放平台实名注册并签署数据开放利用协议',
];

function listPhrase(names: string[]): string {
  return names.join('、');
}

interface Built {
  resources: Resource[];
  specOf: Map<string, ResourceSpec>;
}

function buildResources(departments: Department[]): Built {
  const providerDefs = new Map(PROVIDERS.map((p) => [p.code, p]));
  const creditCodes = new Map(departments.map((d) => [d.code, d.creditCode]));
  const sequenceByClass = new Map<string, number>();
  const deptAreas = new Map<string, Map<string, string>>(); // provider → area name → 目 code
  const certSeqByProvider = new Map<string, number>();
  const resources: Resource[] = [];
  const specOf = new Map<string, ResourceSpec>();

  for (const spec of SPECS) {
    const provider = providerDefs.get(spec.provider);
    if (!provider || provider.index === undefined) throw new Error(`unknown provider ${spec.provider}`);
    const rng = rngFor(`res|${spec.provider}|${spec.name}`);
    const subject = subjectOf(spec);

    // ---- classification
    let categoryCode: string;
    let path: string[];
    let use: string;
    let categoryCondition: string | undefined;
    if (spec.category.startsWith('D:')) {
      const area = spec.category.slice(2);
      const areas = deptAreas.get(spec.provider) ?? new Map<string, string>();
      deptAreas.set(spec.provider, areas);
      if (!areas.has(area)) {
        areas.set(area, `3${String(provider.index).padStart(2, '0')}${String(areas.size + 1).padStart(3, '0')}`);
      }
      categoryCode = areas.get(area)!;
      path = [CLASS_LABELS['3']!, provider.shortName, area];
      use = `${area}业务协同及相关政务服务、监管事项办理`;
    } else if (spec.category.length === 8) {
      const subName = CERTIFICATE_SUBCATEGORIES[spec.category];
      const parent = CATEGORIES[spec.category.slice(0, 6)];
      if (!subName || !parent) throw new Error(`unknown certificate category ${spec.category}`);
      if (subName !== spec.name) throw new Error(`细目 ${spec.category} is ${subName}, not ${spec.name}`);
      categoryCode = spec.category;
      path = [...parent.path, subName];
      use = parent.use;
      categoryCondition = parent.condition;
    } else {
      const def = CATEGORIES[spec.category];
      if (!def) throw new Error(`unknown category ${spec.category} for ${spec.name}`);
      categoryCode = spec.category;
      path = def.path;
      use = def.use;
      categoryCondition = def.condition;
    }
    if (path[0] !== CLASS_LABELS[categoryCode[0]!] || (categoryCode[0] !== '3' && path[1] !== SUBCLASS_LABELS[categoryCode.slice(0, 3)])) {
      throw new Error(`category path ${path.join('/')} does not match code ${categoryCode}`);
    }
    const seq = (sequenceByClass.get(categoryCode) ?? 0) + 1;
    sequenceByClass.set(categoryCode, seq);
    const code = `${categoryCode}/${String(seq).padStart(6, '0')}`;

    // ---- items
    const ctx: ItemContext = { subject };
    if (spec.certificate) ctx.holder = spec.certificate.holder;
    if (spec.keyMask) ctx.keyMask = spec.keyMask;
    const parsed = itemList(spec, subject);
    const shareType: ShareType =
      spec.share === 'U'
        ? 'UNCONDITIONAL'
        : spec.share === 'N'
          ? 'NOT_SHARED'
          : spec.share === 'C'
            ? 'CONDITIONAL'
            : defaultShareType(subject, rng);
    const items: DataItem[] = parsed.map((p, i) => {
      const t = inferItem(p.name, ctx, p.type, p.description);
      const sensitivity = shareType === 'NOT_SHARED' ? (Math.max(t.sensitivity, 3) as Sensitivity) : t.sensitivity;
      return {
        code: `${code}/${String(i + 1).padStart(3, '0')}`,
        name: p.name,
        dataType: t.dataType,
        ...(t.length !== undefined ? { length: t.length } : {}),
        sensitivity,
        maskRule: t.maskRule,
        description: t.description,
      };
    });

    // ---- sharing attributes
    const shareCondition =
      shareType === 'UNCONDITIONAL'
        ? '无条件'
        : (spec.condition ?? categoryCondition ?? provider.defaultCondition ?? '');
    if (shareType !== 'UNCONDITIONAL' && shareCondition === '') throw new Error(`no condition for ${spec.name}`);
    const updateCycle = spec.cycle ?? defaultCycle(subject, rng);
    const shareMethod = spec.method ?? defaultMethod(subject, updateCycle, rng);
    const format = spec.format ?? defaultFormat(shareMethod, rng);
    let openToPublic = false;
    let openCondition: string | null = null;
    if (spec.open !== undefined && spec.open !== false) {
      if (shareType === 'NOT_SHARED') throw new Error(`${spec.name}: not-shared resource cannot be open`);
      openToPublic = true;
      openCondition = typeof spec.open === 'string' ? spec.open : rng.pick(OPEN_CONDITIONS);
    }
    const publishedAt = spec.draft
      ? pickWorkday(rng, '2026-09-01', '2026-11-20')
      : pickWorkday(rng, spec.certificate ? '2024-03-01' : '2024-01-02', '2026-08-31');

    // ---- summary
    const providerShort = provider.shortName;
    let summary: string;
    if (spec.summary) {
      summary = spec.summary;
    } else if (spec.certificate) {
      const content = parseItems(spec.items)
        .slice(0, 3)
        .map((p) => p.name);
      summary = `${providerShort}颁发的${spec.name}电子证照，包含证照标识、证照编号、持证主体、颁发日期、有效期等证照元数据及${listPhrase(content)}等证面信息，${use}。`;
    } else {
      const skip = subject === 'OTHER' ? 0 : 1;
      const shown = items.slice(skip, skip + 5).map((i) => i.name);
      const tail =
        shareType === 'NOT_SHARED' ? '依法不予共享，仅在目录中登记以备查询。' : `用于${use}。`;
      summary = `${providerShort}归集的全省${spec.name}，包括${listPhrase(shown)}等${items.length}个信息项，${tail}`;
    }

    let certificate: Resource['certificate'];
    if (spec.certificate) {
      const n = (certSeqByProvider.get(spec.provider) ?? 0) + 1;
      certSeqByProvider.set(spec.provider, n);
      certificate = {
        typeCode: `${creditCodes.get(spec.provider)!}${String(n).padStart(3, '0')}`,
        holderType: spec.certificate.holder,
      };
    }

    const resource: Resource = {
      code,
      name: spec.name,
      providerCode: spec.provider,
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
      relatedResourceCodes: [],
      subjectType: subject,
      status: spec.draft ? 'DRAFT' : 'PUBLISHED',
      ...(certificate ? { certificate } : {}),
      items,
    };
    resources.push(resource);
    specOf.set(code, spec);
  }

  // ---- related resources: explicit links + certificate → source, made symmetric
  const byProviderAndName = new Map(resources.map((r) => [`${r.providerCode}:${r.name}`, r]));
  const links = new Map<string, Set<string>>(resources.map((r) => [r.code, new Set<string>()]));
  const link = (a: Resource, b: Resource): void => {
    if (a.code === b.code) return;
    links.get(a.code)!.add(b.code);
    links.get(b.code)!.add(a.code);
  };
  for (const r of resources) {
    const spec = specOf.get(r.code)!;
    const targets = [...(spec.related ?? [])];
    if (spec.certificate?.source) targets.push(spec.certificate.source);
    for (const t of targets) {
      const key = t.includes(':') ? t : `${r.providerCode}:${t}`;
      const target = byProviderAndName.get(key);
      if (!target) throw new Error(`${r.name}: related resource ${key} not found`);
      link(r, target);
    }
  }
  for (const r of resources) r.relatedResourceCodes = [...links.get(r.code)!].sort();

  return { resources, specOf };
}

function defaultShareType(subject: SubjectType, rng: Rng): ShareType {
  if (subject === 'PERSON') return 'CONDITIONAL';
  if (subject === 'LEGAL_ENTITY') return rng.next() < 0.6 ? 'CONDITIONAL' : 'UNCONDITIONAL';
  return rng.next() < 0.35 ? 'CONDITIONAL' : 'UNCONDITIONAL';
}

function defaultCycle(subject: SubjectType, rng: Rng): UpdateCycle {
  switch (subject) {
    case 'PERSON':
      return rng.weighted(weightedTable<UpdateCycle>([
        ['REALTIME', 25],
        ['DAILY', 55],
        ['WEEKLY', 5],
        ['MONTHLY', 15],
      ]));
    case 'LEGAL_ENTITY':
      return rng.weighted(weightedTable<UpdateCycle>([
        ['REALTIME', 20],
        ['DAILY', 55],
        ['WEEKLY', 10],
        ['MONTHLY', 10],
        ['QUARTERLY', 5],
      ]));
    default:
      return rng.weighted(weightedTable<UpdateCycle>([
        ['DAILY', 30],
        ['MONTHLY', 25],
        ['QUARTERLY', 20],
        ['HALF_YEARLY', 10],
        ['YEARLY', 15],
      ]));
  }
}

function defaultMethod(subject: SubjectType, cycle: UpdateCycle, rng: Rng): ShareMethod {
  switch (cycle) {
    case 'REALTIME':
      return rng.weighted(weightedTable<ShareMethod>([
        ['API', 85],
        ['TABLE', 15],
      ]));
    case 'DAILY':
    case 'WEEKLY':
      return rng.weighted(weightedTable<ShareMethod>([
        ['API', 62],
        ['TABLE', 38],
      ]));
    case 'YEARLY':
    case 'HALF_YEARLY':
      if (subject === 'OTHER') {
        return rng.weighted(weightedTable<ShareMethod>([
          ['FILE', 60],
          ['TABLE', 40],
        ]));
      }
      break;
    default:
      break;
  }
  // Person data is looked up case by case, so it is never shipped as periodic files.
  return rng.weighted(weightedTable<ShareMethod>([
    ['API', 55],
    ['TABLE', 35],
    ['FILE', subject === 'PERSON' ? 0 : 10],
  ]));
}

function defaultFormat(method: ShareMethod, rng: Rng): ResourceFormat {
  switch (method) {
    case 'API':
      return rng.next() < 0.8 ? 'SERVICE_API' : 'DATABASE';
    case 'TABLE':
      return 'DATABASE';
    case 'FILE':
      return rng.next() < 0.7 ? 'SPREADSHEET' : 'ELECTRONIC_FILE';
    case 'EMAIL':
      return 'SPREADSHEET';
    case 'MEDIA':
      return 'ELECTRONIC_FILE';
  }
}

// ================================================================ validation

function validate(departments: Department[], resources: Resource[]): void {
  const errors: string[] = [];
  const fail = (msg: string): void => {
    errors.push(msg);
  };

  const providers = departments.filter((d) => d.kind === 'PROVIDER');
  if (providers.length !== 29) fail(`expected 29 providers, got ${providers.length}`);
  if (departments.filter((d) => d.kind === 'PLATFORM').length !== 1) fail('expected exactly one platform');
  const consumers = departments.filter((d) => d.kind === 'CONSUMER').length;
  if (consumers < 4 || consumers > 8) fail(`expected 4–8 consumers, got ${consumers}`);

  const seen = new Set<string>();
  const unique = (kind: string, value: string): void => {
    if (seen.has(`${kind}|${value}`)) fail(`duplicate ${kind}: ${value}`);
    seen.add(`${kind}|${value}`);
  };
  for (const d of departments) {
    unique('department code', d.code);
    unique('department name', d.name);
    unique('credit code', d.creditCode);
    if (!/^(ZJ|HZ|HZSC|HZXH|HZYH)-[A-Z]+$/.test(d.code)) fail(`bad department code ${d.code}`);
    const check = validateCreditCode(d.creditCode);
    if (!check.ok) fail(`bad credit code ${d.creditCode}: ${check.reason}`);
    if (d.creditCode.slice(2, 8) !== d.regionCode) fail(`credit code region mismatch ${d.code}`);
    if (orgCodeCheckChar(d.creditCode.slice(8, 16)) !== d.creditCode[16]) fail(`bad org code ${d.creditCode}`);
  }

  const providerCodes = new Set(providers.map((p) => p.code));
  const creditByCode = new Map(departments.map((d) => [d.code, d.creditCode]));
  const resourceCodes = new Set(resources.map((r) => r.code));
  for (const r of resources) {
    unique('resource code', r.code);
    unique('resource name in provider', `${r.providerCode}:${r.name}`);
    if (!/^[123]\d{5}(\d{2})?\/\d{6}$/.test(r.code)) fail(`bad resource code ${r.code}`);
    if (!r.code.startsWith(`${r.category.code}/`)) fail(`code/category mismatch ${r.code}`);
    if (!providerCodes.has(r.providerCode)) fail(`${r.code}: unknown provider ${r.providerCode}`);
    if ([...r.name].length > 50) fail(`${r.code}: name longer than 50 characters`);
    if ([...r.summary].length > 256) fail(`${r.code}: summary longer than 256 characters (${[...r.summary].length})`);
    if (r.category.path.length !== r.category.code.length / 2) {
      // 6 digits ↔ 3 levels, 8 digits ↔ 4 levels
      fail(`${r.code}: path depth ${r.category.path.length} does not match ${r.category.code}`);
    }
    if ((r.shareType === 'UNCONDITIONAL') !== (r.shareCondition === '无条件')) fail(`${r.code}: share condition`);
    if (r.shareType === 'NOT_SHARED' && !/依据/.test(r.shareCondition)) fail(`${r.code}: not-shared without basis`);
    if (r.openToPublic !== (r.openCondition !== null)) fail(`${r.code}: open condition`);
    if (!/^20(24|25|26)-\d\d-\d\d$/.test(r.publishedAt)) fail(`${r.code}: publishedAt ${r.publishedAt}`);
    for (const rel of r.relatedResourceCodes) if (!resourceCodes.has(rel)) fail(`${r.code}: related ${rel} missing`);
    const key = keyItemName(r.subjectType);
    if (key !== undefined && r.items[0]?.name !== key) fail(`${r.code}: first item must be ${key}`);
    if (r.subjectType === 'PERSON' && r.items[0]?.maskRule !== 'ID_NUMBER') fail(`${r.code}: key not masked`);
    if (r.items.length < 4) fail(`${r.code}: only ${r.items.length} items`);
    if (r.certificate) {
      const issuer = creditByCode.get(r.providerCode)!;
      if (!new RegExp(`^${issuer}\\d{3}$`).test(r.certificate.typeCode)) fail(`${r.code}: bad typeCode`);
      if (r.certificate.holderType !== r.subjectType) fail(`${r.code}: holder/subject mismatch`);
      if (!r.category.code.startsWith('105')) fail(`${r.code}: certificate outside 105`);
      unique('certificate typeCode', r.certificate.typeCode);
    }
    const names = new Set<string>();
    r.items.forEach((item, i) => {
      unique('item code', item.code);
      if (item.code !== `${r.code}/${String(i + 1).padStart(3, '0')}`) fail(`${item.code}: out of sequence`);
      if (names.has(item.name)) fail(`${r.code}: duplicate item name ${item.name}`);
      names.add(item.name);
      if (/字段|item|\d{2,}$/i.test(item.name)) fail(`${item.code}: filler-looking name ${item.name}`);
      if (item.description.length === 0) fail(`${item.code}: empty description`);
    });
  }
  const items = resources.reduce((n, r) => n + r.items.length, 0);
  if (resources.length < 250) fail(`only ${resources.length} resources`);
  if (items < 2600) fail(`only ${items} items`);
  const notShared = resources.filter((r) => r.shareType === 'NOT_SHARED').length;
  if (notShared < 5 || notShared > 10) fail(`${notShared} not-shared resources (want 5–10)`);
  if (errors.length > 0) throw new Error(`catalogue validation failed:\n  ${errors.join('\n  ')}`);
}

// ================================================================ README

function countBy<T, K extends string>(values: T[], key: (v: T) => K): Map<K, number> {
  const m = new Map<K, number>();
  for (const v of values) m.set(key(v), (m.get(key(v)) ?? 0) + 1);
  return m;
}

function pct(n: number, total: number): string {
  return `${((100 * n) / total).toFixed(1)}%`;
}

function table<K extends string>(counts: Map<K, number>, labels: Record<K, string>, total: number): string {
  const rows = (Object.keys(labels) as K[])
    .filter((k) => counts.has(k))
    .map((k) => `| \`${k}\` | ${labels[k]} | ${counts.get(k)} | ${pct(counts.get(k)!, total)} |`);
  return ['| key | 含义 | resources | share |', '|---|---|---:|---:|', ...rows].join('\n');
}

/** Resources named in the catalogue brief; listed with their codes in the README. */
const KEY_RESOURCES: Array<[string, string]> = [
  ['ZJ-GAT', '居民户籍信息'],
  ['ZJ-GAT', '居民身份证信息'],
  ['ZJ-MZT', '婚姻登记信息'],
  ['ZJ-RLSBT', '社会保险参保信息'],
  ['ZJ-ZRZYT', '不动产登记信息'],
  ['ZJ-SCJGJ', '企业登记基本信息'],
  ['ZJ-WSJKW', '出生医学证明信息'],
  ['ZJ-SFT', '律师执业信息'],
  ['ZJ-SWJ', '纳税信用等级信息'],
  ['ZJ-CL', '残疾人证信息'],
  ['ZJ-GJJZX', '住房公积金缴存信息'],
  ['ZJ-SCJGJ', '食品经营许可信息'],
  ['ZJ-GAT', '居民户口簿'],
  ['ZJ-MZT', '结婚证'],
  ['ZJ-SCJGJ', '营业执照'],
  ['ZJ-ZRZYT', '不动产权证书'],
  ['ZJ-WSJKW', '出生医学证明'],
  ['ZJ-SFT', '律师执业证书'],
  ['ZJ-SCJGJ', '食品经营许可证'],
];

function buildReadme(departments: Department[], resources: Resource[]): string {
  const total = resources.length;
  const items = resources.reduce((n, r) => n + r.items.length, 0);
  const providers = departments.filter((d) => d.kind === 'PROVIDER');
  const perProvider = providers
    .map((p) => {
      const own = resources.filter((r) => r.providerCode === p.code);
      return `| \`${p.code}\` | ${p.name} | ${own.length} | ${own.reduce((n, r) => n + r.items.length, 0)} |`;
    })
    .join('\n');
  const others = departments
    .filter((d) => d.kind !== 'PROVIDER')
    .map((d) => `| \`${d.code}\` | ${d.name} | ${d.kind} | ${d.level} | ${d.regionCode} |`)
    .join('\n');
  const subjects: Record<SubjectType, string> = {
    PERSON: '自然人（公民身份号码）',
    LEGAL_ENTITY: '法人及其他组织（统一社会信用代码）',
    OTHER: '其他（统计、监测、设施等）',
  };
  const classRows = Object.entries(SUBCLASS_LABELS)
    .map(([code, label]) => {
      const targets = Object.entries(CATEGORIES)
        .filter(([c]) => c.startsWith(code))
        .map(([c, def]) => `${c.slice(3)} ${def.path[2]}`)
        .join(' · ');
      return `| ${code[0]} ${CLASS_LABELS[code[0]!]} | ${code.slice(1)} ${label} | ${targets} |`;
    })
    .join('\n');
  const certs = resources.filter((r) => r.certificate).length;
  const drafts = resources.filter((r) => r.status === 'DRAFT').length;
  const open = resources.filter((r) => r.openToPublic).length;
  const withRelated = resources.filter((r) => r.relatedResourceCodes.length > 0).length;

  const keyRows = KEY_RESOURCES.map(([provider, name]) => {
    const r = resources.find((x) => x.providerCode === provider && x.name === name);
    if (!r) throw new Error(`key resource ${provider}:${name} missing`);
    const cert = r.certificate ? `certificate ${r.certificate.typeCode}` : '';
    return `| \`${r.code}\` | ${r.name} | \`${provider}\` | ${r.subjectType} | ${r.shareType} | ${r.shareMethod} | ${cert} |`;
  }).join('\n');

  return `# Representative shared-data catalogue (共享清单)

Generated by \`scripts/catalog/generate.ts\` — **do not edit by hand**; change the specs in
\`scripts/catalog/\` and regenerate. This is a *representative* Zhejiang provincial catalogue
built for sharehub (demo, tests, benchmarks). It is **not** the official list: names follow
real provincial units and real certificate and registration practice, but codes, credit
codes, dates and the exact item lists are made up.

## Files

- \`departments.json\` — ${departments.length} departments: ${providers.length} provincial providers (PROVIDER), the
  sharing authority (PLATFORM) and ${departments.filter((d) => d.kind === 'CONSUMER').length} Hangzhou city/district consumers (CONSUMER).
  Fields: \`code, name, shortName, kind, level, regionCode, creditCode\`.
- \`resources.json\` — ${total} resources with ${items} data items. Fields: \`code, name, providerCode,
  category{code,path}, summary, format, shareType, shareCondition, shareMethod, openToPublic,
  openCondition, updateCycle, publishedAt, relatedResourceCodes, subjectType, status,
  certificate?{typeCode,holderType}, items[]\`; item fields: \`code, name, dataType, length?,
  sensitivity (1 public … 4 highly sensitive), maskRule, description\`.

Both files are arrays, pretty-printed with two spaces, keys in a fixed order.

## Codes

- Department: \`<REGION>-<ABBR>\` — REGION \`ZJ\` 省级, \`HZ\` 杭州市, \`HZSC\` 上城区, \`HZXH\` 西湖区,
  \`HZYH\` 余杭区; ABBR = pinyin initials of the unit's customary short name (\`ZJ-GAT\` 省公安厅).
- 统一社会信用代码: \`1\` (机构编制) + \`1\` 机关 / \`2\` 事业单位 (公积金中心) / \`3\` 群团 (残联) +
  region code + GB 11714 organisation code (with its own check digit) + GB 32100 check character.
- Resource: \`<classification code>/<6-digit sequence within that code>\`, e.g. \`101001/000001\`.
  Item: resource code + \`/<3-digit sequence>\`. Regex: \`^[123]\\d{5}(\\d{2})?/\\d{6}(/\\d{3})?$\`.
- Certificate type code (\`certificate.typeCode\`): issuing provider's credit code + 3 digits.

## Classification (类 1 digit / 项 2 / 目 3 / 细目 2, per 政务信息资源目录编制指南)

| 类 | 项 | 目 used here |
|---|---|---|
${classRows}
| 3 部门 | provider index 01–29 | the provider's business areas, numbered 001… in order of first use |

细目 (2 digits) is used only under 105 电子证照: one per certificate type (\`10500101\` 居民户口簿 …).

## Counts

- ${providers.length} providers, ${total} resources, ${items} data items (${(items / total).toFixed(1)} per resource);
  ${certs} electronic-certificate resources, ${open} open to the public, ${withRelated} with related resources,
  ${drafts} in DRAFT.

Key resources (stable codes other modules, demos and tests may rely on):

| code | name | provider | subject | share | method | |
|---|---|---|---|---|---|---|
${keyRows}

Share type:

${table(countBy(resources, (r) => r.shareType), SHARE_TYPE_LABELS, total)}

Share method:

${table(countBy(resources, (r) => r.shareMethod), SHARE_METHOD_LABELS, total)}

Subject type (the lookup key is the first item of every PERSON / LEGAL_ENTITY resource):

${table(countBy(resources, (r) => r.subjectType), subjects, total)}

Update cycle:

${table(countBy(resources, (r) => r.updateCycle), UPDATE_CYCLE_LABELS, total)}

Per provider:

| code | provider | resources | items |
|---|---|---:|---:|
${perProvider}

Other departments:

| code | name | kind | level | region |
|---|---|---|---|---|
${others}

## Regenerate

From the repository root:

\`\`\`sh
npm run catalog:generate           # writes data/catalog/
npm run catalog:generate -- --check  # verifies the committed files are current (CI runs this)
\`\`\`

The script's own code lives in \`scripts/catalog/\`: \`departments.ts\` (units and code scheme),
\`classification.ts\` (类/项/目 table), \`resources.ts\` (one spec per resource), \`items.ts\`
(data type, length, sensitivity, masking and description rules), \`generate.ts\` (assembly,
validation, output). Credit-code check characters come from
\`src/common/identifiers/credit-code.ts\`.

The output is deterministic (seeded mulberry32, no clock): two runs give byte-identical files.
`;
}

// ================================================================ main

export function buildCatalogue(): { departments: Department[]; resources: Resource[]; readme: string } {
  const departments = buildDepartments();
  const { resources } = buildResources(departments);
  validate(departments, resources);
  return { departments, resources, readme: buildReadme(departments, resources) };
}

function main(argv: string[]): number {
  const outIndex = argv.indexOf('--out');
  const check = argv.includes('--check');
  let outDir: string;
  if (outIndex >= 0) {
    const given = argv[outIndex + 1];
    if (!given) throw new Error('--out needs a directory');
    outDir = resolve(given);
  } else {
    if (!existsSync(join(process.cwd(), 'package.json')) || !existsSync(join(process.cwd(), 'scripts', 'catalog'))) {
      throw new Error('run from the repository root, or pass --out <dir>');
    }
    outDir = resolve('data', 'catalog');
  }
  const { departments, resources, readme } = buildCatalogue();
  const files: Record<string, string> = {
    'departments.json': `${JSON.stringify(departments, null, 2)}\n`,
    'resources.json': `${JSON.stringify(resources, null, 2)}\n`,
    'README.md': readme,
  };
  if (check) {
    const stale = Object.entries(files).filter(([name, text]) => {
      const path = join(outDir, name);
      return !existsSync(path) || readFileSync(path, 'utf8') !== text;
    });
    for (const [name] of stale) console.error(`stale: ${join(outDir, name)}`);
    if (stale.length === 0) console.log(`catalogue in ${outDir} is up to date`);
    return stale.length === 0 ? 0 : 1;
  }
  mkdirSync(outDir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(outDir, name), text);
  const items = resources.reduce((n, r) => n + r.items.length, 0);
  console.log(`wrote ${departments.length} departments, ${resources.length} resources, ${items} items to ${outDir}`);
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}

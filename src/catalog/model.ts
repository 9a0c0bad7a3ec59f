/**
 * The catalogue's vocabulary (政务信息资源目录编制指南(试行), GB/T 21063): enumerations with their
 * Chinese labels, and the plain records the repositories, import/export and GraphQL share.
 * Enumeration values are English keys (as in data/catalog); labels are what users read.
 */
import { MaskRule } from '../common/masking.js';

export { MaskRule };

export enum DepartmentKind {
  PROVIDER = 'PROVIDER',
  CONSUMER = 'CONSUMER',
  PLATFORM = 'PLATFORM',
}
export const DEPARTMENT_KIND_LABELS: Record<DepartmentKind, string> = {
  PROVIDER: '提供部门',
  CONSUMER: '使用部门',
  PLATFORM: '共享主管部门',
};

export enum DepartmentLevel {
  PROVINCE = 'PROVINCE',
  CITY = 'CITY',
  COUNTY = 'COUNTY',
}
export const DEPARTMENT_LEVEL_LABELS: Record<DepartmentLevel, string> = {
  PROVINCE: '省级',
  CITY: '市级',
  COUNTY: '县级',
};

/** 格式 */
export enum ResourceFormat {
  ELECTRONIC_FILE = 'ELECTRONIC_FILE',
  SPREADSHEET = 'SPREADSHEET',
  DATABASE = 'DATABASE',
  IMAGE = 'IMAGE',
  STREAMING_MEDIA = 'STREAMING_MEDIA',
  SELF_DESCRIBING = 'SELF_DESCRIBING',
  SERVICE_API = 'SERVICE_API',
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

/** 共享类型 */
export enum ShareType {
  UNCONDITIONAL = 'UNCONDITIONAL',
  CONDITIONAL = 'CONDITIONAL',
  NOT_SHARED = 'NOT_SHARED',
}
export const SHARE_TYPE_LABELS: Record<ShareType, string> = {
  UNCONDITIONAL: '无条件共享',
  CONDITIONAL: '有条件共享',
  NOT_SHARED: '不予共享',
};
/** 共享条件 of an unconditional resource, per the 编制指南. */
export const UNCONDITIONAL_CONDITION = '无条件';

/** 共享方式 */
export enum ShareMethod {
  API = 'API',
  TABLE = 'TABLE',
  FILE = 'FILE',
  EMAIL = 'EMAIL',
  MEDIA = 'MEDIA',
}
export const SHARE_METHOD_LABELS: Record<ShareMethod, string> = {
  API: '共享平台方式（接口）',
  TABLE: '共享平台方式（库表）',
  FILE: '共享平台方式（文件）',
  EMAIL: '邮件',
  MEDIA: '介质',
};

/** 更新周期 */
export enum UpdateCycle {
  REALTIME = 'REALTIME',
  DAILY = 'DAILY',
  WEEKLY = 'WEEKLY',
  MONTHLY = 'MONTHLY',
  QUARTERLY = 'QUARTERLY',
  HALF_YEARLY = 'HALF_YEARLY',
  YEARLY = 'YEARLY',
  OTHER = 'OTHER',
}
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

/** Whom a resource's records are about; PERSON and LEGAL_ENTITY resources are looked up by 身份证号 / 信用代码. */
export enum SubjectType {
  PERSON = 'PERSON',
  LEGAL_ENTITY = 'LEGAL_ENTITY',
  OTHER = 'OTHER',
}
export const SUBJECT_TYPE_LABELS: Record<SubjectType, string> = {
  PERSON: '自然人',
  LEGAL_ENTITY: '法人及其他组织',
  OTHER: '其他',
};

export enum ResourceStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  RETIRED = 'RETIRED',
}
export const RESOURCE_STATUS_LABELS: Record<ResourceStatus, string> = {
  DRAFT: '草稿',
  PUBLISHED: '已发布',
  RETIRED: '已停用',
};

/** 信息项数据类型 */
export enum DataType {
  C = 'C',
  N = 'N',
  Y = 'Y',
  D = 'D',
  T = 'T',
  L = 'L',
  M = 'M',
  G = 'G',
  B = 'B',
  I = 'I',
  F = 'F',
}
export const DATA_TYPE_LABELS: Record<DataType, string> = {
  C: '字符型',
  N: '数值型',
  Y: '货币型',
  D: '日期型',
  T: '日期时间型',
  L: '逻辑型',
  M: '备注型',
  G: '通用型',
  B: '双精度型',
  I: '整型',
  F: '浮点型',
};

/** 敏感级别 1…4. */
export const SENSITIVITY_LABELS: Record<number, string> = {
  1: '公开',
  2: '一般',
  3: '敏感',
  4: '高度敏感',
};

export const MASK_RULE_LABELS: Record<MaskRule, string> = {
  NONE: '不脱敏',
  ID_NUMBER: '证件号码脱敏',
  PHONE: '电话号码脱敏',
  NAME: '姓名脱敏',
  ADDRESS: '地址脱敏',
  CREDIT_CODE: '统一社会信用代码脱敏',
};

// ---------------------------------------------------------------- records

/** A department as other modules see it (DepartmentRepository.findByCode). */
export interface Department {
  code: string;
  name: string;
  shortName: string;
  kind: DepartmentKind;
  level: DepartmentLevel;
  regionCode: string;
  creditCode: string;
  enabled: boolean;
}

/** A department in data/catalog/departments.json and in the JSON export. */
export type DepartmentRecord = Omit<Department, 'enabled'>;

/** A data item (信息项), in the data/catalog and export JSON shape. */
export interface ItemRecord {
  code: string;
  name: string;
  dataType: DataType;
  length?: number;
  sensitivity: number;
  maskRule: MaskRule;
  description: string;
}

export interface CertificateRecord {
  /** 证照类型代码: the defining authority's 统一社会信用代码 + 3 digits. */
  typeCode: string;
  holderType: SubjectType.PERSON | SubjectType.LEGAL_ENTITY;
}

/**
 * A resource (信息资源) with its items, in the data/catalog/resources.json shape, which is also
 * the JSON export shape and the version snapshot. `retireReason` appears only when RETIRED.
 */
export interface ResourceRecord {
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
  status: ResourceStatus;
  retireReason?: string;
  certificate?: CertificateRecord;
  items: ItemRecord[];
}

/** A resource's current version as stored, with bookkeeping the record does not carry. */
export interface StoredResource extends Omit<ResourceRecord, 'items'> {
  version: number;
  retiredAt: Date | null;
  updatedAt: Date;
  itemCount: number;
  provider: Department;
}

/** A current data item with its resource's name and code. */
export interface StoredItem extends ItemRecord {
  resourceCode: string;
  resourceName: string;
}

export interface ResourceVersionRecord {
  version: number;
  publishedAt: string;
  recordedAt: Date;
  snapshot: ResourceRecord;
}

/**
 * What grants and the exchange need to decide on and serve one item: the item and the current
 * version of its resource (CatalogRepository.findItemsForAccess).
 */
export interface AccessItem {
  itemCode: string;
  itemName: string;
  dataType: DataType;
  maskRule: MaskRule;
  sensitivity: number;
  resourceCode: string;
  resourceName: string;
  resourceVersion: number;
  shareType: ShareType;
  resourceStatus: ResourceStatus;
  providerCode: string;
  subjectType: SubjectType;
  shareMethod: ShareMethod;
}

// ---------------------------------------------------------------- queries

export interface ResourceFilter {
  departmentCode?: string;
  shareType?: ShareType;
  shareMethod?: ShareMethod;
  /** 最高敏感级: the level (1…4) of the resource's most sensitive item. */
  highestSensitivity?: number;
  subjectType?: SubjectType;
  /** A classification code prefix (`101`, `101003`) or a label path prefix (`基础/人口`). */
  category?: string;
  status?: ResourceStatus;
  keyword?: string;
}

export type DataItemFilter = ResourceFilter;

export interface Page<T> {
  nodes: { cursor: string; node: T }[];
  hasNextPage: boolean;
  /** All matches, when the query computed it anyway (keyword searches rank every match). */
  total?: number;
}

export interface CatalogStats {
  departments: number;
  providers: number;
  resources: number;
  dataItems: number;
  byShareType: { shareType: ShareType; resources: number; dataItems: number }[];
  byDepartment: { departmentCode: string; departmentName: string; resources: number; dataItems: number }[];
}

export const RESOURCE_CODE_PATTERN = /^[123]\d{5}(?:\d{1,2})?\/\d{6}$/;
export const ITEM_CODE_PATTERN = /^([123]\d{5}(?:\d{1,2})?\/\d{6})\/\d{3}$/;
export const DEPARTMENT_CODE_PATTERN = /^[A-Z][A-Z0-9]{0,15}-[A-Z][A-Z0-9]{0,15}$/;

/**
 * The demo department sources: which server answers which resource, at which path, and where
 * each catalogue item sits in its records. The servers (server.ts) and the bindings
 * (bindings.ts → data/bindings/demo.json) are both derived from these tables.
 */
import {
  type CatalogResource,
  type Dataset,
  birthRecord,
  certificateById,
  certificateRecord,
  employmentRecord,
  enterpriseRecord,
  foodLicenceRecord,
  genericField,
  genericPresent,
  genericRecord,
  individualBusinessRecord,
  insuranceRecord,
  mortgageRecord,
  pensionRecord,
  realEstateRecord,
  socialSecurityCardRecord,
  subjectOf,
} from '../population/index.js';
import type { Route } from './http-source.js';

export type SourceKey = 'gat' | 'scjgj' | 'rlsbt' | 'zrzyt' | 'dzzz' | 'generic';

export interface SourceDefinition {
  key: SourceKey;
  /** The setting (environment variable) holding the source's base URL. */
  env: string;
  /** Port = base + offset (default base 4101). */
  offset: number;
  title: string;
  department: string;
}

export const SOURCES: readonly SourceDefinition[] = [
  { key: 'gat', env: 'SOURCE_GAT', offset: 0, title: '公安 人口与户籍', department: 'ZJ-GAT' },
  { key: 'scjgj', env: 'SOURCE_SCJGJ', offset: 1, title: '市场监管 市场主体登记', department: 'ZJ-SCJGJ' },
  { key: 'rlsbt', env: 'SOURCE_RLSBT', offset: 2, title: '人社 社会保险与就业', department: 'ZJ-RLSBT' },
  { key: 'zrzyt', env: 'SOURCE_ZRZYT', offset: 3, title: '自然资源 不动产登记', department: 'ZJ-ZRZYT' },
  { key: 'dzzz', env: 'SOURCE_DZZZ', offset: 4, title: '电子证照 颁发与查验', department: '各颁证部门' },
  { key: 'generic', env: 'SOURCE_GENERIC', offset: 5, title: '通用数据源（其余接口/库表资源）', department: '其余部门' },
];

/** The SQL front database (前置库) of 民政: the setting holding its connection string. */
export const FRONT_MZ = 'FRONT_MZ';
export const DEMO_SOURCE_KEY = 'DEMO_SOURCE_KEY';
export const DEFAULT_PORT_BASE = 4101;
export const DEFAULT_API_KEY = 'demo-source-key';
export const DEFAULT_FRONT_DATABASE = 'sharehub_front_mz';

type RecordOf = (ds: Dataset, index: number) => Record<string, unknown> | null;

interface Specialised {
  source: SourceKey;
  path: string;
  subject: 'PERSON' | 'LEGAL_ENTITY';
  record: RecordOf;
  /** item name → dot path in the record */
  fields: Record<string, string>;
}

const POPULATION_FIELDS = {
  公民身份号码: 'idNumber', 姓名: 'name', 曾用名: 'formerName', 性别: 'sex', 民族: 'ethnicity', 出生日期: 'birthDate',
  出生地: 'birthPlace', 籍贯: 'nativePlace', 户籍地址: 'household.address', 户号: 'household.number', 户主姓名: 'household.headName',
  与户主关系: 'household.relationToHead', 文化程度: 'education', 婚姻状况: 'maritalStatus', 兵役状况: 'militaryService',
  服务处所: 'employer', 职业: 'occupation', 户籍登记日期: 'household.registeredOn', 户籍登记机关: 'household.registrationAuthority',
  人员状态: 'status',
};

const populationRecord: RecordOf = (ds, i) => ds.population.populationRecord(i, (j) => ds.companies.company(j).name);

/** Resources served by a department's own API (everything else: certificates, 民政's front database, or the generic source). */
export const SPECIALISED: Readonly<Record<string, Specialised>> = {
  '101001/000001': { source: 'gat', path: '/population/persons', subject: 'PERSON', record: populationRecord, fields: POPULATION_FIELDS },
  '101002/000001': {
    source: 'gat', path: '/population/persons', subject: 'PERSON', record: populationRecord,
    fields: {
      公民身份号码: 'idNumber', 姓名: 'name', 性别: 'sex', 民族: 'ethnicity', 出生日期: 'birthDate', 住址: 'household.address',
      签发机关: 'idCard.issuingAuthority', 有效期限起始日期: 'idCard.validFrom', 有效期限截止日期: 'idCard.validTo', 证件状态: 'idCard.status',
      最近领证日期: 'idCard.lastIssuedOn', 制证类型: 'idCard.issueType', 证件照片: 'idCard.photo',
    },
  },
  '101004/000001': {
    source: 'gat', path: '/population/births', subject: 'PERSON', record: (ds, i) => birthRecord(ds, i),
    fields: {
      公民身份号码: 'idNumber', 姓名: 'name', 性别: 'sex', 民族: 'ethnicity', 出生日期: 'birthDate', 出生地: 'birthPlace',
      出生医学证明编号: 'birthCertificateNo', 父亲姓名: 'father.name', 父亲公民身份号码: 'father.idNumber', 母亲姓名: 'mother.name',
      母亲公民身份号码: 'mother.idNumber', 申报人姓名: 'declarant', 登记日期: 'registeredOn', 登记机关: 'registrationAuthority',
    },
  },
  '102001/000001': {
    source: 'scjgj', path: '/market/enterprises', subject: 'LEGAL_ENTITY', record: (ds, j) => enterpriseRecord(ds, j),
    fields: {
      统一社会信用代码: 'creditCode', 企业名称: 'name', 企业类型: 'type', 法定代表人: 'legalRepresentative.name',
      法定代表人证件类型: 'legalRepresentative.idType', 法定代表人证件号码: 'legalRepresentative.idNumber', 注册资本: 'registeredCapital',
      注册资本币种: 'currency', 成立日期: 'establishedOn', 营业期限自: 'termFrom', 营业期限至: 'termTo', 登记机关: 'registrationAuthority',
      登记状态: 'status', 核准日期: 'approvedOn', 住所: 'address', 邮政编码: 'postcode', 经营范围: 'scope', 所属行业: 'industry', 联系电话: 'phone',
    },
  },
  '102003/000001': {
    source: 'scjgj', path: '/market/individual-businesses', subject: 'LEGAL_ENTITY', record: (ds, j) => individualBusinessRecord(ds, j),
    fields: {
      统一社会信用代码: 'creditCode', 个体工商户名称: 'name', 经营者姓名: 'operator.name', 经营者公民身份号码: 'operator.idNumber',
      组成形式: 'form', 经营场所: 'premises', 经营范围: 'scope', 资金数额: 'funds', 从业人数: 'employees', 联系电话: 'phone',
      成立日期: 'establishedOn', 登记机关: 'registrationAuthority', 登记状态: 'status',
    },
  },
  '204001/000001': {
    source: 'scjgj', path: '/market/food-licences', subject: 'LEGAL_ENTITY', record: (ds, j) => foodLicenceRecord(ds, j),
    fields: {
      统一社会信用代码: 'creditCode', 经营者名称: 'operatorName', 法定代表人: 'legalRepresentative', 许可证编号: 'licenceNo', 经营场所: 'premises',
      主体业态: 'category', 经营项目: 'items', 发证日期: 'issuedOn', 有效期截止: 'validTo', 发证机关: 'issuingAuthority', 许可状态: 'status',
    },
  },
  '101007/000001': {
    source: 'rlsbt', path: '/social-insurance/persons', subject: 'PERSON', record: (ds, i) => insuranceRecord(ds, i),
    fields: {
      公民身份号码: 'idNumber', 姓名: 'name', 参保险种: 'insuranceTypes', 参保状态: 'status', 参保日期: 'insuredOn', 首次参保日期: 'firstInsuredOn',
      人员类别: 'category', 缴费基数: 'contributionBase', 累计缴费月数: 'contributionMonths', 参保单位名称: 'employer.name',
      参保单位统一社会信用代码: 'employer.creditCode', 参保地行政区划代码: 'regionCode', 经办机构: 'agency',
    },
  },
  '101007/000002': {
    source: 'rlsbt', path: '/social-insurance/cards', subject: 'PERSON', record: (ds, i) => socialSecurityCardRecord(ds, i),
    fields: { 公民身份号码: 'idNumber', 姓名: 'name', 社会保障卡卡号: 'cardNo', 发卡日期: 'issuedOn', 卡有效期截止: 'validTo', 卡状态: 'status', 发卡地区: 'region', 开户银行: 'bank' },
  },
  '101006/000001': {
    source: 'rlsbt', path: '/employment/registrations', subject: 'PERSON', record: (ds, i) => employmentRecord(ds, i),
    fields: {
      公民身份号码: 'idNumber', 姓名: 'name', 就业单位名称: 'employer.name', 就业单位统一社会信用代码: 'employer.creditCode', 就业形式: 'form',
      岗位名称: 'position', 劳动合同期限起始: 'contractFrom', 劳动合同期限截止: 'contractTo', 就业登记日期: 'registeredOn', 登记机构: 'registrationAgency',
    },
  },
  '203001/000002': {
    source: 'rlsbt', path: '/social-insurance/pensions', subject: 'PERSON', record: (ds, i) => pensionRecord(ds, i),
    fields: {
      公民身份号码: 'idNumber', 姓名: 'name', 待遇类型: 'benefitType', 退休日期: 'retiredOn', 待遇开始日期: 'benefitFrom', 月待遇金额: 'monthlyAmount',
      基础养老金: 'basicPension', 个人账户养老金: 'accountPension', 发放状态: 'paymentStatus', 经办机构: 'agency',
    },
  },
  '103002/000001': {
    source: 'zrzyt', path: '/real-estate/rights', subject: 'PERSON', record: (ds, i) => realEstateRecord(ds, i),
    fields: {
      公民身份号码: 'idNumber', 权利人: 'rightHolder', 不动产权证书号: 'certificateNo', 不动产单元号: 'unitNo', 坐落: 'location', 权利类型: 'rightType',
      权利性质: 'rightNature', 用途: 'use', 面积: 'area', 土地使用期限起始: 'landFrom', 土地使用期限截止: 'landTo', 共有情况: 'coOwnership',
      登记类型: 'registrationType', 登记日期: 'registeredOn', 登记机构: 'registrationOffice', 抵押状态: 'mortgageStatus', 查封状态: 'seizureStatus',
    },
  },
  '103002/000002': {
    source: 'zrzyt', path: '/real-estate/mortgages', subject: 'PERSON', record: (ds, i) => mortgageRecord(ds, i),
    fields: {
      公民身份号码: 'idNumber', 抵押人: 'mortgagor', 抵押权人: 'mortgagee', 不动产登记证明号: 'proofNo', 不动产单元号: 'unitNo', 坐落: 'location',
      被担保主债权数额: 'securedAmount', 债务履行期限起始: 'debtFrom', 债务履行期限截止: 'debtTo', 抵押方式: 'method', 抵押顺位: 'rank',
      登记日期: 'registeredOn', 登记机构: 'registrationOffice',
    },
  },
};

/** 民政 婚姻登记信息 from the front database: the person's latest registration, husband or wife. */
export const MARRIAGE_RESOURCE = '101003/000001';
export const MARRIAGE_QUERY =
  "SELECT $1::text AS id_number, registration_type, to_char(registered_on, 'YYYY-MM-DD') AS registered_on, certificate_no, " +
  "husband_name, husband_id, to_char(husband_birth_date, 'YYYY-MM-DD') AS husband_birth_date, husband_nationality, " +
  "wife_name, wife_id, to_char(wife_birth_date, 'YYYY-MM-DD') AS wife_birth_date, wife_nationality, registry_office, business_status " +
  'FROM marriage_registrations WHERE husband_id = $1 OR wife_id = $1 ORDER BY marriage_registrations.registered_on DESC LIMIT 1';
export const MARRIAGE_FIELDS: Record<string, string> = {
  公民身份号码: 'id_number', 登记类型: 'registration_type', 登记日期: 'registered_on', 结婚证字号: 'certificate_no', 男方姓名: 'husband_name',
  男方公民身份号码: 'husband_id', 男方出生日期: 'husband_birth_date', 男方国籍: 'husband_nationality', 女方姓名: 'wife_name',
  女方公民身份号码: 'wife_id', 女方出生日期: 'wife_birth_date', 女方国籍: 'wife_nationality', 婚姻登记机关: 'registry_office', 业务状态: 'business_status',
};

/** Certificate metadata items (001–015), the same in every certificate resource. */
const CERTIFICATE_FIELDS: Record<string, string> = {
  公民身份号码: 'holder.code', 统一社会信用代码: 'holder.code', 证照标识: 'certificateId', 证照编号: 'number', 证照名称: 'name',
  证照类型代码: 'typeCode', 持证主体: 'holder.name', 持证主体代码: 'holder.code', 持证主体代码类型: 'holder.codeType', 颁发日期: 'issuedOn',
  有效期起始: 'validFrom', 有效期截止: 'validTo', 颁发机构: 'issuer.name', 颁发机构代码: 'issuer.code', 管辖属地编码: 'regionCode', 证照状态: 'status',
};

const MARRIAGE_CONTENT = {
  登记日期: 'registeredOn', 男方姓名: 'husbandName', 男方国籍: 'husbandNationality', 男方出生日期: 'husbandBirthDate', 男方身份证件号: 'husbandIdNumber',
  女方姓名: 'wifeName', 女方国籍: 'wifeNationality', 女方出生日期: 'wifeBirthDate', 女方身份证件号: 'wifeIdNumber', 备注: 'remarks',
};

/** Content items of the certificate types built from specialised facts (by type: 8-digit classification). */
const CERTIFICATE_CONTENT: Record<string, Record<string, string>> = {
  '10500101': {
    户号: 'householdNumber', 户别: 'householdType', 户主姓名: 'headName', 住址: 'address', 与户主关系: 'relationToHead', 曾用名: 'formerName',
    性别: 'sex', 民族: 'ethnicity', 出生日期: 'birthDate', 出生地: 'birthPlace', 籍贯: 'nativePlace', 文化程度: 'education', 婚姻状况: 'maritalStatus',
    兵役状况: 'militaryService', 服务处所: 'employer', 何时由何地迁来本址: 'movedIn', 登记日期: 'registeredOn', 承办人: 'handledBy',
  },
  '10500102': MARRIAGE_CONTENT,
  '10500103': MARRIAGE_CONTENT,
  '10500201': { 类型: 'type', 法定代表人: 'legalRepresentative', 注册资本: 'registeredCapital', 成立日期: 'establishedOn', 营业期限: 'term', 住所: 'address', 经营范围: 'scope' },
  '10500202': {
    '法定代表人（负责人）': 'legalRepresentative', 住所: 'address', 经营场所: 'premises', 主体业态: 'category', 经营项目: 'items',
    日常监督管理机构: 'supervisor', 日常监督管理人员: 'inspector', 投诉举报电话: 'hotline', 签发人: 'signer',
  },
  '10500106': {
    共有情况: 'coOwnership', 坐落: 'location', 不动产单元号: 'unitNo', 权利类型: 'rightType', 权利性质: 'rightNature', 用途: 'use', 面积: 'area',
    使用期限: 'landTerm', 权利其他状况: 'otherRights', 附记: 'notes',
  },
  '10500107': {
    新生儿姓名: 'newbornName', 性别: 'sex', 出生时间: 'bornAt', 出生孕周: 'gestationWeeks', 健康状况: 'health', 体重: 'weightGrams', 身长: 'lengthCm',
    出生地点: 'birthPlace', 医疗机构名称: 'hospital', 母亲姓名: 'mother.name', 母亲年龄: 'mother.age', 母亲国籍: 'mother.nationality',
    母亲民族: 'mother.ethnicity', 母亲住址: 'mother.address', 母亲有效身份证件号码: 'mother.idNumber', 父亲姓名: 'father.name', 父亲年龄: 'father.age',
    父亲国籍: 'father.nationality', 父亲民族: 'father.ethnicity', 父亲住址: 'father.address', 父亲有效身份证件号码: 'father.idNumber',
  },
  '10500110': { 性别: 'sex', 执业机构: 'lawFirm', 执业证类别: 'category', 法律职业资格证书编号: 'qualificationNo', 年度考核备案: 'annualReview' },
};

/** Where a certificate resource's item sits in the issuer's record. */
export function certificateFieldPath(resource: CatalogResource, itemIndex: number): string {
  const item = resource.items[itemIndex];
  if (itemIndex < 15) {
    const path = CERTIFICATE_FIELDS[item.name];
    if (!path) throw new Error(`${item.code} ${item.name}: not a certificate metadata item`);
    return path;
  }
  const content = CERTIFICATE_CONTENT[resource.code.slice(0, 8)];
  if (!content) return `content.${genericField(item)}`;
  const path = content[item.name];
  if (!path) throw new Error(`${item.code} ${item.name}: no place in the ${resource.name} record`);
  return `content.${path}`;
}

/** How the demo serves a resource. */
export type Serving =
  | { kind: 'specialised'; source: SourceKey; path: string; spec: Specialised }
  | { kind: 'certificate'; source: 'dzzz'; path: string }
  | { kind: 'sql' }
  | { kind: 'generic'; source: 'generic'; path: string };

export function servingOf(resource: CatalogResource): Serving {
  if (resource.code === MARRIAGE_RESOURCE) return { kind: 'sql' };
  const spec = SPECIALISED[resource.code];
  if (spec) return { kind: 'specialised', source: spec.source, path: spec.path, spec };
  if (resource.certificate) return { kind: 'certificate', source: 'dzzz', path: `/certificates/${resource.certificate.typeCode}` };
  return { kind: 'generic', source: 'generic', path: `/r/${resource.code}` };
}

/** The routes one source process serves. */
export function routesOf(key: SourceKey, ds: Dataset): Route[] {
  const routes = new Map<string, Route>();
  for (const resource of ds.catalog.served) {
    const serving = servingOf(resource);
    if (serving.kind === 'sql' || serving.source !== key || routes.has(serving.path)) continue;
    if (serving.kind === 'specialised') {
      const { spec } = serving;
      routes.set(serving.path, {
        path: serving.path,
        lookup: (id) => {
          const index = spec.subject === 'PERSON' ? ds.population.indexOf(id) : ds.companies.indexOf(id);
          return index < 0 ? null : spec.record(ds, index);
        },
      });
    } else if (serving.kind === 'certificate') {
      routes.set(serving.path, { path: serving.path, lookup: (id) => certificateRecord(ds, resource, id) });
    } else {
      routes.set(serving.path, {
        path: serving.path,
        lookup: (id) => {
          const subject = subjectOf(ds, resource.subjectType, id);
          return subject && genericPresent(ds, resource, subject) ? genericRecord(ds, resource, subject) : null;
        },
      });
    }
  }
  if (key === 'gat') {
    routes.set('/population/households', { path: '/population/households', lookup: (number) => householdRecord(ds, number) });
  }
  if (key === 'dzzz') {
    routes.set('/certificates/by-id', { path: '/certificates/by-id', lookup: (certificateId) => certificateById(ds, certificateId) });
  }
  return [...routes.values()];
}

/** A household (户) with its members, by 户号 (not bound to a resource; handy for exploring). */
function householdRecord(ds: Dataset, number: string): Record<string, unknown> | null {
  const h = ds.population.householdIndexOf(number);
  if (h < 0) return null;
  const start = ds.population.householdStart(h);
  const members = Array.from({ length: ds.population.householdSize(h) }, (_, k) => ds.population.person(start + k));
  return {
    number,
    type: '家庭户',
    address: members[0].address,
    regionCode: members[0].county.code,
    headName: members[0].name,
    headIdNumber: members[0].id,
    members: members.map((m) => ({ idNumber: m.id, name: m.name, relationToHead: m.relation, sex: m.sex, birthDate: m.birthDate, maritalStatus: m.marital, status: m.deceased ? '死亡' : '正常' })),
  };
}

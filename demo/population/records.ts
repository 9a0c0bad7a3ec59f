/**
 * The department records built on the population and the companies: 出生登记 (公安), 企业登记
 * (市场监管), 社会保险 and 就业 (人社), 不动产 (自然资源), 婚姻登记 rows (民政). Each is a pure
 * function of the dataset and the subject; null means "this department has no record".
 */
import { AS_OF_DAY, VALID_MARGIN_YEARS, addYears, civil, dayNumber, isoDate, yearOf } from './calendar.js';
import type { Company } from './companies.js';
import type { Dataset } from './dataset.js';
import { HouseholdType, givenName, type Person } from './persons.js';
import { Rng, hash } from '../../src/common/prng.js';
import { localOffice, streetAddress, type County } from './regions.js';
import { BANKS, STREET_PREFIXES, SURNAMES } from './vocab.js';

// Module-level copies: inside vm contexts (Jest) each lookup of the global Math is slow.
const { min, max, round } = Math;

const R = { birth: 21, insurance: 22, card: 23, employment: 24, pension: 25, property: 26, food: 27, business: 28 } as const;
const DAY_1996 = dayNumber(1996, 1, 1);
const DAY_1999 = dayNumber(1999, 1, 1);

function nameAndId(ds: Dataset, index: number): { name: string | null; idNumber: string | null } {
  if (index < 0) return { name: null, idNumber: null };
  const p = ds.population.person(index);
  return { name: p.name, idNumber: p.id };
}

/** A person's bank account branch: 中国工商银行杭州西湖支行. */
export function bankBranch(county: County, pick: number): string {
  return `${BANKS[pick % BANKS.length]}${county.cityName.replace(/市$/, '')}${county.name.replace(/(区|县|市)$/, '')}支行`;
}

export function randomName(rng: Rng): string {
  return rng.weighted(SURNAMES) + givenName(rng, rng.chance(0.5), 1980 + rng.int(20));
}

// ----- 公安: 出生登记 --------------------------------------------------------------------------

/** 出生医学证明 number for someone born in Zhejiang from 1996 whose mother is known, else null. */
export function birthCertificateNumber(ds: Dataset, p: Person): string | null {
  if (p.birthDay < DAY_1996 || p.motherIndex < 0) return null;
  const letter = 'KLMNOPQRSTUVWXYZ'[yearOf(p.birthDay) % 16];
  return `${letter}${p.county.code.slice(0, 2)}${String(hash(ds.seed, R.birth, p.index) % 10_000_000).padStart(7, '0')}`;
}

export function birthRecord(ds: Dataset, i: number): Record<string, unknown> | null {
  const p = ds.population.person(i);
  if (p.fatherIndex < 0 && p.motherIndex < 0) return null;
  const father = nameAndId(ds, p.fatherIndex);
  const mother = nameAndId(ds, p.motherIndex);
  return {
    idNumber: p.id,
    name: p.name,
    sex: p.sex,
    ethnicity: p.ethnicity,
    birthDate: p.birthDate,
    birthPlace: p.birthPlace,
    birthCertificateNo: birthCertificateNumber(ds, p),
    father,
    mother,
    declarant: father.name ?? mother.name,
    registeredOn: isoDate(p.registeredDay),
    registrationAuthority: p.policeStation,
  };
}

// ----- 市场监管: 企业登记, 个体工商户, 食品经营许可 -------------------------------------------------

export function statusText(c: Company): string {
  return c.status === '存续' ? '存续（在营、开业、在册）' : c.status === '吊销' ? '吊销，未注销' : '注销';
}

export function enterpriseRecord(ds: Dataset, j: number): Record<string, unknown> {
  const c = ds.companies.company(j);
  const rep = ds.population.person(c.legalRepIndex);
  return {
    creditCode: c.code,
    name: c.name,
    kind: c.kind === '1' ? '企业' : '个体工商户',
    type: c.type,
    legalRepresentative: { name: rep.name, idType: '中华人民共和国居民身份证', idNumber: rep.id },
    registeredCapital: c.capital,
    currency: '人民币',
    establishedOn: isoDate(c.establishedDay),
    termFrom: isoDate(c.establishedDay),
    termTo: c.termToDay < 0 ? null : isoDate(c.termToDay),
    registrationAuthority: c.registrationAuthority,
    status: statusText(c),
    statusDate: c.statusDay < 0 ? null : isoDate(c.statusDay),
    approvedOn: isoDate(c.approvedDay),
    address: c.address,
    postcode: c.postcode,
    scope: c.scope,
    industry: `${c.industryName}（${c.industryCode}）`,
    phone: c.phone,
    registrationNumber: c.registrationNumber,
  };
}

export function individualBusinessRecord(ds: Dataset, j: number): Record<string, unknown> | null {
  const c = ds.companies.company(j);
  if (c.kind !== '2') return null;
  const rng = new Rng(ds.seed, R.business, j);
  const rep = ds.population.person(c.legalRepIndex);
  return {
    creditCode: c.code,
    name: c.name,
    operator: { name: rep.name, idNumber: rep.id },
    form: rng.chance(0.8) ? '个人经营' : '家庭经营',
    premises: c.address,
    scope: c.scope,
    funds: c.capital,
    employees: rng.range(1, 8),
    phone: c.phone,
    establishedOn: isoDate(c.establishedDay),
    registrationAuthority: c.registrationAuthority,
    status: statusText(c),
  };
}

export interface FoodLicence {
  number: string;
  issuedDay: number;
  validToDay: number;
  expired: boolean;
  revoked: boolean;
  category: string;
  items: string;
  supervisor: string;
  inspector: string;
  signer: string;
  premises: string;
}

/** The 食品经营许可证 of a food business (valid 5 years); null for others. */
export function foodLicence(ds: Dataset, j: number): FoodLicence | null {
  const c = ds.companies.company(j);
  if (!c.food) return null;
  const rng = new Rng(ds.seed, R.food, j);
  const expired = rng.chance(0.08);
  // Valid ones run VALID_MARGIN_YEARS past the snapshot, so they are still valid when checked later.
  const earliest = max(c.establishedDay + 10, expired ? addYears(AS_OF_DAY, -7) : addYears(AS_OF_DAY, -(5 - VALID_MARGIN_YEARS)));
  const latest = expired ? addYears(AS_OF_DAY, -5) - 30 : AS_OF_DAY - 1;
  if (latest <= earliest) {
    // founded too recently to have let a licence lapse: a current one instead
    const issuedDay = max(c.establishedDay + 10, AS_OF_DAY - 200);
    return build(min(issuedDay, AS_OF_DAY - 1), false);
  }
  return build(earliest + rng.int(latest - earliest), expired);

  function build(issuedDay: number, isExpired: boolean): FoodLicence {
    const restaurant = c.industryCode.startsWith('H');
    return {
      number: `JY${restaurant ? '2' : '1'}${c.county.code}${String(hash(ds.seed, R.food, j, 1) % 10_000_000).padStart(7, '0')}`,
      issuedDay,
      validToDay: addYears(issuedDay, 5) - 1,
      expired: isExpired,
      revoked: c.status !== '存续',
      category: restaurant ? '餐饮服务经营者（小餐饮）' : '食品销售经营者（食品贸易商）',
      items: restaurant ? '热食类食品制售；冷食类食品制售' : '预包装食品（含冷藏冷冻食品）销售；散装食品（不含冷藏冷冻食品）销售',
      supervisor: `${c.registrationAuthority}${rng.pick(STREET_PREFIXES)}市场监督管理所`,
      inspector: randomName(rng),
      signer: randomName(rng),
      premises: c.address,
    };
  }
}

export function foodLicenceRecord(ds: Dataset, j: number): Record<string, unknown> | null {
  const licence = foodLicence(ds, j);
  if (!licence) return null;
  const c = ds.companies.company(j);
  return {
    creditCode: c.code,
    operatorName: c.name,
    legalRepresentative: ds.population.person(c.legalRepIndex).name,
    licenceNo: licence.number,
    premises: licence.premises,
    category: licence.category,
    items: licence.items,
    issuedOn: isoDate(licence.issuedDay),
    validTo: isoDate(licence.validToDay),
    issuingAuthority: c.registrationAuthority,
    status: licence.revoked ? '注销' : licence.expired ? '过期' : '有效',
  };
}

// ----- 人社: 社会保险, 社会保障卡, 就业登记, 养老待遇 ------------------------------------------------

const POSITIONS: Record<string, readonly string[]> = {
  '国家机关、党群组织、企业、事业单位负责人': ['总经理', '部门经理', '副总经理'],
  专业技术人员: ['软件工程师', '会计', '工程师', '设计师', '护士', '教师'],
  办事人员和有关人员: ['行政专员', '文员', '人事专员', '出纳'],
  社会生产服务和生活服务人员: ['销售代表', '店长', '厨师', '快递员', '客服专员', '司机'],
  '农、林、牧、渔业生产及辅助人员': ['农艺工', '茶叶加工工'],
  生产制造及有关人员: ['生产操作工', '质检员', '装配工', '电工', '焊工'],
  不便分类的其他从业人员: ['普工'],
};

/** When the current job began (= 参保日期 with this employer), or -1. */
function employmentStart(ds: Dataset, p: Person): number {
  if (p.employerIndex < 0) return -1;
  const c = ds.companies.company(p.employerIndex);
  const earliest = max(addYears(p.birthDay, 18), c.establishedDay, DAY_1999);
  const rng = new Rng(ds.seed, R.employment, p.index);
  return min(AS_OF_DAY - 1, earliest + rng.int(max(1, AS_OF_DAY - earliest)));
}

function firstInsuredDay(ds: Dataset, p: Person): number {
  const earliest = max(addYears(p.birthDay, 18), dayNumber(1993, 1, 1));
  const rng = new Rng(ds.seed, R.insurance, p.index, 1);
  return min(AS_OF_DAY - 1, earliest + rng.int(max(1, min(AS_OF_DAY - earliest, 6 * 365))));
}

function monthsBetween(from: number, to: number): number {
  const [y1, m1] = civil(from);
  const [y2, m2] = civil(to);
  return max(1, (y2 - y1) * 12 + (m2 - m1));
}

export function insuranceRecord(ds: Dataset, i: number): Record<string, unknown> | null {
  const p = ds.population.person(i);
  if (p.age < 18 || p.occupation === '学生') return null;
  const rng = new Rng(ds.seed, R.insurance, i);
  const retired = p.occupation === '离退休人员';
  const employed = p.employerIndex >= 0;
  if (!retired && !employed && !rng.chance(0.7)) return null;
  const first = firstInsuredDay(ds, p);
  const employer = employed ? ds.companies.company(p.employerIndex) : null;
  const start = employed ? max(first, employmentStart(ds, p)) : first;
  const category = retired ? '退休' : employed ? '在职' : '城乡居民';
  return {
    idNumber: p.id,
    name: p.name,
    insuranceTypes: category === '城乡居民' ? '城乡居民基本养老保险' : category === '退休' ? '企业职工基本养老保险,职工基本医疗保险' : '企业职工基本养老保险,失业保险,工伤保险,职工基本医疗保险',
    status: p.deceased ? '终止参保' : category === '退休' ? '正常享受待遇' : '正常参保',
    insuredOn: isoDate(start),
    firstInsuredOn: isoDate(first),
    category,
    contributionBase: category === '在职' ? rng.range(4462, 24930) : null,
    contributionMonths: monthsBetween(first, retired ? retirementDay(p) : AS_OF_DAY),
    employer: { name: employer?.name ?? null, creditCode: employer?.code ?? null },
    regionCode: (employer?.county ?? p.county).code,
    agency: `${(employer?.county ?? p.county).localPrefix}社会保险事业管理中心`,
  };
}

export function socialSecurityCardRecord(ds: Dataset, i: number): Record<string, unknown> | null {
  const p = ds.population.person(i);
  if (p.deceased) return null;
  const rng = new Rng(ds.seed, R.card, i);
  const issued = min(AS_OF_DAY - 1, max(p.birthDay + 30, addYears(AS_OF_DAY, -8)) + rng.int(3 * 365));
  return {
    idNumber: p.id,
    name: p.name,
    cardNo: `${'ABCDEFGH'[rng.int(8)]}${String(hash(ds.seed, R.card, i, 1) % 100_000_000).padStart(8, '0')}`,
    issuedOn: isoDate(issued),
    validTo: isoDate(addYears(issued, 10)),
    status: '正常',
    region: p.county.fullName,
    bank: bankBranch(p.county, rng.int(100)),
  };
}

export function employmentRecord(ds: Dataset, i: number): Record<string, unknown> | null {
  const p = ds.population.person(i);
  if (p.employerIndex < 0) return null;
  const c = ds.companies.company(p.employerIndex);
  const rng = new Rng(ds.seed, R.employment, i, 1);
  const start = employmentStart(ds, p);
  const years = rng.pick([3, 3, 5, 0]);
  let contractFrom = start;
  if (years) while (addYears(contractFrom, years) <= AS_OF_DAY + 30) contractFrom = addYears(contractFrom, years);
  return {
    idNumber: p.id,
    name: p.name,
    employer: { name: c.name, creditCode: c.code },
    form: '单位就业',
    position: rng.pick(POSITIONS[p.occupation] ?? ['普工']),
    contractFrom: isoDate(contractFrom),
    contractTo: years ? isoDate(addYears(contractFrom, years) - 1) : null,
    registeredOn: isoDate(min(AS_OF_DAY - 1, start + rng.int(30))),
    registrationAgency: `${c.county.localPrefix}就业管理服务中心`,
  };
}

function retirementDay(p: Person): number {
  return addYears(p.birthDay, p.male ? 60 : 55);
}

export function pensionRecord(ds: Dataset, i: number): Record<string, unknown> | null {
  const p = ds.population.person(i);
  if (p.occupation !== '离退休人员') return null;
  const rng = new Rng(ds.seed, R.pension, i);
  const retired = retirementDay(p);
  const [y, m] = civil(retired);
  const startDay = m === 12 ? dayNumber(y + 1, 1, 1) : dayNumber(y, m + 1, 1);
  const monthly = rng.range(2200, 7800) + rng.int(100) / 100;
  const basic = round(monthly * (0.38 + rng.next() * 0.08) * 100) / 100;
  const account = round(monthly * (0.12 + rng.next() * 0.1) * 100) / 100;
  return {
    idNumber: p.id,
    name: p.name,
    benefitType: '企业职工基本养老金',
    retiredOn: isoDate(retired),
    benefitFrom: isoDate(startDay),
    monthlyAmount: monthly,
    basicPension: basic,
    accountPension: account,
    paymentStatus: p.deceased ? '停发' : '正常发放',
    agency: `${p.county.localPrefix}社会保险事业管理中心`,
  };
}

// ----- 自然资源: 不动产登记, 抵押 ---------------------------------------------------------------

export interface Property {
  household: number;
  owners: number[];
  certificateNo: string;
  unitNo: string;
  location: string;
  area: number;
  registeredDay: number;
  landFromDay: number;
  landToDay: number;
  registrationType: string;
  office: string;
  county: County;
  mortgage: null | { bank: string; proofNo: string; amount: number; fromDay: number; toDay: number; registeredDay: number };
}

const OWNERSHIP_CHANCE: Record<HouseholdType, number> = {
  [HouseholdType.SINGLE]: 0.35,
  [HouseholdType.COUPLE]: 0.7,
  [HouseholdType.FAMILY]: 0.8,
  [HouseholdType.FAMILY_WITH_ELDER]: 0.82,
  [HouseholdType.SINGLE_PARENT]: 0.5,
  [HouseholdType.ELDER_COUPLE]: 0.85,
  [HouseholdType.DIVORCED_MAN]: 0.45,
  [HouseholdType.DIVORCED_WOMAN]: 0.4,
};

/** The home a household owns (the head, jointly with a spouse), or null. */
export function householdProperty(ds: Dataset, h: number): Property | null {
  const population = ds.population;
  const type = population.householdType(h);
  const rng = new Rng(ds.seed, R.property, h);
  if (!rng.chance(OWNERSHIP_CHANCE[type])) return null;
  const headIndex = population.householdStart(h);
  const head = population.person(headIndex);
  if (head.age < 23) return null;
  const owners = head.spouseIndex >= 0 ? [headIndex, head.spouseIndex] : [headIndex];
  const earliest = max(addYears(head.birthDay, 23), DAY_1999, head.spouseIndex >= 0 ? head.marriedDay - 365 : 0);
  const registeredDay = min(AS_OF_DAY - 30, earliest + rng.int(max(1, AS_OF_DAY - 30 - earliest)));
  const year = yearOf(registeredDay);
  const city = head.county.cityName;
  const landFromDay = registeredDay - rng.range(365, 6 * 365);
  const unitNo = `${head.county.code}${String(rng.range(1, 20)).padStart(3, '0')}${String(rng.range(1, 30)).padStart(3, '0')}GB${String(rng.range(1, 99999)).padStart(5, '0')}F${String(rng.range(1, 40)).padStart(4, '0')}${String(rng.range(101, 3204)).padStart(4, '0')}`;
  const area = rng.range(4500, 16000) / 100;
  let mortgage: Property['mortgage'] = null;
  if (yearOf(registeredDay) >= 2005 && rng.chance(0.45)) {
    const fromDay = registeredDay + rng.range(0, 20);
    mortgage = {
      bank: bankBranch(head.county, rng.int(100)),
      proofNo: `浙(${yearOf(fromDay)})${city}不动产证明第${String(hash(ds.seed, R.property, h, 2) % 10_000_000).padStart(7, '0')}号`,
      amount: round((area * rng.range(8000, 30000) * 0.6) / 10000) * 10000,
      fromDay,
      toDay: addYears(fromDay, rng.pick([20, 25, 30])) - 1,
      registeredDay: fromDay,
    };
  }
  return {
    household: h,
    owners,
    certificateNo: `浙(${year})${city}不动产权第${String(hash(ds.seed, R.property, h, 1) % 10_000_000).padStart(7, '0')}号`,
    unitNo,
    location: rng.chance(0.85) ? head.address : streetAddress(head.county, rng),
    area,
    registeredDay,
    landFromDay,
    landToDay: addYears(landFromDay, 70) - 1,
    registrationType: rng.chance(0.7) ? '转移登记' : '首次登记',
    office: localOffice(head.county, '浙江省不动产登记中心'),
    county: head.county,
    mortgage,
  };
}

/** The property person i owns or co-owns, or null. */
export function propertyOf(ds: Dataset, i: number): Property | null {
  const p = ds.population.person(i);
  const headIndex = p.headIndex;
  if (i !== headIndex && p.spouseIndex !== headIndex) return null;
  return householdProperty(ds, p.household);
}

function ownerNames(ds: Dataset, property: Property): string {
  return property.owners.map((owner) => ds.population.person(owner).name).join('、');
}

export function realEstateRecord(ds: Dataset, i: number): Record<string, unknown> | null {
  const property = propertyOf(ds, i);
  if (!property) return null;
  return {
    idNumber: ds.population.idOf(i),
    rightHolder: ownerNames(ds, property),
    certificateNo: property.certificateNo,
    unitNo: property.unitNo,
    location: property.location,
    rightType: '国有建设用地使用权/房屋所有权',
    rightNature: '出让/市场化商品房',
    use: '城镇住宅用地/住宅',
    area: property.area,
    landFrom: isoDate(property.landFromDay),
    landTo: isoDate(property.landToDay),
    coOwnership: property.owners.length > 1 ? '共同共有' : '单独所有',
    registrationType: property.registrationType,
    registeredOn: isoDate(property.registeredDay),
    registrationOffice: property.office,
    mortgageStatus: property.mortgage ? '已抵押' : '未抵押',
    seizureStatus: '未查封',
  };
}

export function mortgageRecord(ds: Dataset, i: number): Record<string, unknown> | null {
  const property = propertyOf(ds, i);
  if (!property?.mortgage) return null;
  const m = property.mortgage;
  return {
    idNumber: ds.population.idOf(i),
    mortgagor: ownerNames(ds, property),
    mortgagee: m.bank,
    proofNo: m.proofNo,
    unitNo: property.unitNo,
    location: property.location,
    securedAmount: m.amount,
    debtFrom: isoDate(m.fromDay),
    debtTo: isoDate(m.toDay),
    method: '一般抵押',
    rank: 1,
    registeredOn: isoDate(m.registeredDay),
    registrationOffice: property.office,
  };
}

// ----- 民政: 婚姻登记 rows of the front database --------------------------------------------------

export interface MarriageRow {
  registration_no: string;
  registration_type: '结婚' | '离婚';
  registered_on: string;
  certificate_no: string;
  husband_id: string;
  husband_name: string;
  husband_birth_date: string;
  husband_nationality: string;
  wife_id: string;
  wife_name: string;
  wife_birth_date: string;
  wife_nationality: string;
  registry_office: string;
  business_status: string;
  region_code: string;
}

export const MARRIAGE_COLUMNS = [
  'registration_no', 'registration_type', 'registered_on', 'certificate_no', 'husband_id', 'husband_name', 'husband_birth_date',
  'husband_nationality', 'wife_id', 'wife_name', 'wife_birth_date', 'wife_nationality', 'registry_office', 'business_status', 'region_code',
] as const;

/** 结婚证字号 (J…) or 离婚证字号 (L…): J330106-2015-000123. */
export function marriageCertificateNo(kind: 'J' | 'L', county: County, day: number, household: number): string {
  return `${kind}${county.code}-${yearOf(day)}-${String((household % 999_999) + 1).padStart(6, '0')}`;
}

export function registryOffice(county: County): string {
  return `${county.localPrefix}民政局婚姻登记处`;
}

/** Every marriage registration (and divorce registration) of the population, streamed. */
export function* marriageRows(ds: Dataset): Generator<MarriageRow> {
  for (const m of ds.population.marriages()) {
    const husband = ds.population.identity(m.husband);
    const wife = ds.population.identity(m.wife);
    const base = {
      husband_id: husband.id,
      husband_name: husband.name,
      husband_birth_date: husband.birthDate,
      husband_nationality: '中国',
      wife_id: wife.id,
      wife_name: wife.name,
      wife_birth_date: wife.birthDate,
      wife_nationality: '中国',
      registry_office: registryOffice(m.county),
      business_status: '有效',
      region_code: m.county.code,
    };
    const no = String(m.household + 1).padStart(9, '0');
    yield { registration_no: `MZ${no}J`, registration_type: '结婚', registered_on: isoDate(m.marriedDay), certificate_no: marriageCertificateNo('J', m.county, m.marriedDay, m.household), ...base };
    if (m.divorcedDay >= 0) {
      yield { registration_no: `MZ${no}L`, registration_type: '离婚', registered_on: isoDate(m.divorcedDay), certificate_no: marriageCertificateNo('L', m.county, m.divorcedDay, m.household), ...base };
    }
  }
}

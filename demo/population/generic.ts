/**
 * The generic department source: a plausible record for any catalogue resource about a person
 * or a legal entity, derived from each item's data type and name, keyed by the subject.
 *
 * Facts the population knows are used as they are (name, sex, birth date, address, employer,
 * legal representative, parents, spouse…), so a generic record agrees with the specialised
 * sources; everything else is drawn deterministically from (seed, resource, subject).
 */
import { AS_OF_DAY, addYears, isoDate, yearOf } from './calendar.js';
import type { CatalogItem, CatalogResource } from './catalog.js';
import type { Company } from './companies.js';
import type { Dataset } from './dataset.js';
import type { Person } from './persons.js';
import { Rng, hash, hashString } from '../../src/common/prng.js';
import { bankBranch, birthCertificateNumber } from './records.js';
import { COUNTIES, businessAddress, localOffice, mobile, streetAddress, type County } from './regions.js';
import { LAW_FIRMS, PHOTO_PLACEHOLDER } from './vocab.js';

// Module-level copies: inside vm contexts (Jest) each lookup of the global Math is slow.
const { floor, min, max, round } = Math;

export type Subject =
  | { kind: 'PERSON'; index: number; id: string; person: Person }
  | { kind: 'LEGAL_ENTITY'; index: number; id: string; company: Company };

export function subjectOf(ds: Dataset, subjectType: string, id: string): Subject | null {
  if (subjectType === 'PERSON') {
    const index = ds.population.indexOf(id);
    return index < 0 ? null : { kind: 'PERSON', index, id: id.toUpperCase(), person: ds.population.person(index) };
  }
  const index = ds.companies.indexOf(id);
  return index < 0 ? null : { kind: 'LEGAL_ENTITY', index, id: id.toUpperCase(), company: ds.companies.company(index) };
}

// ----- who has a record --------------------------------------------------------------------

const DEATH = /死亡|火化|遗体/;
const MINOR_OK = /出生|儿童|幼儿|学籍|学生|疫苗|接种|户口|户籍|居住|残疾|医疗保险|医保|就诊|住院|签约|资助|困境|收养|学位|考试|录取|慢性|健康|出入境/;
const RARE = /处罚|违法|失信|异常|挂失|管控|事故|查封|困境|特困|低保|救助|拖欠|犯罪|不合格|工伤|劳动能力|失业|残疾|收养|矫正|援助|欠税|逾期|修复|调解|鉴定|变更|迁移|抽检|抽查|剧毒|爆炸|危险|重点/;
const SPECIAL_ENTITY = /合作社|社会组织|养老机构|学校|幼儿园|律师事务所|医疗机构|旅行社|旅馆|船舶|采矿|矿|家庭农场|演出|场所|市场|预付卡|报废|供应商|高新技术|科技型/;
const COMMON = /许可|资质|备案|认定|证书|执业|资格|专利|驾驶|机动车|出入境|居住证|犬|学籍|学位|毕业|录取|考试|公证|接种|住院|签约|孕|分娩|贷款|提取|补贴|津贴|承包|宅基地|年度报告|分支|股东|主要人员|纳税|税|公积金|医保|参保|缴存|就诊|结算/;

/** Whether the generic source has a record of this resource about this subject. */
export function genericPresent(ds: Dataset, resource: CatalogResource, subject: Subject): boolean {
  const name = resource.name;
  const roll = hash(ds.seed, 0x67, hashString(resource.code), subject.index) / 4294967296;
  if (subject.kind === 'PERSON') {
    const p = subject.person;
    if (DEATH.test(name)) return p.deceased;
    if (p.deceased) return false;
    if (p.age < 18 && !MINOR_OK.test(name)) return false;
    if (/高龄/.test(name)) return p.age >= 80;
    if (/出生医学证明/.test(name)) return birthCertificateNumber(ds, p) !== null;
    if (/退役|优抚/.test(name) && !p.male) return false;
  } else {
    const c = subject.company;
    if (/注销/.test(name)) return c.status === '注销';
    if (/个体工商户/.test(name)) return c.kind === '2';
    if (SPECIAL_ENTITY.test(name)) return roll < 0.03;
  }
  if (RARE.test(name)) return roll < 0.04;
  if (COMMON.test(name)) return roll < 0.3;
  return roll < 0.7;
}

// ----- values --------------------------------------------------------------------------------

/** The path of an item in a generic record: f001, f002 … by the item's sequence number. */
export function genericField(item: CatalogItem): string {
  return `f${item.code.slice(-3)}`;
}

export class RecordContext {
  readonly rng: Rng;
  readonly county: County;
  /** Earliest plausible day of anything in the record. */
  readonly origin: number;
  /** The record's main event day. */
  readonly anchor: number;
  private readonly rolePeople = new Map<string, number>();
  private readonly roleCompanies = new Map<string, number>();
  private readonly memos = new Map<string, unknown>();

  constructor(
    readonly ds: Dataset,
    readonly resource: CatalogResource,
    readonly subject: Subject,
  ) {
    this.rng = new Rng(ds.seed, 0x68, hashString(resource.code), subject.index);
    if (subject.kind === 'PERSON') {
      const p = subject.person;
      this.county = p.county;
      this.origin = p.age >= 18 ? max(addYears(p.birthDay, 18), addYears(AS_OF_DAY, -25)) : p.birthDay + 30;
    } else {
      this.county = subject.company.county;
      this.origin = subject.company.establishedDay + 10;
    }
    const last = subject.kind === 'PERSON' && subject.person.deceased ? subject.person.deathDay : AS_OF_DAY - 30;
    if (subject.kind === 'PERSON' && /出生/.test(resource.name)) {
      // A birth record: everything happens within days of the birth.
      this.origin = subject.person.birthDay;
      this.anchor = subject.person.birthDay + this.rng.range(3, 30);
      return;
    }
    // A record with a validity period is a current one: issued recently enough to still be valid.
    const validity = max(0, ...resource.items.filter((item) => END.test(item.name) && !START.test(item.name) && !OPTIONAL_END.test(item.name)).map((item) => endYears(resource.name + item.name)));
    const from = validity ? max(this.origin, addYears(AS_OF_DAY, -(validity - 1)) - 300) : this.origin;
    const span = max(1, last - from);
    this.anchor = min(last, from + floor(span * Math.sqrt(this.rng.next())));
  }

  /** A value computed once per record (so related items agree). */
  memo<T>(key: string, compute: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, compute());
    return this.memos.get(key) as T;
  }

  /** Another county, e.g. where someone moved from. */
  otherCounty(): County {
    return this.memo('otherCounty', () => {
      let county = COUNTIES[this.rng.int(COUNTIES.length)];
      if (county === this.county) county = COUNTIES[(county.index + 1) % COUNTIES.length];
      return county;
    });
  }

  get person(): Person | null {
    return this.subject.kind === 'PERSON' ? this.subject.person : null;
  }

  get company(): Company | null {
    return this.subject.kind === 'LEGAL_ENTITY' ? this.subject.company : null;
  }

  subjectName(): string {
    return this.subject.kind === 'PERSON' ? this.subject.person.name : this.subject.company.name;
  }

  /** The legal representative (companies) or the person themself. */
  representative(): Person {
    return this.subject.kind === 'PERSON' ? this.subject.person : this.ds.population.person(this.subject.company.legalRepIndex);
  }

  /** A real person playing `role` in this record (the same one for every item of that role). */
  rolePerson(role: string): Person {
    let index = this.rolePeople.get(role);
    if (index === undefined) {
      index = this.resolveRolePerson(role);
      this.rolePeople.set(role, index);
    }
    return this.ds.population.person(index);
  }

  /** A real company playing `role` in this record. */
  roleCompany(role: string): Company | null {
    if (this.ds.companies.size === 0) return null;
    let index = this.roleCompanies.get(role);
    if (index === undefined) {
      const employer = this.person?.employerIndex ?? -1;
      index = /参保单位|就业单位|用人单位|工作单位|缴存单位|服务单位|所在单位|注册单位|执业单位|扣缴义务人|所在保安服务公司|采购人/.test(role) && employer >= 0
        ? employer
        : hash(this.ds.seed, 0x69, hashString(this.resource.code), this.subject.index, hashString(role)) % this.ds.companies.size;
      this.roleCompanies.set(role, index);
    }
    return this.ds.companies.company(index);
  }

  private resolveRolePerson(role: string): number {
    const p = this.person;
    const population = this.ds.population;
    if (p) {
      if (/^(男方|女方)$/.test(role)) {
        const self = (role === '男方') === p.male;
        if (self) return p.index;
        if (p.spouseIndex >= 0) return p.spouseIndex;
        if (p.exSpouseIndex >= 0) return p.exSpouseIndex;
      }
      if (role === '配偶' && p.spouseIndex >= 0) return p.spouseIndex;
      if (role === '父亲' && p.fatherIndex >= 0) return p.fatherIndex;
      if (role === '母亲' && p.motherIndex >= 0) return p.motherIndex;
      if (role === '监护人') {
        if (p.fatherIndex >= 0) return p.fatherIndex;
        if (p.motherIndex >= 0) return p.motherIndex;
        if (p.headIndex !== p.index) return p.headIndex;
      }
      if (role === '户主') return p.headIndex;
    } else if (/^(法定代表人|经营者|负责人|主要负责人|企业负责人|清算组负责人|股东|人员|校长|举办者|权利人)$/.test(role)) {
      return this.subject.kind === 'LEGAL_ENTITY' ? this.subject.company.legalRepIndex : p!.index;
    }
    const wantMale = role === '父亲' || role === '男方' ? true : role === '母亲' || role === '女方' ? false : undefined;
    const parent = p && (role === '父亲' || role === '母亲');
    for (let attempt = 0; ; attempt++) {
      const index = hash(this.ds.seed, 0x6a, hashString(this.resource.code), this.subject.index, hashString(role), attempt) % population.size;
      if (index === this.subject.index && this.subject.kind === 'PERSON') continue;
      if (wantMale === undefined || attempt > 60) return index;
      const candidate = population.person(index);
      if (candidate.male !== wantMale || candidate.age < 20) continue;
      if (parent && (candidate.birthDay > addYears(p.birthDay, -20) || candidate.birthDay < addYears(p.birthDay, -45))) continue;
      return index;
    }
  }
}

/** The generic record: f001 (the subject key) … fNNN, one per item. */
export function genericRecord(ds: Dataset, resource: CatalogResource, subject: Subject): Record<string, unknown> {
  const ctx = new RecordContext(ds, resource, subject);
  const record: Record<string, unknown> = { resourceCode: resource.code, subjectId: subject.id };
  resource.items.forEach((item, index) => {
    record[genericField(item)] = index === 0 ? subject.id : valueFor(ctx, item, index);
  });
  return record;
}

/** Values for some items of a resource (certificate content uses it for items after the metadata). */
export function genericValues(ctx: RecordContext, items: readonly CatalogItem[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const item of items) values[genericField(item)] = valueFor(ctx, item, 2);
  return values;
}

const ROLE_SUFFIX = /(有效身份证件号码|公民身份号码|身份证件号码|身份证件号|证照号码|证件号码|统一社会信用代码|姓名|名称|联系电话|出生日期|年龄|国籍|民族|住址|性别)$/;

function roleOf(name: string): string {
  return name.replace(ROLE_SUFFIX, '');
}

export function valueFor(ctx: RecordContext, item: CatalogItem, index: number): unknown {
  switch (item.dataType) {
    case 'D':
      return dateValue(ctx, item.name);
    case 'T': {
      const day = dateValue(ctx, item.name);
      return day === null ? null : `${day} ${String(ctx.rng.range(7, 21)).padStart(2, '0')}:${String(ctx.rng.int(60)).padStart(2, '0')}:${String(ctx.rng.int(60)).padStart(2, '0')}`;
    }
    case 'Y':
      return money(ctx, item.name);
    case 'I':
      return integer(ctx, item.name);
    case 'N':
    case 'B':
      return decimal(ctx, item.name);
    case 'F':
      return fraction(ctx, item.name);
    case 'L':
      return ctx.rng.chance(/有无犯罪记录|是否超标|是否就业困难/.test(item.name) ? 0.05 : 0.3);
    case 'G':
      return PHOTO_PLACEHOLDER;
    case 'M':
      return memo(ctx, item.name);
    default:
      return text(ctx, item.name, index);
  }
}

// ----- dates and numbers ---------------------------------------------------------------------

const END = /截止|期止|止$|到期|结束|终止日期|至$|有效期/;
const START = /起始|开始|起$|自$/;
const OPTIONAL_END = /解除挂失日期|移出日期|解封日期|终止日期|领取结束日期/;

function dateValue(ctx: RecordContext, name: string): string | null {
  const p = ctx.person;
  const rng = ctx.rng;
  const role = roleOf(name);
  if (name === '出生时间' && p) return p.birthDate;
  if (/出生日期$/.test(name)) {
    if (role) return ctx.rolePerson(role).birthDate;
    if (p) return p.birthDate;
    return ctx.representative().birthDate;
  }
  if (/死亡日期|火化日期/.test(name)) return p?.deceased ? isoDate(p.deathDay + (name.includes('火化') ? rng.range(2, 5) : 0)) : isoDate(ctx.anchor);
  if (/成立日期|成立登记日期|开业日期/.test(name) && ctx.company) return isoDate(ctx.company.establishedDay);
  if (/退休日期/.test(name) && p) return isoDate(addYears(p.birthDay, p.male ? 60 : 55));
  if (OPTIONAL_END.test(name)) return rng.chance(0.6) ? null : isoDate(min(AS_OF_DAY - 1, ctx.anchor + rng.range(30, 700)));
  if (START.test(name)) return isoDate(ctx.anchor);
  if (END.test(name)) return isoDate(max(addYears(ctx.anchor, endYears(ctx.resource.name + name)), AS_OF_DAY + 90) - 1);
  if (/开户日期|首次|初次|参加工作/.test(name)) return isoDate(min(ctx.anchor, ctx.origin + rng.int(3 * 365)));
  if (/入学日期|入园日期/.test(name) && p) return `${yearOf(p.birthDay) + (name.includes('入园') ? 3 : max(6, min(18, p.age - 1)))}-09-01`;
  if (/毕业日期/.test(name) && p) return `${min(yearOf(AS_OF_DAY), yearOf(p.birthDay) + 22)}-06-30`;
  if (/生效日期/.test(name)) return isoDate(ctx.anchor);
  return isoDate(min(AS_OF_DAY - 1, ctx.anchor + rng.int(20)));
}

function endYears(name: string): number {
  if (/报废/.test(name)) return 15;
  if (/检验有效期/.test(name)) return 2;
  if (/土地|林地|承包/.test(name)) return 30;
  if (/驾驶证/.test(name)) return 6;
  if (/居住证|迁移证|公示/.test(name)) return 1;
  if (/合同|协议|矫正/.test(name)) return 3;
  if (/贷款|债务/.test(name)) return 20;
  return 5;
}

function money(ctx: RecordContext, name: string): number {
  const rng = ctx.rng;
  const cents = () => rng.int(100) / 100;
  if (/注册资本|资金数额|注册资金|设立资产|出资总额/.test(name)) return ctx.company?.capital ?? rng.range(3, 500);
  if (/认缴出资额/.test(name)) return subscribed(ctx);
  if (/实缴出资额/.test(name)) return round(subscribed(ctx) * ctx.memo('paidShare', () => 0.2 + rng.next() * 0.8) * 100) / 100;
  if (/罚款|没收/.test(name)) return rng.range(5, 500) * 100;
  if (/缴费基数|缴存基数/.test(name)) return rng.range(4462, 24930);
  if (/津贴|补贴|补助|保障金|保障标准|救助|扶助|资助|月保障/.test(name)) return rng.range(100, 3000) + cents();
  if (/工资|拖欠/.test(name)) return rng.range(20, 800) * 1000;
  if (/总额|收入|资产|负债|利润|价款|总价|合同价格|合同金额|投资/.test(name)) return rng.range(50, 50_000) * 1000;
  if (/成交价格|计税价格/.test(name)) return rng.range(80, 600) * 10_000;
  if (/税额|税款|纳税|欠税/.test(name)) return rng.range(100, 200_000) + cents();
  if (/余额|贷款金额|提取金额|转移金额/.test(name)) return rng.range(1_000, 600_000) + cents();
  if (/月缴存额|缴费金额|个人缴费|单位缴费/.test(name)) return rng.range(300, 6000) + cents();
  if (/费用|支付|自付|金额/.test(name)) return rng.range(50, 30_000) + cents();
  return rng.range(100, 100_000) + cents();
}

/** 认缴出资额 of the shareholder (the legal representative): a share of the registered capital, 万元. */
function subscribed(ctx: RecordContext): number {
  const share = ctx.memo('capitalShare', () => 0.3 + ctx.rng.next() * 0.7);
  return round((ctx.company?.capital ?? 100) * share * 100) / 100;
}

function integer(ctx: RecordContext, name: string): number {
  const rng = ctx.rng;
  const p = ctx.person;
  if (/年龄/.test(name)) {
    const role = roleOf(name);
    if (role && p) {
      const other = ctx.rolePerson(role);
      return max(18, other.age - (/母亲|父亲/.test(role) ? p.age : 0));
    }
    return p?.age ?? rng.range(20, 70);
  }
  if (/家庭人口数|保障人数/.test(name) && p) return ctx.ds.population.householdSize(p.household);
  if (/记分/.test(name)) return rng.int(13);
  if (/孕周/.test(name)) return rng.range(37, 41);
  if (/年限/.test(name)) return rng.pick([40, 50, 70]);
  if (/期限/.test(name)) return rng.pick([60, 120, 240, 360]);
  if (/月数/.test(name)) return rng.range(1, 360);
  if (/剂次|孩次|顺位|产检次数/.test(name)) return rng.range(1, 3);
  if (/床位|客房/.test(name)) return rng.range(10, 400);
  if (/从业人数|参保人数|缴存人数|职工数|教职工|卫生技术人员|成员总数/.test(name)) return rng.range(3, 500);
  if (/在校生/.test(name)) return rng.range(200, 3000);
  if (/座位|载人/.test(name)) return rng.range(2, 55);
  if (/份数|条数|期数|数量|套数|船舶数量|地块数/.test(name)) return rng.range(0, 60);
  return rng.range(1, 100);
}

function decimal(ctx: RecordContext, name: string): number {
  const rng = ctx.rng;
  const two = (lo: number, hi: number) => round((lo + rng.next() * (hi - lo)) * 100) / 100;
  if (/体重|出生体重/.test(name)) return rng.range(2500, 4200);
  if (/身长/.test(name)) return rng.range(46, 54);
  if (/出让面积|用地面积|矿区面积|林地面积|承包地总面积|采伐面积/.test(name)) return two(1000, 80_000);
  if (/面积/.test(name)) return two(40, 300);
  if (/质量|载质量/.test(name)) return rng.range(1000, 32_000);
  if (/吨|功率/.test(name)) return two(50, 5000);
  if (/取水量|排放量|蓄积/.test(name)) return two(1, 500);
  if (/浓度|限值/.test(name)) return two(0.1, 100);
  return two(1, 1000);
}

function fraction(ctx: RecordContext, name: string): number {
  const rng = ctx.rng;
  const r = (lo: number, hi: number, digits = 2) => round((lo + rng.next() * (hi - lo)) * 10 ** digits) / 10 ** digits;
  if (/出资比例/.test(name)) return round(ctx.memo('capitalShare', () => 0.3 + rng.next() * 0.7) * 10000) / 100;
  if (/缴存比例/.test(name)) return r(0.05, 0.12, 2);
  if (/得分/.test(name)) return r(60, 100, 1);
  if (/利率/.test(name)) return r(2.6, 4.2);
  if (/税率/.test(name)) return rng.pick([0.03, 0.06, 0.09, 0.13]);
  if (/强度/.test(name)) return r(0.02, 0.12, 3);
  return r(0, 1);
}

// ----- texts ---------------------------------------------------------------------------------

const SELF_ORG = /^(企业名称|单位名称|当事人名称|经营者名称|纳税人名称|主体名称|机构名称|使用单位名称|用人单位名称|被抽样单位名称|生产者名称|受检单位名称|申请单位名称|业户名称|注册人名称|承担单位名称|供应商名称|取水单位名称|建设单位名称|建设单位|用地单位|受让人名称|采矿权人|专利权人|船舶所有人|第一完成单位|项目单位|单位详细名称|开发企业名称|发卡企业名称|演出单位名称|旅行社名称|律师事务所名称|旅馆名称|社会组织名称|合作社名称|个体工商户名称|家庭农场名称|学校名称|市场名称|场所名称)$/;
const SELF_PERSON = /^(姓名|所有人姓名|犬主姓名|当事人姓名|申请人姓名|借款人姓名|纳税人姓名|受援人姓名|学生姓名|幼儿姓名|逝者姓名|新生儿姓名|经营者姓名|买受人姓名|承包方代表姓名|收养人姓名|权利人|林权权利人|抵押人|被执行人|持证主体)$/;
const OFFICE = /(机关|机构|部门|派出所|评审委员会|登记处|主管税务机关|发卡地区|医保区划)$/;
const ADDRESS = /(地址|住址|住所|坐落|地点|场所|位置|所在地|路线)$|^(起运地|目的地|执行地|使用地|转出地|转入地)$/;

function text(ctx: RecordContext, name: string, index: number): string | null {
  const rng = ctx.rng;
  const p = ctx.person;
  const c = ctx.company;
  const role = roleOf(name);

  // The subject's own name, and people or organisations playing a role in the record.
  if (index === 1 && /(姓名|名称|人|单位)$/.test(name) && !/^(男方|女方)/.test(name)) return ctx.subjectName();
  if (SELF_PERSON.test(name)) return p ? p.name : ctx.representative().name;
  if (SELF_ORG.test(name)) return c ? c.name : (ctx.roleCompany(role)?.name ?? null);
  if (/^(法定代表人|法定代表人（负责人）|负责人|主要负责人|企业负责人|经营者姓名|清算组负责人|人员姓名|校长|举办者)$/.test(name)) {
    return c ? ctx.representative().name : ctx.rolePerson(role).name;
  }
  if (/(公民身份号码|身份证件号码|身份证件号|证照号码|证件号码)$/.test(name)) {
    if (name === '证件号码' && p) return `E${String(hash(ctx.ds.seed, 0x6b, p.index) % 100_000_000).padStart(8, '0')}`;
    if (role === '' || role === '经营者' || role === '法定代表人') return p ? p.id : ctx.representative().id;
    if (role === '股东证照' || role === '股东') return ctx.representative().id;
    return ctx.rolePerson(role).id;
  }
  if (/统一社会信用代码$/.test(name)) {
    if (role === '' && c) return c.code;
    if (role === '分支机构') return branchCode(ctx);
    return ctx.roleCompany(role)?.code ?? null;
  }
  if (/(姓名|负责人|承办人|责任民警|监护人|签发人|填报人|医生姓名|主要完成人|抵押人|出卖人|房东|公证员)$/.test(name)) {
    return ctx.rolePerson(role || name).name;
  }
  if (/(受理单位|列管单位|主管单位|保管单位|授予单位)$/.test(name) && !/学位/.test(name)) return office(ctx, name);
  if (/名称$|学位授予单位|录取学校|报告单位|承运单位|生产企业$|^所在单位$|^所在保安服务公司$|^执业机构$|^主要执业机构$|^接种单位$|^检验机构$|^检测机构$|^评价机构$|^鉴定机构$|^抽查机构$|^认定机构$|^供养机构名称$/.test(name)) {
    return organisationName(ctx, name, role);
  }

  // Facts of the subject.
  if (/性别$/.test(name)) return role && p ? ctx.rolePerson(role).sex : (p ?? ctx.representative()).sex;
  if (/民族$/.test(name)) return role ? ctx.rolePerson(role).ethnicity : (p ?? ctx.representative()).ethnicity;
  if (/国籍$/.test(name)) return '中国';
  if (/国别$|前往国家/.test(name)) return rng.pick(['日本', '韩国', '新加坡', '美国', '德国', '泰国', '澳大利亚']);
  if (/电话$/.test(name)) {
    if (name === '投诉举报电话') return '12315';
    if (role === '' || role === '联系') return p ? p.phone : (c?.phone ?? mobile(rng));
    return role === '房东' || role === '监护人' ? ctx.rolePerson(role).phone : mobile(rng);
  }
  if (/(行政区划代码|区划代码|区划)$/.test(name)) return /迁出|转出/.test(name) ? ctx.otherCounty().code : ctx.county.code;
  if (/^(户籍地址|住址|居住地址|联系地址|母亲住址|父亲住址|户籍所在地|出生地点|出生地)$/.test(name)) {
    if (p && /出生/.test(name)) return p.birthPlace;
    if (p && name === '居住地址' && /居住证|流动人口/.test(ctx.resource.name)) return ctx.memo('residence', () => streetAddress(ctx.otherCounty(), rng));
    if (p && /母亲|父亲/.test(name)) return ctx.rolePerson(role).address;
    return p ? p.address : ctx.representative().address;
  }
  if (ADDRESS.test(name)) {
    if (c && /^(住所|注册地址|经营场所|经营地址|单位地址|地址|生产经营地址|企业通信地址|机构地址|生产地址|场所地址|营业场所|办学地址|学校地址|农场地址|拆解场地地址)$/.test(name)) return c.address;
    if (/路线/.test(name)) return `${ctx.county.cityName}绕城高速—${rng.pick(['G60沪昆高速', 'G92杭甬高速', 'G25长深高速'])}—${rng.pick(COUNTIES).cityName}`;
    if (/迁出|转出/.test(name)) return streetAddress(ctx.otherCounty(), rng);
    if (/迁入|转入/.test(name) && p) return p.address;
    if (/口岸/.test(name)) return rng.pick(['杭州萧山国际机场', '宁波栎社国际机场', '上海浦东国际机场', '温州龙湾国际机场']);
    return c ? businessAddress(c.county, rng) : streetAddress(ctx.county, rng);
  }
  if (/口岸$/.test(name)) return rng.pick(['杭州萧山国际机场', '宁波栎社国际机场', '上海浦东国际机场']);
  if (OFFICE.test(name)) return office(ctx, name);
  if (/开户银行|收款银行|发放银行|抵押权人/.test(name)) return bankBranch(ctx.county, rng.int(100));

  // States, periods, codes and categories.
  if (/状态$/.test(name)) return statusValue(ctx, name);
  if (/年度$/.test(name) && !/考核/.test(name)) return String(yearOf(AS_OF_DAY) - 1);
  if (/(月份|所属期|报告期|考试年月)$/.test(name)) return isoDate(ctx.anchor).slice(0, 7);
  if (/学年$/.test(name)) return `${yearOf(AS_OF_DAY) - 1}-${yearOf(AS_OF_DAY)}学年`;
  if (name === '户号' && p) return p.householdNumber;
  if (name === '出生医学证明编号' && p) return birthCertificateNumber(ctx.ds, p);
  const exact = VOCABULARY[name];
  if (exact) return rng.pick(exact);
  if (/(号|号码|代码|编码|识别代号)$/.test(name)) return identifier(ctx, name);
  if (/签约团队$/.test(name)) return `${ctx.county.name}${rng.pick(['城东', '城西', '北山', '湖滨'])}家庭医生团队${rng.range(1, 12)}组`;
  if (/主要诊断$/.test(name)) return rng.pick(['高血压', '2型糖尿病', '社区获得性肺炎', '冠心病', '腰椎间盘突出症']);
  const vocabulary = vocabularyBySuffix(name);
  if (vocabulary) return rng.pick(vocabulary);
  return `${name.replace(/（.*）/, '')}：${rng.pick(['一般', '良好', '正常', '符合要求'])}`;
}

function branchCode(ctx: RecordContext): string | null {
  return ctx.roleCompany('分支机构')?.code ?? null;
}

function organisationName(ctx: RecordContext, name: string, role: string): string | null {
  const rng = ctx.rng;
  const county = ctx.county;
  const city = county.cityName;
  if (/学校|学位授予单位|录取学校|毕业院校/.test(name)) return rng.pick(['浙江大学', '浙江工业大学', '杭州电子科技大学', '浙江师范大学', '宁波大学', `${county.name}第一中学`, `${county.name}职业技术学校`]);
  if (/幼儿园/.test(name)) return `${county.name}${rng.pick(['实验', '中心', '机关', '阳光'])}幼儿园`;
  if (/疫苗生产企业/.test(name)) return rng.pick(['北京生物制品研究所有限责任公司', '华兰生物疫苗股份有限公司', '艾美卫信生物药业（浙江）有限公司', '上海生物制品研究所有限责任公司']);
  if (/生产企业/.test(name)) return rng.pick(['浙江华海药业股份有限公司', '浙江医药股份有限公司', '浙江海正药业股份有限公司', '浙江康恩贝制药股份有限公司']);
  if (/医疗|医院|接生机构|定点|卫生|签约机构|接种单位|报告单位|主要执业机构|执业机构名称|执业机构$/.test(name) && !ctx.resource.name.includes('律师')) {
    return rng.pick([`${city}第一人民医院`, `${county.name}人民医院`, `${county.name}妇幼保健院`, `${county.name}中医院`, `${county.name}${rng.pick(['城东', '城西', '北山', '文新'])}街道社区卫生服务中心`]);
  }
  if (/律师事务所|执业机构/.test(name)) return `${rng.pick(LAW_FIRMS)}律师事务所`;
  if (/殡仪馆/.test(name)) return `${city}殡仪馆`;
  if (/供养机构|养老/.test(name)) return `${county.name}社会福利中心`;
  if (/检验|检测|抽查|鉴定|评价|认定机构/.test(name)) return `${city}${rng.pick(['质量技术监督检测院', '食品药品检验研究院', '产品质量检验研究院', '劳动能力鉴定委员会办公室'])}`;
  if (/分支机构/.test(name)) return ctx.company ? `${ctx.company.name}${county.name}分公司` : (ctx.roleCompany(role)?.name ?? null);
  if (/股东/.test(name)) return ctx.representative().name;
  if (/项目名称|工程名称/.test(name)) return `${county.name}${rng.pick(['城北', '滨江', '东部', '科创园'])}${rng.pick(['安置房', '综合体', '道路改造', '产业园', '学校新建'])}工程`;
  if (/专利名称/.test(name)) return `一种${rng.pick(['智能', '节能', '便携式', '高效'])}${rng.pick(['控制装置', '检测方法', '加工设备', '数据处理方法'])}`;
  if (/疫苗名称/.test(name)) return rng.pick(['乙肝疫苗', '脊灰灭活疫苗', '百白破疫苗', '麻腮风疫苗', '乙脑减毒活疫苗', '流感疫苗']);
  if (/病种|诊断|疾病|手术/.test(name)) return rng.pick(['高血压', '2型糖尿病', '慢性阻塞性肺疾病', '冠心病', '肺炎', '骨折']);
  if (/药品名称/.test(name)) return rng.pick(['阿莫西林胶囊', '布洛芬缓释胶囊', '复方甘草片', '维生素C片']);
  if (/产品名称|样品名称|商品|货物名称|化学品名称|器具名称|设备/.test(name)) return rng.pick(['电热水壶', '儿童服装', '大米', '食用植物油', '电动自行车', '压力表', '液化石油气钢瓶', '氰化钠']);
  if (/船舶名称/.test(name)) return `浙${rng.pick(['杭', '甬', '舟', '温'])}${rng.pick(['运', '海', '渔'])}${rng.range(100, 9999)}`;
  if (/矿山名称/.test(name)) return `${county.name}${rng.pick(['石料矿', '建筑用石料矿', '萤石矿'])}`;
  if (/演出名称/.test(name)) return `${rng.pick(['西湖之夜', '江南韵', '钱塘潮'])}${rng.pick(['音乐会', '专场演出', '文艺晚会'])}`;
  if (/服务平台/.test(name)) return `${rng.pick(['曹操出行', '滴滴出行', '高德打车'])}`;
  if (/幼儿|学生/.test(name)) return ctx.subjectName();
  if (/殡|火化/.test(name)) return `${city}殡仪馆`;
  return ctx.roleCompany(role)?.name ?? null;
}

function office(ctx: RecordContext, name: string): string {
  const provider = ctx.ds.catalog.department(ctx.resource.providerCode).name;
  const county = ctx.county;
  if (/派出所$/.test(name)) return `${localOffice(county, '浙江省公安厅')}${ctx.rng.pick(['城东', '城西', '北山', '湖滨', '新街'])}派出所`;
  if (/发卡地区|医保区划/.test(name)) return county.fullName;
  if (/主管税务机关/.test(name)) return `国家税务总局${county.localPrefix}税务局`;
  if (/经办机构/.test(name)) {
    if (provider.includes('医疗保障')) return `${county.localPrefix}医疗保障局`;
    if (provider.includes('公积金')) return `${county.cityName}住房公积金管理中心${county.name}分中心`;
    return `${county.localPrefix}社会保险事业管理中心`;
  }
  if (/婚姻|收养/.test(ctx.resource.name) && /登记机关/.test(name)) return `${county.localPrefix}民政局婚姻登记处`;
  return localOffice(county, provider);
}

function statusValue(ctx: RecordContext, name: string): string {
  const rng = ctx.rng;
  const c = ctx.company;
  const p = ctx.person;
  if (/登记状态/.test(name) && c) return c.status === '存续' ? '存续（在营、开业、在册）' : c.status === '吊销' ? '吊销，未注销' : '注销';
  const fixed = STATUS[name];
  if (fixed) return rng.chance(0.92) ? fixed[0] : rng.pick(fixed);
  if (/证|许可|资格|执业/.test(name)) return rng.chance(0.95) ? '有效' : '注销';
  if (p?.deceased) return '注销';
  return '正常';
}

const STATUS: Record<string, readonly string[]> = {
  人员状态: ['正常', '迁出'],
  证件状态: ['有效', '挂失', '过期'],
  居住证状态: ['有效', '过期'],
  驾驶证状态: ['正常', '逾期未审验'],
  机动车状态: ['正常', '逾期未检验'],
  处理状态: ['已处理', '未处理'],
  执行情况: ['已执行', '执行中'],
  参保状态: ['正常参保', '暂停缴费'],
  缴费状态: ['正常缴费', '欠费'],
  发放状态: ['已发放', '暂停发放'],
  领取状态: ['正在领取', '已终止'],
  救助状态: ['正常', '已终止'],
  学籍状态: ['在籍', '休学', '毕业'],
  经营状态: ['营业', '停业'],
  执业状态: ['正常执业', '暂停执业'],
  签约状态: ['已签约', '已解约'],
  许可状态: ['有效', '注销'],
  设备状态: ['在用', '停用'],
  法律状态: ['有效', '届满终止'],
  管理状态: ['在管', '失访'],
  还款状态: ['正常还款', '逾期'],
  办理状态: ['已办结', '办理中'],
  年审状态: ['已年审', '未年审'],
  纳税人状态: ['正常', '非正常'],
  建档立卡状态: ['已建档', '未建档'],
  继续教育状态: ['已完成', '未完成'],
  运营状态: ['正常运营', '停运'],
  履约状态: ['履约中', '已履约'],
  抵押状态: ['未抵押', '已抵押'],
  查封状态: ['未查封', '已查封'],
  缴存状态: ['正常缴存', '封存'],
  卡状态: ['正常', '挂失'],
  证书状态: ['有效', '注销'],
  业务状态: ['有效', '已撤销'],
  登记状态: ['正常', '注销'],
};

function identifier(ctx: RecordContext, name: string): string {
  const rng = ctx.rng;
  const year = yearOf(ctx.anchor);
  const county = ctx.county;
  const serial = (digits: number) => String(hash(ctx.ds.seed, 0x6c, hashString(ctx.resource.code), ctx.subject.index, hashString(name)) % 10 ** digits).padStart(digits, '0');
  const short = county.name.slice(0, 1);
  if (/文号$/.test(name)) {
    const dept = ctx.ds.catalog.department(ctx.resource.providerCode).shortName.replace(/^省/, '').slice(0, 2);
    return `${short}${dept}${/处罚/.test(name + ctx.resource.name) ? '罚' : '决'}〔${year}〕${Number(serial(4))}号`;
  }
  if (/号牌号码|车牌号码/.test(name)) return `浙${'ABCDEFGHJKL'[max(0, Number(county.cityCode.slice(2, 4)) - 1)]}${rng.chars('0123456789ABCDEFGHJKLMNPQRSTUVWXYZ', 5)}`;
  if (/车辆识别代号/.test(name)) return `L${rng.chars('0123456789ABCDEFGHJKLMNPRSTUVWXYZ', 16)}`;
  if (/发动机号/.test(name)) return rng.chars('0123456789ABCDEFGHJKLMNPRSTUVWXYZ', 9);
  if (/单元号/.test(name)) return `${county.code}${serial(3)}001GB${serial(5)}F${serial(8)}`;
  if (/卡号|账号/.test(name)) return `${rng.range(1, 9)}${serial(11)}${rng.digits(4)}`;
  if (/学籍号/.test(name)) return `G${ctx.person?.id ?? serial(18)}`;
  if (/考生号/.test(name)) return `${String(year).slice(2)}33${serial(10)}`;
  if (/准考证号/.test(name)) return `${year}33${serial(8)}`;
  if (/专利号/.test(name)) return `ZL${year}${rng.pick(['1', '2', '3'])}${serial(7)}.${rng.int(10)}`;
  if (/行业代码/.test(name)) return ctx.company?.industryCode.slice(1).padEnd(4, '0') ?? '7299';
  if (/违法代码/.test(name)) return `${rng.pick(['1', '6', '7'])}${serial(3)}`;
  if (/职业编码/.test(name)) return `${rng.range(2, 6)}-${String(rng.range(1, 9)).padStart(2, '0')}-${String(rng.range(1, 9)).padStart(2, '0')}-${String(rng.range(1, 9)).padStart(2, '0')}`;
  if (/项目代码/.test(name)) return `${year}-${county.code}-${rng.pick(['47', '70', '78'])}-${rng.pick(['01', '02', '03'])}-${serial(6)}`;
  if (/设备代码/.test(name)) return `${rng.range(1000, 9999)}${county.code}${year}${serial(4)}`;
  if (/作业项目代码/.test(name)) return rng.pick(['N1', 'N2', 'Q1', 'Q2', 'G1', 'R1']);
  if (/进出口企业代码/.test(name)) return ctx.company?.code ?? serial(18);
  if (/字号/.test(name)) return `${name.includes('收养') ? 'S' : 'J'}${county.code}-${year}-${serial(6)}`;
  if (/档案编号/.test(name)) return `${county.code}${serial(6)}`;
  if (/证件号码/.test(name)) return `E${serial(8)}`;
  if (/船舶识别号/.test(name)) return `CN${year}${serial(8)}`;
  if (/印章号/.test(name)) return `${county.code}${serial(8)}`;
  const prefix = /许可/.test(name) ? '许' : /备案/.test(name) ? '备' : /证书|证号/.test(name) ? '证' : '';
  return `浙${prefix}${county.code.slice(2, 4)}${year}${serial(6)}`;
}

function memo(ctx: RecordContext, name: string): string {
  const rng = ctx.rng;
  const c = ctx.company;
  if (/经营范围|业务范围|生产经营范围|服务范围|许可范围|资质范围|生产范围|鉴定业务范围|执业范围|诊疗科目/.test(name)) {
    if (c && /经营范围|业务范围|生产经营范围/.test(name)) return c.scope;
    if (/执业范围|诊疗科目/.test(name)) return rng.pick(['内科专业', '外科专业', '妇产科专业；儿科专业', '全科医学专业', '口腔专业']);
    return rng.pick(['一般项目：依法须经批准的项目以外的相关业务', '许可范围以许可证载明内容为准', '房屋建筑工程施工总承包三级', '普通货运；货物专用运输（集装箱）']);
  }
  if (/违法事实|主要违法事实/.test(name)) return `经查，当事人于${isoDate(ctx.anchor)}在${ctx.county.name}存在${rng.pick(['未按规定公示年度报告', '销售不合格产品', '未取得许可从事经营活动', '虚假宣传', '拖欠劳动者工资'])}的行为，事实清楚，证据确凿。`;
  if (/处罚依据|法律依据/.test(name)) return `《${rng.pick(['中华人民共和国行政处罚法', '中华人民共和国食品安全法', '中华人民共和国产品质量法', '中华人民共和国劳动合同法', '中华人民共和国税收征收管理法'])}》第${rng.range(20, 130)}条`;
  if (/处罚内容|税务处理/.test(name)) return `责令改正，罚款人民币${rng.range(5, 500) * 100}元。`;
  if (/变更前内容|变更后内容/.test(name)) return c ? (name.includes('后') ? c.address : businessAddress(c.county, rng)) : streetAddress(ctx.county, rng);
  if (/审批意见/.test(name)) return '同意该项目环境影响报告表的审批。';
  if (/承诺内容/.test(name)) return '本单位承诺所提交材料真实有效，如有虚假，愿承担相应法律责任。';
  if (/记录|检验记录/.test(name)) return rng.chance(0.9) ? '无' : `${isoDate(ctx.anchor)} 检验合格`;
  if (/原始填报数据/.test(name)) return `{"营业收入":${rng.range(100, 100000)},"从业人员":${rng.range(1, 500)}}`;
  if (/信息$/.test(name)) return `${name.replace(/信息$/, '')}：详见纳税人申报资料`;
  if (/结构及组成|适用范围/.test(name)) return '详见产品技术要求';
  if (/建设规模/.test(name)) return `总建筑面积约${rng.range(1, 30)}万平方米`;
  return rng.chance(0.8) ? '无' : `${isoDate(ctx.anchor)} 办理`;
}

const VOCABULARY: Record<string, readonly string[]> = {
  性别: ['男', '女'],
  民族: ['汉族'],
  与户主关系: ['户主', '配偶', '子', '女'],
  文化程度: ['大学本科', '大学专科', '普通高中', '初中'],
  婚姻状况: ['未婚', '已婚'],
  兵役状况: ['未服兵役'],
  职业: ['专业技术人员', '办事人员和有关人员', '社会生产服务和生活服务人员'],
  迁移类型: ['迁入', '迁出'],
  迁移原因: ['工作调动', '投靠亲属', '购房', '升学'],
  死亡原因类别: ['疾病', '自然死亡'],
  注销原因: ['死亡', '出国（境）定居'],
  变更更正项目: ['姓名', '民族', '文化程度', '服务处所'],
  变更更正原因: ['申请变更', '登记错误更正'],
  制证类型: ['首次申领', '换领', '补领'],
  居住事由: ['务工', '经商', '就学', '投靠亲属'],
  房屋类型: ['租赁房屋', '自购房屋', '单位宿舍'],
  挂失证件类型: ['居民身份证', '临时居民身份证'],
  挂失原因: ['遗失', '被盗'],
  证件种类: ['普通护照', '往来港澳通行证', '往来台湾通行证'],
  出入境类别: ['出境', '入境'],
  号牌种类: ['小型汽车', '新能源小型车', '大型汽车'],
  车辆类型: ['小型普通客车', '小型轿车', '重型半挂牵引车', '轻型厢式货车'],
  车辆品牌: ['吉利', '比亚迪', '大众', '丰田', '零跑', '特斯拉'],
  车辆型号: ['JL7152', 'BYD7005', 'SVW71617', 'TV7152'],
  品牌型号: ['吉利牌JL7152', '比亚迪牌BYD7005', '大众牌SVW71617'],
  车身颜色: ['白', '黑', '灰', '蓝', '红'],
  使用性质: ['非营运', '营运', '预约出租客运'],
  准驾车型: ['C1', 'C2', 'B2', 'A2', 'C1E'],
  违法行为: ['机动车违反规定停放', '驾驶机动车违反道路交通信号灯通行', '超速行驶', '不按规定使用安全带'],
  事故形态: ['追尾', '刮擦', '侧面相撞'],
  责任认定: ['全部责任', '主要责任', '同等责任', '无责任'],
  伤亡情况: ['无人员伤亡', '轻微伤'],
  处罚种类: ['警告', '罚款', '行政拘留'],
  人员类别: ['在职', '退休', '灵活就业人员'],
  管控级别: ['一般', '重点'],
  查询目的: ['就业', '出国（境）', '入学'],
  化学品名称: ['氰化钠', '氰化钾', '砒霜'],
  物品品名: ['工业炸药', '工业雷管'],
  用途: ['住宅', '商业', '工业', '生产使用'],
  犬只品种: ['泰迪', '柯基', '比熊', '金毛寻回犬', '中华田园犬'],
  犬只毛色: ['白', '黄', '黑', '棕'],
  企业类型: ['有限责任公司（自然人投资或控股）', '有限责任公司（自然人独资）'],
  法定代表人证件类型: ['中华人民共和国居民身份证'],
  证件类型: ['中华人民共和国居民身份证'],
  注册资本币种: ['人民币'],
  变更事项: ['住所变更', '经营范围变更', '法定代表人变更', '注册资本变更'],
  注销方式: ['简易注销', '普通注销'],
  职务: ['执行董事兼总经理', '监事', '经理', '董事长'],
  产生方式: ['选举', '委派', '聘任'],
  股东类型: ['自然人股东', '企业法人'],
  股东证照类型: ['中华人民共和国居民身份证'],
  出资方式: ['货币', '实物', '知识产权'],
  组成形式: ['个人经营', '家庭经营'],
  列入经营异常名录原因: ['未按照规定期限公示年度报告', '通过登记的住所或者经营场所无法联系'],
  移出经营异常名录原因: ['补报未报年份的年度报告并公示', '依法办理住所变更登记'],
  列入严重违法失信名单原因: ['被列入经营异常名录届满3年仍未履行相关义务'],
  违法行为类型: ['虚假宣传', '销售不合格产品', '无照经营', '价格违法'],
  主体业态: ['餐饮服务经营者', '食品销售经营者', '单位食堂'],
  经营项目: ['热食类食品制售', '预包装食品（含冷藏冷冻食品）销售', '冷食类食品制售'],
  食品类别: ['糕点', '粮食加工品', '饮料', '调味品'],
  规格型号: ['500g/袋', '1.8L', 'XL', '220V 1800W'],
  型号规格: ['0-1.6MPa', 'YB-150', 'DN50'],
  检验项目: ['菌落总数', '铅（以Pb计）', '苯甲酸及其钠盐'],
  检验结果: ['合格', '不合格'],
  不合格项目: ['无', '菌落总数', '标签标识'],
  抽检类型: ['监督抽检', '风险监测', '评价性抽检'],
  设备种类: ['电梯', '压力容器', '起重机械', '锅炉'],
  设备类别: ['曳引与强制驱动电梯', '固定式压力容器', '桥式起重机'],
  设备品种: ['曳引驱动乘客电梯', '储气罐', '通用桥式起重机'],
  作业项目: ['叉车司机', '电梯修理', '快开门式压力容器操作', '起重机指挥'],
  检定结论: ['合格', '不合格'],
  专利类型: ['发明', '实用新型', '外观设计'],
  商标: ['无', '恒瑞', '鑫盛'],
  抽查结果: ['合格', '不合格'],
  信用风险等级: ['A类（信用风险低）', 'B类（信用风险一般）', 'C类（信用风险较高）'],
  类型: ['有限责任公司（自然人投资或控股）'],
  登记类型: ['结婚', '离婚', '补领结婚证'],
  业务状态: ['有效'],
  被收养人性别: ['男', '女'],
  救助类别: ['城乡低保', '特困供养'],
  供养方式: ['分散供养', '集中供养'],
  生活自理能力: ['具备生活自理能力', '部分丧失生活自理能力', '完全丧失生活自理能力'],
  救助类型: ['急难型临时救助', '支出型临时救助'],
  救助方式: ['发放救助金', '发放实物'],
  救助事由: ['因病致困', '因灾致困', '突发事件'],
  社会组织类型: ['社会团体', '民办非企业单位', '基金会'],
  年度检查结论: ['合格', '基本合格'],
  机构性质: ['民办非企业单位', '事业单位'],
  等级评定结果: ['一级', '二级', '三级', '四级'],
  骨灰安放方式: ['公墓安葬', '骨灰堂寄存', '生态安葬'],
  困境类型: ['低保家庭儿童', '重病重残儿童', '父母重病重残儿童'],
  参保险种: ['企业职工基本养老保险', '职工基本医疗保险', '失业保险', '工伤保险'],
  险种类型: ['企业职工基本养老保险', '失业保险', '工伤保险'],
  缴费类型: ['正常应缴', '补缴'],
  待遇类型: ['基本养老金', '失业保险金'],
  受伤部位: ['手部', '足部', '腰部', '头部'],
  工伤认定结论: ['认定为工伤', '视同工伤', '不予认定工伤'],
  鉴定类别: ['初次鉴定', '复查鉴定'],
  伤残等级: ['七级', '八级', '九级', '十级'],
  护理依赖等级: ['无', '生活部分不能自理'],
  鉴定结论: ['伤残等级九级，无护理依赖', '伤残等级十级，无护理依赖'],
  就业形式: ['单位就业', '灵活就业'],
  岗位名称: ['销售代表', '行政专员', '生产操作工', '软件工程师', '会计'],
  失业原因: ['劳动合同期满终止', '单位裁员', '个人辞职'],
  '职业（工种）': ['电工', '焊工', '育婴员', '中式烹调师', '保育员'],
  技能等级: ['五级/初级工', '四级/中级工', '三级/高级工', '二级/技师'],
  职称名称: ['工程师', '高级工程师', '助理工程师', '经济师'],
  职称级别: ['初级', '中级', '副高级', '正高级'],
  专业: ['机械工程', '计算机应用', '土木工程', '会计'],
  专业名称: ['数控技术应用', '汽车运用与维修', '计算机应用', '电子商务'],
  学制: ['三年', '四年', '五年'],
  单位类型: ['企业', '事业单位', '社会团体'],
  权利类型: ['国有建设用地使用权/房屋所有权'],
  权利性质: ['出让/市场化商品房'],
  共有情况: ['单独所有', '共同共有'],
  抵押方式: ['一般抵押', '最高额抵押'],
  查封类型: ['查封', '轮候查封'],
  土地用途: ['城镇住宅用地', '工业用地', '商服用地'],
  用地性质: ['城镇住宅用地', '工业用地'],
  建设规模: ['总建筑面积约2万平方米', '总建筑面积约8000平方米'],
  开采矿种: ['建筑用石料（凝灰岩）', '萤石（普通）'],
  开采方式: ['露天开采', '地下开采'],
  生产规模: ['30万吨/年', '50万吨/年'],
  资质类别: ['建筑业企业资质', '工程监理资质'],
  资质等级: ['一级', '二级', '三级', '甲级', '乙级'],
  注册等级: ['一级', '二级'],
  注册专业: ['建筑工程', '市政公用工程', '机电工程'],
  结构类型: ['框架结构', '剪力墙结构', '砖混结构'],
  付款方式: ['一次性付款', '商业贷款', '公积金贷款'],
  保障方式: ['公共租赁住房', '租赁补贴'],
  经营类别: ['道路普通货物运输', '道路旅客运输'],
  经营区域: ['杭州市', '浙江省'],
  经营性质: ['非营利性', '营利性'],
  健康状况: ['良好', '一般'],
  执业类别: ['临床', '中医', '口腔', '公共卫生'],
  危险性评估等级: ['0级', '1级', '2级'],
  病例分类: ['确诊病例', '临床诊断病例'],
  出院科室: ['内科', '外科', '妇产科', '儿科'],
  出院情况: ['治愈', '好转'],
  离院方式: ['医嘱离院', '医嘱转院'],
  高危因素: ['无', '高龄', '妊娠期高血压'],
  分娩方式: ['自然分娩', '剖宫产'],
  服务包类型: ['基础包', '慢病包', '老年人包'],
  扶助类别: ['独生子女伤残家庭', '独生子女死亡家庭'],
  机构类别: ['综合医院', '中医医院', '社区卫生服务中心'],
  机构等级: ['三级甲等', '二级甲等', '一级'],
  机构类型: ['公立', '民营'],
  学历层次: ['本科', '专科', '硕士研究生'],
  学习形式: ['普通全日制', '非全日制'],
  毕结业结论: ['毕业', '结业'],
  学位类别: ['学士', '硕士'],
  学科门类: ['工学', '管理学', '经济学', '文学'],
  年级: ['一年级', '二年级', '三年级'],
  班级: ['1班', '2班', '3班'],
  资格种类: ['小学教师资格', '初级中学教师资格', '高级中学教师资格'],
  任教学科: ['语文', '数学', '英语', '物理'],
  办学类型: ['普通高中', '中等职业学校', '幼儿园'],
  学段: ['小学', '初中', '高中'],
  家庭经济困难认定等级: ['一般困难', '困难', '特别困难'],
  资助项目: ['国家助学金', '免学费', '生活补助'],
  录取批次: ['普通类一段', '普通类二段'],
  录取专业: ['计算机科学与技术', '临床医学', '会计学'],
  考试科目: ['语文', '数学', '英语'],
  成绩等级: ['A', 'B', 'C'],
  学校类别: ['公办', '民办'],
  办学性质: ['公办', '民办'],
  年度考核结果: ['称职', '基本称职'],
  执业证类别: ['专职律师', '兼职律师'],
  组织形式: ['合伙', '个人'],
  公证事项: ['学历公证', '亲属关系公证', '无犯罪记录公证'],
  公证用途: ['留学', '定居', '探亲'],
  使用地: ['美国', '加拿大', '澳大利亚', '日本'],
  矫正类别: ['管制', '缓刑', '假释'],
  案件类别: ['民事', '刑事'],
  案由: ['劳动争议', '婚姻家庭纠纷', '交通事故'],
  援助方式: ['代理', '辩护'],
  纠纷类型: ['婚姻家庭纠纷', '邻里纠纷', '劳动争议'],
  调解结果: ['调解成功', '调解不成功'],
  协议履行情况: ['已履行', '履行中'],
  纳税信用级别: ['A', 'B', 'M', 'C'],
  纳税人类型: ['一般纳税人', '小规模纳税人'],
  登记注册类型: ['私营有限责任公司', '其他有限责任公司'],
  行业: ['软件和信息技术服务业', '批发业', '零售业'],
  资格类型: ['增值税一般纳税人'],
  税种: ['增值税', '企业所得税', '个人所得税'],
  申报方式: ['网上申报', '上门申报'],
  所得项目: ['工资薪金所得', '劳务报酬所得'],
  欠税税种: ['增值税', '城镇土地使用税'],
  案件性质: ['逃避缴纳税款', '虚开增值税专用发票'],
  残疾类别: ['视力残疾', '听力残疾', '肢体残疾', '智力残疾'],
  残疾等级: ['一级', '二级', '三级', '四级'],
  补贴类型: ['困难残疾人生活补贴', '重度残疾人护理补贴'],
  职业培训情况: ['已参加', '未参加'],
  辅助器具类别: ['肢体类', '视力类', '听力类'],
  辅助器具名称: ['轮椅', '助听器', '盲杖', '假肢'],
  就诊类型: ['门诊', '住院', '门诊慢特病'],
  救助对象类别: ['低保对象', '特困人员'],
  失能等级: ['中度失能', '重度失能'],
  护理服务方式: ['机构护理', '居家护理'],
  提取原因: ['购买自住住房', '租赁住房', '偿还住房贷款'],
  提取方式: ['转账', '委托提取'],
  从业资格类别: ['道路旅客运输驾驶员', '道路货物运输驾驶员', '网络预约出租汽车驾驶员'],
  诚信考核等级: ['AAA级', 'AA级', 'A级'],
  船舶种类: ['干货船', '油船', '集装箱船'],
  货物名称: ['钢结构件', '风电叶片'],
  环评文件类型: ['报告书', '报告表'],
  监测因子: ['化学需氧量', '氨氮', '二氧化硫', '颗粒物'],
  核准经营方式: ['收集、贮存、利用', '收集、贮存、处置'],
  核准经营危险废物类别: ['HW08废矿物油', 'HW49其他废物'],
  年经营规模: ['5000吨/年', '2万吨/年'],
  环境信用等级: ['绿色', '蓝色', '黄色'],
  行业类别: ['纺织品制造', '金属表面处理及热处理加工', '化学原料和化学制品制造业'],
  主要污染物类别: ['废气、废水', '废水'],
  生产经营方式: ['生产', '经营'],
  有效区域: ['浙江省'],
  经营类型: ['种植业', '养殖业', '种养结合'],
  示范等级: ['省级示范性家庭农场', '市级示范性家庭农场'],
  检测项目: ['农药残留', '兽药残留'],
  检测结果: ['合格', '不合格'],
  经营者类型: ['生产型', '流通型'],
  投资者国别: ['中国香港', '新加坡', '美国'],
  报告类型: ['初始报告', '变更报告', '年度报告'],
  发卡类型: ['单用途商业预付卡'],
  语种: ['普通话', '英语', '日语'],
  导游等级: ['初级', '中级', '高级'],
  退役类别: ['退役士兵', '退役军官'],
  安置方式: ['自主就业', '安排工作', '退休'],
  优抚对象类别: ['伤残军人', '烈士遗属', '在乡老复员军人'],
  档案类别: ['退役士兵档案', '人事档案'],
  作业类别: ['电工作业', '焊接与热切割作业', '高处作业'],
  准操项目: ['低压电工作业', '熔化焊接与热切割作业', '登高架设作业'],
  技术领域: ['电子信息', '先进制造与自动化', '新材料', '生物与新医药'],
  项目类别: ['重点研发计划', '基础公益研究计划'],
  奖励类别: ['科学技术进步奖', '技术发明奖'],
  奖励等级: ['一等奖', '二等奖', '三等奖'],
  供应商类型: ['企业', '事业单位'],
  采购方式: ['公开招标', '竞争性磋商', '询价'],
  学历: ['本科', '大专', '硕士研究生'],
  会计专业技术资格级别: ['初级', '中级', '高级'],
  补贴项目名称: ['耕地地力保护补贴', '农机购置补贴'],
  单位规模: ['大型', '中型', '小型', '微型'],
  采伐方式: ['择伐', '皆伐'],
  林种: ['用材林', '经济林', '生态公益林'],
  主要树种: ['杉木', '马尾松', '毛竹', '香樟'],
  物种名称: ['中华鳖', '大鲵', '铁皮石斛'],
  取水方式: ['泵站提水', '闸坝引水', '机井'],
  取水用途: ['工业', '农业灌溉', '生活'],
  水源类型: ['地表水', '地下水'],
  退水方式: ['经污水处理厂排放', '直接排放'],
  技术等级: ['国家级', '一级', '二级'],
  指导项目: ['游泳', '羽毛球', '广场舞', '太极拳'],
  运动项目: ['游泳', '田径', '乒乓球'],
  许可项目: ['Ⅱ类医疗器械', '化妆品生产'],
  经营方式: ['批发', '零售（连锁）', '零售'],
  承诺类型: ['审批替代型', '信用修复型', '主动型'],
  承诺事项: ['企业投资项目承诺制', '行政许可告知承诺'],
  原失信信息类别: ['行政处罚信息', '经营异常名录'],
  修复方式: ['主动纠错', '信用承诺'],
  年度考核备案: ['2024年度考核称职'],
  接种途径: ['肌内注射', '皮下注射', '口服'],
  船籍港: ['杭州', '宁波', '舟山', '温州', '台州'],
  规格: ['0.5ml/支', '10mg×24片', '0.25g×24粒'],
};

function vocabularyBySuffix(name: string): readonly string[] | undefined {
  if (/类型$|类别$|种类$/.test(name)) return ['一般', '其他'];
  if (/等级$|级别$/.test(name)) return ['一级', '二级', '三级'];
  if (/结论$|结果$/.test(name)) return ['合格', '符合要求'];
  if (/方式$/.test(name)) return ['一般', '其他'];
  if (/原因$|事由$/.test(name)) return ['其他'];
  if (/情况$/.test(name)) return ['正常', '无'];
  if (/范围$|项目$|内容$/.test(name)) return ['详见许可证载明内容'];
  if (/部位$/.test(name)) return ['手部', '腰部'];
  return undefined;
}


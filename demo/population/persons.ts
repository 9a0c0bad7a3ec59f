/**
 * The synthetic residents: households (户), their members, marriages and 公民身份号码.
 *
 * Everything about household h is a pure function of (seed, h) and the household types chosen
 * before it; person i is member (i − start[h]) of the household that holds it. The only state
 * kept is the household layout (start and type of each household) and an open-addressing table
 * from ID number to person index, both built once in typed arrays (≈ 30 MB for a million people).
 * Two people drawing the same county, birth date and order code are rare; the later one moves to
 * the next free order code of the same sex, so earlier people never change when the size grows.
 */
import { citizenIdCheckChar } from '../../src/common/identifiers/index.js';
import { AS_OF_DAY, addYears, ageAt, compactDate, dayNumber, isoDate, yearOf } from './calendar.js';
import { Rng, hash, weightedTable } from '../../src/common/prng.js';
import { COUNTIES, countyByCode, idCardIssuer, mobile, policeStation, streetAddress, type County } from './regions.js';
import {
  ADULT_EDUCATION,
  ELDER_EDUCATION,
  ETHNICITIES,
  GIVEN,
  OCCUPATIONS,
  PHOTO_PLACEHOLDER,
  STREET_PREFIXES,
  SURNAMES,
} from './vocab.js';

// Module-level copies: inside vm contexts (Jest) each lookup of the global Math is slow.
const { floor, min, max } = Math;

export enum HouseholdType {
  SINGLE = 0,
  COUPLE = 1,
  FAMILY = 2,
  FAMILY_WITH_ELDER = 3,
  SINGLE_PARENT = 4,
  ELDER_COUPLE = 5,
  /** A divorced man living alone; his former wife is the single member of the next household. */
  DIVORCED_MAN = 6,
  DIVORCED_WOMAN = 7,
}

const TYPE_TABLE = weightedTable<HouseholdType | 'DIVORCED_PAIR'>([
  [HouseholdType.SINGLE, 18],
  [HouseholdType.COUPLE, 17],
  [HouseholdType.FAMILY, 40],
  [HouseholdType.FAMILY_WITH_ELDER, 10],
  [HouseholdType.SINGLE_PARENT, 5],
  [HouseholdType.ELDER_COUPLE, 7],
  ['DIVORCED_PAIR', 3],
]);

export type Relation = '户主' | '配偶' | '子' | '女' | '父亲' | '母亲';

export interface CoreMember {
  relation: Relation;
  male: boolean;
  birthDay: number;
  /** 3-digit order code as drawn (odd for men); the ID may use a later one after a collision. */
  order: number;
  /** Slot of the spouse in this household, or -1. */
  spouse: number;
  father: number;
  mother: number;
  deceased: boolean;
}

export interface CoreHousehold {
  index: number;
  type: HouseholdType;
  county: County;
  members: CoreMember[];
  /** For a couple (or a divorced pair): the marriage registration day. */
  marriedDay: number;
  /** For a divorced pair: the divorce registration day. */
  divorcedDay: number;
  deathDay: number;
}

export type MaritalStatus = '未婚' | '已婚' | '丧偶' | '离婚';

/** Everything the sources know about one resident. */
export interface Person {
  index: number;
  id: string;
  name: string;
  formerName: string | null;
  male: boolean;
  /** 男 / 女 */
  sex: string;
  birthDay: number;
  birthDate: string;
  age: number;
  county: County;
  ethnicity: string;
  household: number;
  householdNumber: string;
  householdType: HouseholdType;
  relation: Relation;
  headIndex: number;
  address: string;
  marital: MaritalStatus;
  spouseIndex: number;
  marriedDay: number;
  exSpouseIndex: number;
  divorcedDay: number;
  fatherIndex: number;
  motherIndex: number;
  deceased: boolean;
  deathDay: number;
  phone: string;
  education: string;
  occupation: string;
  /** Company index of the employer, or -1. */
  employerIndex: number;
  /** 服务处所 when not an employer: a school. */
  school: string | null;
  military: string;
  nativePlace: string;
  birthPlace: string;
  registeredDay: number;
  movedIn: string | null;
  policeStation: string;
}

const DAY_1900 = dayNumber(1900, 1, 1);
const DAYS_PER_COUNTY = 50_000;
const YEAR = 365.2425;
const RETIREMENT_AGE = { male: 60, female: 55 };

/** Stream tags so that independent aspects of one household draw independent numbers. */
const S = { type: 1, core: 2, names: 3, place: 4, person: 5, pair: 6 } as const;

export class Population {
  readonly size: number;
  readonly householdCount: number;
  private readonly starts: Int32Array;
  private readonly types: Uint8Array;
  private readonly table: KeyTable;
  /** Person index → ID key, only for the few people moved off their drawn order code. */
  private readonly moved = new Map<number, number>();

  constructor(
    readonly seed: number,
    size: number,
    /** Companies that can employ people (employers are picked among them). */
    readonly companyCount = 0,
  ) {
    if (!Number.isInteger(size) || size < 2) throw new RangeError('a population needs at least 2 persons');
    if (size > 1_048_576) throw new RangeError('at most 1,048,576 persons');
    this.size = size;
    let starts = new Int32Array(Math.ceil(size / 2) + 2);
    let types = new Uint8Array(starts.length);
    this.table = new KeyTable(size);
    let persons = 0;
    let h = 0;
    const push = (type: HouseholdType, core: CoreHousehold) => {
      if (h + 2 > starts.length) {
        const bigger = new Int32Array(starts.length * 2);
        bigger.set(starts);
        starts = bigger;
        const biggerTypes = new Uint8Array(starts.length);
        biggerTypes.set(types);
        types = biggerTypes;
      }
      starts[h] = persons;
      types[h] = type;
      core.members.forEach((member, slot) => this.register(persons + slot, core.county.index, member));
      persons += core.members.length;
      h++;
    };
    while (persons < size) {
      const drawn = new Rng(seed, S.type, h).weighted(TYPE_TABLE);
      if (drawn === 'DIVORCED_PAIR' && persons + 2 <= size) {
        push(HouseholdType.DIVORCED_MAN, this.buildCore(h, HouseholdType.DIVORCED_MAN));
        push(HouseholdType.DIVORCED_WOMAN, this.buildCore(h, HouseholdType.DIVORCED_WOMAN));
        continue;
      }
      let type = drawn === 'DIVORCED_PAIR' ? HouseholdType.SINGLE : drawn;
      let core = this.buildCore(h, type);
      if (persons + core.members.length > size) {
        type = HouseholdType.SINGLE;
        core = this.buildCore(h, type);
      }
      push(type, core);
    }
    starts[h] = persons;
    this.householdCount = h;
    this.starts = starts.slice(0, h + 1);
    this.types = types.slice(0, h);
  }

  /** The household holding person i. */
  householdOf(i: number): number {
    const starts = this.starts;
    let lo = 0;
    let hi = this.householdCount - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  householdStart(h: number): number {
    return this.starts[h];
  }

  householdSize(h: number): number {
    return this.starts[h + 1] - this.starts[h];
  }

  householdType(h: number): HouseholdType {
    return this.types[h];
  }

  core(h: number): CoreHousehold {
    return this.buildCore(h, this.types[h]);
  }

  /** Person index for a 公民身份号码, or -1 (also for a wrong check character). */
  indexOf(id: string): number {
    if (typeof id !== 'string' || id.length !== 18) return -1;
    const upper = id.toUpperCase();
    if (!/^\d{17}[\dX]$/.test(upper)) return -1;
    const county = countyByCode(upper.slice(0, 6));
    if (!county) return -1;
    const day = dayNumber(Number(upper.slice(6, 10)), Number(upper.slice(10, 12)), Number(upper.slice(12, 14)));
    if (compactDate(day) !== upper.slice(6, 14)) return -1;
    if (citizenIdCheckChar(upper.slice(0, 17)) !== upper[17]) return -1;
    return this.table.get(idKey(county.index, day, Number(upper.slice(14, 17))));
  }

  idOf(i: number): string {
    const h = this.householdOf(i);
    const core = this.core(h);
    return this.idFromKey(this.keyOf(i, core.county.index, core.members[i - this.starts[h]]));
  }

  /** Household number (户号): 9 digits. */
  householdNumber(h: number): string {
    return String(h + 1).padStart(9, '0');
  }

  householdIndexOf(number: string): number {
    if (!/^\d{9}$/.test(number)) return -1;
    const h = Number(number) - 1;
    return h >= 0 && h < this.householdCount ? h : -1;
  }

  /** Who person i is (ID, name, sex, birth date), without the rest of the record: cheap. */
  identity(i: number): { id: string; name: string; male: boolean; birthDate: string } {
    const h = this.householdOf(i);
    const core = this.core(h);
    const slot = i - this.starts[h];
    const member = core.members[slot];
    const names = this.names(h, core);
    return { id: this.idFromKey(this.keyOf(i, core.county.index, member)), name: names.surnames[slot] + names.given[slot], male: member.male, birthDate: isoDate(member.birthDay) };
  }

  /** The full facts of person i. */
  person(i: number): Person {
    const h = this.householdOf(i);
    const core = this.core(h);
    const slot = i - this.starts[h];
    const member = core.members[slot];
    const names = this.names(h, core);
    const place = this.place(h, core);
    const start = this.starts[h];
    const rng = new Rng(this.seed, S.person, i);
    const age = ageAt(member.birthDay);
    const birthYear = yearOf(member.birthDay);

    let marital: MaritalStatus = '未婚';
    let spouseIndex = -1;
    let exSpouseIndex = -1;
    if (member.spouse >= 0) {
      marital = '已婚';
      spouseIndex = start + member.spouse;
    } else if (core.type === HouseholdType.DIVORCED_MAN || core.type === HouseholdType.DIVORCED_WOMAN) {
      marital = '离婚';
      exSpouseIndex = core.type === HouseholdType.DIVORCED_MAN ? this.starts[h + 1] : this.starts[h - 1];
    } else if (member.relation === '父亲' || member.relation === '母亲' || core.type === HouseholdType.SINGLE_PARENT) {
      marital = member.relation === '户主' || member.relation === '父亲' || member.relation === '母亲' ? '丧偶' : '未婚';
    } else if (core.type === HouseholdType.SINGLE && age >= 60 && hash(this.seed, S.person, i, 7) % 10 < 7) {
      marital = '丧偶';
    }

    // Work, school and retirement.
    const retirement = member.male ? RETIREMENT_AGE.male : RETIREMENT_AGE.female;
    let occupation = '无';
    let employerIndex = -1;
    let school: string | null = null;
    let education: string;
    if (age < 6) education = '学龄前';
    else if (age < 12) education = '小学';
    else if (age < 15) education = '初中';
    else if (age < 18) education = '普通高中';
    else education = rng.weighted(birthYear < 1965 ? ELDER_EDUCATION : ADULT_EDUCATION);
    if (age >= 6 && age < 18) {
      occupation = '学生';
      school = age < 12 ? `${core.county.name}实验小学` : age < 15 ? `${core.county.name}第一初级中学` : `${core.county.name}第一中学`;
    } else if (age >= 18 && age < 22 && rng.chance(0.45)) {
      occupation = '学生';
      education = '普通高中';
      school = rng.pick(['浙江大学', '浙江工业大学', '杭州电子科技大学', '浙江师范大学', '宁波大学', '温州医科大学', '浙江工商大学', '中国计量大学']);
    } else if (age >= 18 && age < retirement && !member.deceased) {
      if (rng.chance(0.82)) {
        occupation = rng.weighted(OCCUPATIONS);
        if (this.companyCount > 0) employerIndex = hash(this.seed, S.person, i, 11) % this.companyCount;
      } else occupation = rng.chance(0.5) ? '农、林、牧、渔业生产及辅助人员' : '无业';
    } else if (age >= retirement) occupation = '离退休人员';

    const military = member.male && age >= 22 && rng.chance(0.04) ? '退出现役' : '未服兵役';
    const formerName = rng.chance(0.03) ? `${names.surnames[slot]}${givenName(rng, member.male, birthYear)}` : null;
    const nativePlace = rng.chance(0.88)
      ? `浙江省${core.county.cityName}`
      : rng.pick(['安徽省安庆市', '江西省上饶市', '河南省信阳市', '江苏省苏州市', '福建省宁德市', '湖南省邵阳市', '四川省南充市', '山东省临沂市']);

    // 户籍登记: at birth for those born into the household, on marriage for a spouse who joined it.
    let registeredDay = min(AS_OF_DAY, member.birthDay + rng.range(7, 60));
    let movedIn: string | null = null;
    if (member.relation === '配偶') {
      registeredDay = min(AS_OF_DAY, core.marriedDay + rng.range(7, 180));
      const [y, m] = isoDate(registeredDay).split('-');
      movedIn = `${y}年${Number(m)}月因结婚由${core.county.name}${rng.pick(STREET_PREFIXES)}街道迁来`;
    } else if (member.relation === '父亲' || member.relation === '母亲') {
      registeredDay = min(AS_OF_DAY, addYears(member.birthDay, rng.range(50, 65)));
      if (registeredDay > AS_OF_DAY - 30) registeredDay = AS_OF_DAY - rng.range(30, 400);
      const [y, m] = isoDate(registeredDay).split('-');
      movedIn = `${y}年${Number(m)}月因投靠子女由${core.county.name}${rng.pick(STREET_PREFIXES)}街道迁来`;
    }

    return {
      index: i,
      id: this.idFromKey(this.keyOf(i, core.county.index, member)),
      name: names.surnames[slot] + names.given[slot],
      formerName,
      male: member.male,
      sex: member.male ? '男' : '女',
      birthDay: member.birthDay,
      birthDate: isoDate(member.birthDay),
      age,
      county: core.county,
      ethnicity: place.ethnicity,
      household: h,
      householdNumber: this.householdNumber(h),
      householdType: core.type,
      relation: member.relation,
      headIndex: start,
      address: place.address,
      marital,
      spouseIndex,
      marriedDay: spouseIndex >= 0 || exSpouseIndex >= 0 ? core.marriedDay : -1,
      exSpouseIndex,
      divorcedDay: exSpouseIndex >= 0 ? core.divorcedDay : -1,
      fatherIndex: member.father >= 0 ? start + member.father : -1,
      motherIndex: member.mother >= 0 ? start + member.mother : -1,
      deceased: member.deceased,
      deathDay: member.deceased ? core.deathDay : -1,
      phone: mobile(rng),
      education,
      occupation,
      employerIndex,
      school,
      military,
      nativePlace,
      birthPlace: core.county.fullName,
      registeredDay,
      movedIn,
      policeStation: place.policeStation,
    };
  }

  /** The 公安 population record (JSON as the 公安 API answers it). */
  populationRecord(i: number, employerName: (companyIndex: number) => string | null): Record<string, unknown> {
    const p = this.person(i);
    const head = p.headIndex === i ? p : this.person(p.headIndex);
    const spouse = p.spouseIndex >= 0 ? this.person(p.spouseIndex) : null;
    const card = idCard(p, new Rng(this.seed, S.person, i, 99));
    return {
      idNumber: p.id,
      name: p.name,
      formerName: p.formerName,
      sex: p.sex,
      ethnicity: p.ethnicity,
      birthDate: p.birthDate,
      birthPlace: p.birthPlace,
      nativePlace: p.nativePlace,
      education: p.education,
      maritalStatus: p.marital,
      militaryService: p.military,
      employer: p.employerIndex >= 0 ? employerName(p.employerIndex) : p.school,
      occupation: p.occupation,
      status: p.deceased ? '死亡' : '正常',
      deathDate: p.deceased ? isoDate(p.deathDay) : null,
      phone: p.phone,
      spouse: { idNumber: spouse?.id ?? null, name: spouse?.name ?? null, marriedOn: spouse ? isoDate(p.marriedDay) : null },
      household: {
        number: p.householdNumber,
        type: '家庭户',
        headName: head.name,
        headIdNumber: head.id,
        relationToHead: p.relation,
        address: p.address,
        regionCode: p.county.code,
        registeredOn: isoDate(p.registeredDay),
        registrationAuthority: p.policeStation,
        movedIn: p.movedIn,
        handledBy: this.clerkName(p.household),
      },
      idCard: { ...card, issuingAuthority: idCardIssuer(p.county), photo: PHOTO_PLACEHOLDER },
    };
  }

  /** The police officer (承办人) who handled a household's registration. */
  clerkName(h: number): string {
    const rng = new Rng(this.seed, S.place, h, 3);
    return rng.weighted(SURNAMES) + givenName(rng, rng.chance(0.6), 1985);
  }

  /** Every couple ever married (current couples and divorced pairs), in household order. */
  *marriages(): Generator<{ household: number; husband: number; wife: number; marriedDay: number; divorcedDay: number; county: County }> {
    for (let h = 0; h < this.householdCount; h++) {
      const type = this.types[h];
      if (type === HouseholdType.DIVORCED_MAN) {
        const core = this.core(h);
        yield { household: h, husband: this.starts[h], wife: this.starts[h + 1], marriedDay: core.marriedDay, divorcedDay: core.divorcedDay, county: core.county };
      } else if (type === HouseholdType.COUPLE || type === HouseholdType.FAMILY || type === HouseholdType.FAMILY_WITH_ELDER || type === HouseholdType.ELDER_COUPLE) {
        const core = this.core(h);
        const husbandSlot = core.members.findIndex((m) => m.spouse >= 0 && m.male);
        yield { household: h, husband: this.starts[h] + husbandSlot, wife: this.starts[h] + core.members[husbandSlot].spouse, marriedDay: core.marriedDay, divorcedDay: -1, county: core.county };
      }
    }
  }

  /** The first married head of household: a stable sample for demos and tests. */
  sampleMarriedPerson(): number {
    for (let h = 0; h < this.householdCount; h++) {
      const type = this.types[h];
      if (type === HouseholdType.FAMILY || type === HouseholdType.FAMILY_WITH_ELDER) return this.starts[h];
    }
    return 0;
  }

  // ----- construction -------------------------------------------------------------------------

  private register(i: number, countyIndex: number, member: CoreMember): void {
    let key = idKey(countyIndex, member.birthDay, member.order);
    if (this.table.get(key) >= 0) {
      // Same county, birth date and order code as someone before: take the next free order code
      // of the same parity (sex).
      let order = member.order;
      do {
        order = (order + 2) % 1000;
        key = idKey(countyIndex, member.birthDay, order);
      } while (this.table.get(key) >= 0 && order !== member.order);
      if (order === member.order) throw new Error('no free order code left for a birth date');
      this.moved.set(i, key);
    }
    this.table.set(key, i);
  }

  private keyOf(i: number, countyIndex: number, member: CoreMember): number {
    return this.moved.get(i) ?? idKey(countyIndex, member.birthDay, member.order);
  }

  private idFromKey(key: number): string {
    const order = key % 1000;
    const rest = (key - order) / 1000;
    const day = (rest % DAYS_PER_COUNTY) + DAY_1900;
    const county = COUNTIES[floor(rest / DAYS_PER_COUNTY)];
    const body = `${county.code}${compactDate(day)}${String(order).padStart(3, '0')}`;
    return body + citizenIdCheckChar(body);
  }

  private buildCore(h: number, type: HouseholdType): CoreHousehold {
    const rng = new Rng(this.seed, S.core, type === HouseholdType.DIVORCED_WOMAN ? h - 1 : h);
    const county = COUNTIES[new Rng(this.seed, S.place, h, 1).int(COUNTIES.length)];
    const members: CoreMember[] = [];
    const add = (relation: Relation, male: boolean, birthDay: number, extra: Partial<CoreMember> = {}) => {
      members.push({ relation, male, birthDay, order: rng.int(500) * 2 + (male ? 1 : 0), spouse: -1, father: -1, mother: -1, deceased: false, ...extra });
      return members.length - 1;
    };
    let marriedDay = -1;
    let divorcedDay = -1;
    let deathDay = -1;

    const couple = (minAge: number, maxAge: number, maxYearsAfterAdult: number, minWifeAge = 21) => {
      const husbandBirth = birthBetween(rng, minAge, maxAge);
      const wifeBirth = min(addYears(AS_OF_DAY, -minWifeAge) - rng.int(365), husbandBirth + floor(rng.range(-2, 5) * YEAR) + rng.int(365));
      const earliest = max(addYears(husbandBirth, 22), addYears(wifeBirth, 20));
      const latest = AS_OF_DAY - 30;
      marriedDay = earliest + rng.int(max(1, min(latest - earliest, floor(maxYearsAfterAdult * YEAR))));
      return { husbandBirth, wifeBirth };
    };
    const children = (motherBirth: number, fromDay: number, father: number, mother: number) => {
      const wanted = rng.weighted(CHILD_COUNT);
      let day = fromDay;
      for (let k = 0; k < wanted; k++) {
        day += rng.range(300, 5 * 365);
        if (day > AS_OF_DAY - 30 || ageAt(motherBirth, day) > 42) break;
        const male = rng.chance(0.515);
        add(male ? '子' : '女', male, day, { father, mother });
      }
    };

    switch (type) {
      case HouseholdType.SINGLE: {
        const young = rng.chance(0.6);
        add('户主', rng.chance(0.52), young ? birthBetween(rng, 20, 35) : birthBetween(rng, 18, 80));
        break;
      }
      case HouseholdType.COUPLE:
      case HouseholdType.FAMILY:
      case HouseholdType.FAMILY_WITH_ELDER:
      case HouseholdType.ELDER_COUPLE: {
        const [minAge, maxAge, years] =
          type === HouseholdType.COUPLE ? [23, 60, 10] : type === HouseholdType.ELDER_COUPLE ? [62, 88, 8] : [26, 62, 6];
        const { husbandBirth, wifeBirth } = couple(minAge, maxAge, years);
        const husbandHead = rng.chance(0.8);
        if (husbandHead) {
          add('户主', true, husbandBirth, { spouse: 1 });
          add('配偶', false, wifeBirth, { spouse: 0 });
        } else {
          add('户主', false, wifeBirth, { spouse: 1 });
          add('配偶', true, husbandBirth, { spouse: 0 });
        }
        const father = husbandHead ? 0 : 1;
        const mother = husbandHead ? 1 : 0;
        if (type === HouseholdType.FAMILY || type === HouseholdType.FAMILY_WITH_ELDER) {
          children(wifeBirth, marriedDay, father, mother);
        }
        if (type === HouseholdType.FAMILY_WITH_ELDER) {
          const headBirth = members[0].birthDay;
          const elderBirth = max(addYears(AS_OF_DAY, -100), addYears(headBirth, -rng.range(24, 36)) - rng.int(365));
          const male = rng.chance(0.35);
          const deceased = rng.chance(0.1);
          if (deceased) deathDay = AS_OF_DAY - rng.range(30, 3 * 365);
          add(male ? '父亲' : '母亲', male, elderBirth, { deceased });
        }
        break;
      }
      case HouseholdType.SINGLE_PARENT: {
        const male = rng.chance(0.25);
        const parentBirth = birthBetween(rng, 28, 55);
        add('户主', male, parentBirth);
        const childBirth = min(AS_OF_DAY - 30 - rng.int(300), addYears(parentBirth, rng.range(22, 38)) + rng.int(365));
        const childMale = rng.chance(0.515);
        add(childMale ? '子' : '女', childMale, childBirth, male ? { father: 0 } : { mother: 0 });
        break;
      }
      case HouseholdType.DIVORCED_MAN:
      case HouseholdType.DIVORCED_WOMAN: {
        const { husbandBirth, wifeBirth } = couple(28, 60, 5, 26);
        const latestMarriage = AS_OF_DAY - 2 * 365;
        if (marriedDay > latestMarriage) marriedDay = latestMarriage - rng.int(365);
        divorcedDay = marriedDay + 365 + rng.int(max(1, AS_OF_DAY - 30 - marriedDay - 365));
        if (type === HouseholdType.DIVORCED_MAN) add('户主', true, husbandBirth);
        else add('户主', false, wifeBirth);
        break;
      }
    }
    return { index: h, type, county, members, marriedDay, divorcedDay, deathDay };
  }

  /** Surnames and given names of a household's members (children take the father's surname). */
  private names(h: number, core: CoreHousehold): { surnames: string[]; given: string[] } {
    const rng = new Rng(this.seed, S.names, h);
    const surnames: string[] = [];
    const given: string[] = [];
    for (const member of core.members) {
      let surname: string;
      if (member.father >= 0) surname = rng.chance(0.92) ? surnames[member.father] : rng.weighted(SURNAMES);
      else if (member.mother >= 0 && core.type === HouseholdType.SINGLE_PARENT) surname = rng.chance(0.6) ? rng.weighted(SURNAMES) : surnames[member.mother];
      else if (member.relation === '父亲') surname = surnames[0];
      else surname = rng.weighted(SURNAMES);
      surnames.push(surname);
      given.push(givenName(rng, member.male, yearOf(member.birthDay)));
    }
    return { surnames, given };
  }

  private place(h: number, core: CoreHousehold): { address: string; ethnicity: string; policeStation: string } {
    const rng = new Rng(this.seed, S.place, h, 2);
    return { address: streetAddress(core.county, rng), ethnicity: rng.weighted(ETHNICITIES), policeStation: policeStation(core.county, rng.int(1000)) };
  }
}

const CHILD_COUNT = weightedTable<number>([
  [1, 55],
  [2, 38],
  [3, 7],
]);

export function givenName(rng: Rng, male: boolean, birthYear: number): string {
  const pools = male ? GIVEN.M : GIVEN.F;
  const pool = birthYear < 1975 ? pools.old : birthYear < 1995 ? pools.mid : pools.new;
  const first = pool[rng.int(pool.length)];
  if (rng.chance(birthYear < 1995 ? 0.3 : 0.12)) return first;
  let second = pool[rng.int(pool.length)];
  if (second === first && rng.chance(0.8)) second = pool[rng.int(pool.length)];
  return first + second;
}

/** A birth day for someone aged minAge..maxAge on the snapshot date. */
function birthBetween(rng: Rng, minAge: number, maxAge: number): number {
  const youngest = addYears(AS_OF_DAY, -minAge);
  const oldest = addYears(AS_OF_DAY, -(maxAge + 1)) + 1;
  return oldest + rng.int(youngest - oldest + 1);
}

function idKey(countyIndex: number, birthDay: number, order: number): number {
  return (countyIndex * DAYS_PER_COUNTY + (birthDay - DAY_1900)) * 1000 + order;
}

/** 居民身份证: valid 5 years under 16, 10 years 16–25, 20 years 26–45, long-term from 46. */
function idCard(p: Person, rng: Rng): Record<string, unknown> {
  const age = p.age;
  const [startAge, years] = age < 16 ? [floor(age / 5) * 5, 5] : age < 26 ? [16, 10] : age < 46 ? [26, 20] : [46, 0];
  const from = min(AS_OF_DAY - 1, addYears(p.birthDay, startAge) + rng.int(60));
  const to = years ? addYears(from, years) : null;
  const lost = rng.chance(0.03);
  const first = startAge === 16 || (age < 16 && startAge === 0);
  return {
    validFrom: isoDate(from),
    validTo: to === null ? null : isoDate(to),
    status: p.deceased ? '作废' : to !== null && to < AS_OF_DAY ? '过期' : '有效',
    lastIssuedOn: isoDate(lost ? min(AS_OF_DAY - 1, from + 30 + rng.int(max(1, AS_OF_DAY - from))) : from),
    issueType: lost ? '补领' : first ? '首次申领' : '换领',
  };
}

/**
 * ID number → person index: open addressing over typed arrays (two slots per person, linear
 * probing). Keys are county × birth day × order code, unique by construction.
 */
class KeyTable {
  private readonly keys: Float64Array;
  private readonly values: Int32Array;
  private readonly mask: number;

  constructor(capacityFor: number) {
    let capacity = 16;
    while (capacity < capacityFor * 2) capacity *= 2;
    this.keys = new Float64Array(capacity).fill(-1);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  get(key: number): number {
    let slot = this.slot(key);
    for (;;) {
      const k = this.keys[slot];
      if (k === key) return this.values[slot];
      if (k === -1) return -1;
      slot = (slot + 1) & this.mask;
    }
  }

  set(key: number, value: number): void {
    let slot = this.slot(key);
    while (this.keys[slot] !== -1 && this.keys[slot] !== key) slot = (slot + 1) & this.mask;
    this.keys[slot] = key;
    this.values[slot] = value;
  }

  private slot(key: number): number {
    return hash(key % 4294967296, floor(key / 4294967296)) & this.mask;
  }
}

/** What other generators need to know about a person without building the whole record. */
export interface PersonBrief {
  male: boolean;
  birthDay: number;
  deceased: boolean;
}

export function briefOf(population: Population, i: number): PersonBrief {
  const h = population.householdOf(i);
  const member = population.core(h).members[i - population.householdStart(h)];
  return { male: member.male, birthDay: member.birthDay, deceased: member.deceased };
}

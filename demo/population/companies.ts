/**
 * Synthetic market entities (市场主体): enterprises (企业, kind 1) and individual businesses
 * (个体工商户, kind 2), registered by 工商 (registration authority 9).
 *
 * Company j is a pure function of (seed, j). Its 组织机构代码 (GB 11714) encodes j through an
 * invertible affine map, so a 统一社会信用代码 is looked up by decoding it, with no index at all:
 * companies founded before the 2015 reform carry an 8-digit legacy body, later ones `MA` + six
 * characters of the credit-code alphabet.
 */
import { CREDIT_CODE_CHARSET, creditCodeCheckChar } from '../../src/common/identifiers/index.js';
import { AS_OF_DAY, VALID_MARGIN_YEARS, addYears, ageAt, dayNumber } from './calendar.js';
import { briefOf, type Population } from './persons.js';
import { Rng, hash, weightedTable } from '../../src/common/prng.js';
import { COUNTIES, businessAddress, landline, mobile, postcode, type County } from './regions.js';
import { BRAND_CHARS, INDUSTRIES, SHOPS, type Industry } from './vocab.js';

// Module-level copies: inside vm contexts (Jest) each lookup of the global Math is slow.
const { floor, min, max } = Math;

export type CompanyStatus = '存续' | '注销' | '吊销';

export interface Company {
  index: number;
  /** 统一社会信用代码 */
  code: string;
  /** '1' 企业, '2' 个体工商户 */
  kind: '1' | '2';
  name: string;
  county: County;
  /** 企业类型 */
  type: string;
  industryCode: string;
  industryName: string;
  scope: string;
  /** Sells or serves food, so it holds a 食品经营许可证. */
  food: boolean;
  legalRepIndex: number;
  establishedDay: number;
  /** 营业期限至, or -1 for 长期 */
  termToDay: number;
  /** 注册资本 / 资金数额, 万元 */
  capital: number;
  status: CompanyStatus;
  /** Day of 注销 or 吊销, else -1 */
  statusDay: number;
  /** 核准日期 (last approved change) */
  approvedDay: number;
  address: string;
  postcode: string;
  phone: string;
  registrationAuthority: string;
  /** 15-digit 注册号 from before the credit-code reform */
  registrationNumber: string;
}

const REFORM_DAY = dayNumber(2015, 10, 1);
const EARLIEST_DAY = dayNumber(1993, 1, 1);
const LEGACY_SPACE = 100_000_000n;
const NEW_SPACE = 31n ** 6n;
const MULTIPLIER = 48_271n;
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const ORG_VALUES = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

const ENTERPRISE_TYPES = weightedTable<[string, string]>([
  [['有限责任公司（自然人投资或控股）', '有限公司'], 55],
  [['有限责任公司（自然人独资）', '有限公司'], 30],
  [['股份有限公司（非上市、自然人投资或控股）', '股份有限公司'], 5],
  [['个人独资企业', '商行'], 6],
  [['普通合伙企业', '经营部'], 4],
]);
const INDUSTRY_TABLE = weightedTable(INDUSTRIES.map((industry) => [industry, industry.weight] as const));
const CAPITALS = weightedTable<number>([[10, 10], [50, 20], [100, 25], [200, 15], [500, 14], [1000, 9], [3000, 4], [5000, 3]]);

/** GB 11714 check character over an 8-character body. */
export function organisationCodeCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += ORG_VALUES.indexOf(body8[i]) * ORG_WEIGHTS[i];
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

export class Companies {
  private readonly legacyOffset: bigint;
  private readonly newOffset: bigint;
  private readonly legacyInverse: bigint;
  private readonly newInverse: bigint;

  constructor(
    readonly seed: number,
    readonly size: number,
    private readonly population: Population,
  ) {
    if (!Number.isInteger(size) || size < 0 || size > 10_000_000) throw new RangeError('companies must be 0..10,000,000');
    this.legacyOffset = BigInt(hash(seed, 0xc0, 1)) % LEGACY_SPACE;
    this.newOffset = BigInt(hash(seed, 0xc0, 2)) % NEW_SPACE;
    this.legacyInverse = modInverse(MULTIPLIER, LEGACY_SPACE);
    this.newInverse = modInverse(MULTIPLIER, NEW_SPACE);
  }

  company(j: number): Company {
    const rng = new Rng(this.seed, 0xc0, j);
    const kind: '1' | '2' = rng.chance(0.85) ? '1' : '2';
    const county = COUNTIES[rng.int(COUNTIES.length)];

    // 法定代表人 / 经营者: a living adult of the population, at least 22 when the business was founded.
    let rep = -1;
    for (let attempt = 0; attempt < 40 && rep < 0; attempt++) {
      const candidate = hash(this.seed, 0xc1, j, attempt) % this.population.size;
      const brief = briefOf(this.population, candidate);
      const age = ageAt(brief.birthDay);
      if (!brief.deceased && age >= 25 && age <= 75) rep = candidate;
    }
    if (rep < 0) rep = this.population.sampleMarriedPerson();
    const repBirth = briefOf(this.population, rep).birthDay;
    const earliest = max(EARLIEST_DAY, addYears(repBirth, 22));
    // More recent foundings are more common.
    const span = AS_OF_DAY - 60 - earliest;
    const establishedDay = earliest + floor(span * Math.sqrt(rng.next()));

    let type: string;
    let suffix: string;
    let industryCode: string;
    let industryName: string;
    let scope: string;
    let food: boolean;
    let name: string;
    let capital: number;
    const brand = brandName(rng);
    if (kind === '1') {
      [type, suffix] = rng.weighted(ENTERPRISE_TYPES);
      const industry: Industry = rng.weighted(INDUSTRY_TABLE);
      ({ code: industryCode, name: industryName, scope, food } = industry);
      name = `${county.cityName.replace(/市$/, '')}${brand}${rng.pick(industry.words)}${suffix}`;
      capital = type.startsWith('股份') ? rng.range(10, 100) * 100 : type === '个人独资企业' || type === '普通合伙企业' ? rng.range(1, 20) * 5 : rng.weighted(CAPITALS);
    } else {
      type = '个体工商户';
      const [shop, code, isFood] = rng.pick(SHOPS);
      industryCode = code;
      industryName = code.startsWith('H') ? '餐饮业' : code.startsWith('F') ? '零售业' : '居民服务、修理和其他服务业';
      scope = isFood ? '许可项目：食品经营；餐饮服务。一般项目：食用农产品零售。' : `一般项目：${shop.replace(/(店|部)$/, '')}服务；日用百货销售。`;
      food = isFood;
      name = `${county.localPrefix}${brand}${shop}`;
      capital = rng.range(1, 50);
    }

    const statusRoll = rng.next();
    const status: CompanyStatus = statusRoll < 0.05 ? '注销' : statusRoll < 0.07 ? '吊销' : '存续';
    const statusDay = status === '存续' ? -1 : min(AS_OF_DAY - 1, establishedDay + 365 + rng.int(max(1, AS_OF_DAY - establishedDay - 365)));
    const approvedDay = status === '存续' ? establishedDay + rng.int(max(1, AS_OF_DAY - establishedDay)) : statusDay;
    // 营业期限: 长期, or 20/30 years (a term that has run out was renewed as 长期).
    let termToDay = kind === '2' || rng.chance(0.6) ? -1 : addYears(establishedDay, rng.chance(0.5) ? 20 : 30) - 1;
    if (termToDay >= 0 && termToDay < addYears(AS_OF_DAY, VALID_MARGIN_YEARS)) termToDay = -1;

    const code = this.creditCode(j, kind, county, establishedDay);
    return {
      index: j,
      code,
      kind,
      name,
      county,
      type,
      industryCode,
      industryName,
      scope,
      food,
      legalRepIndex: rep,
      establishedDay,
      termToDay,
      capital,
      status,
      statusDay,
      approvedDay,
      address: businessAddress(county, rng),
      postcode: postcode(county),
      phone: rng.chance(0.6) ? landline(county, rng) : mobile(rng),
      registrationAuthority: `${county.localPrefix}市场监督管理局`,
      registrationNumber: `${county.code}${String(hash(this.seed, 0xc2, j) % 1_000_000_000).padStart(9, '0')}`,
    };
  }

  /** Company index for a 统一社会信用代码, or -1. */
  indexOf(code: string): number {
    if (typeof code !== 'string' || code.length !== 18) return -1;
    const upper = code.toUpperCase();
    const body = upper.slice(8, 16);
    let j: bigint;
    if (/^\d{8}$/.test(body)) {
      j = (((BigInt(body) - this.legacyOffset) % LEGACY_SPACE) + LEGACY_SPACE) % LEGACY_SPACE;
      j = (j * this.legacyInverse) % LEGACY_SPACE;
    } else if (body.startsWith('MA')) {
      let value = 0n;
      for (const char of body.slice(2)) {
        const digit = CREDIT_CODE_CHARSET.indexOf(char);
        if (digit < 0) return -1;
        value = value * 31n + BigInt(digit);
      }
      j = (((value - this.newOffset) % NEW_SPACE) + NEW_SPACE) % NEW_SPACE;
      j = (j * this.newInverse) % NEW_SPACE;
    } else return -1;
    if (j >= BigInt(this.size)) return -1;
    const index = Number(j);
    return this.company(index).code === upper ? index : -1;
  }

  private creditCode(j: number, kind: '1' | '2', county: County, establishedDay: number): string {
    let body: string;
    if (kind === '1' && establishedDay < REFORM_DAY) {
      body = String((BigInt(j) * MULTIPLIER + this.legacyOffset) % LEGACY_SPACE).padStart(8, '0');
    } else {
      let value = (BigInt(j) * MULTIPLIER + this.newOffset) % NEW_SPACE;
      let chars = '';
      for (let k = 0; k < 6; k++) {
        chars = CREDIT_CODE_CHARSET[Number(value % 31n)] + chars;
        value /= 31n;
      }
      body = `MA${chars}`;
    }
    const body17 = `9${kind}${county.code}${body}${organisationCodeCheckChar(body)}`;
    return body17 + creditCodeCheckChar(body17);
  }
}

function brandName(rng: Rng): string {
  const first = BRAND_CHARS[rng.int(BRAND_CHARS.length)];
  let second = BRAND_CHARS[rng.int(BRAND_CHARS.length)];
  while (second === first) second = BRAND_CHARS[rng.int(BRAND_CHARS.length)];
  return first + second;
}

function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [a % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new Error('not invertible');
  return ((oldS % m) + m) % m;
}

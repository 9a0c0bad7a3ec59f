/**
 * Zhejiang's counties as the synthetic population uses them: names, the local offices that
 * register people and businesses there, addresses, postcodes and telephone area codes.
 */
import { regionName, zhejiangCountyCodes } from '../../src/common/identifiers/index.js';
import type { Rng } from '../../src/common/prng.js';
import { COMMUNITY_FIRST, COMMUNITY_LAST, POLICE_STATIONS, ROADS, STREET_PREFIXES, VILLAGE_WORDS } from './vocab.js';

export interface County {
  index: number;
  /** GB/T 2260 county code, e.g. 330106 */
  code: string;
  /** 西湖区 */
  name: string;
  /** 330100 */
  cityCode: string;
  /** 杭州市 */
  cityName: string;
  /** A 市辖区 (district) rather than a 县 or 县级市. */
  district: boolean;
  /** 杭州市西湖区 for districts, 桐庐县 for counties: the prefix of local office names. */
  localPrefix: string;
  /** 浙江省杭州市西湖区 */
  fullName: string;
  areaCode: string;
  postcodeBase: number;
}

const AREA_CODES: Record<string, [string, number]> = {
  '3301': ['0571', 310000],
  '3302': ['0574', 315000],
  '3303': ['0577', 325000],
  '3304': ['0573', 314000],
  '3305': ['0572', 313000],
  '3306': ['0575', 312000],
  '3307': ['0579', 321000],
  '3308': ['0570', 324000],
  '3309': ['0580', 316000],
  '3310': ['0576', 318000],
  '3311': ['0578', 323000],
};

export const COUNTIES: readonly County[] = zhejiangCountyCodes().map((code, index) => {
  const cityCode = `${code.slice(0, 4)}00`;
  const name = regionName(code)!;
  const cityName = regionName(cityCode)!;
  const district = name.endsWith('区');
  const [areaCode, postcodeBase] = AREA_CODES[code.slice(0, 4)] ?? ['0571', 310000];
  return {
    index,
    code,
    name,
    cityCode,
    cityName,
    district,
    localPrefix: district ? cityName + name : name,
    fullName: `浙江省${cityName}${name}`,
    areaCode,
    postcodeBase,
  };
});

const BY_CODE = new Map(COUNTIES.map((county) => [county.code, county]));

export function countyByCode(code: string): County | undefined {
  return BY_CODE.get(code);
}

/** A street-level address in the county: 浙江省杭州市西湖区北山街道曙光路123号5幢2单元301室. */
export function streetAddress(county: County, rng: Rng): string {
  const street = rng.pick(STREET_PREFIXES);
  if (!county.district && rng.chance(0.4)) {
    return `${county.fullName}${street}镇${rng.pick(VILLAGE_WORDS)}村${rng.range(1, 300)}号`;
  }
  const building = rng.chance(0.7) ? `${rng.range(1, 30)}幢${rng.range(1, 4)}单元${rng.range(1, 28)}0${rng.range(1, 4)}室` : '';
  return `${county.fullName}${street}街道${rng.pick(ROADS)}${rng.range(1, 999)}号${building}`;
}

/** A business address: 浙江省杭州市西湖区北山街道曙光路123号2幢1层101室. */
export function businessAddress(county: County, rng: Rng): string {
  return `${county.fullName}${rng.pick(STREET_PREFIXES)}街道${rng.pick(ROADS)}${rng.range(1, 999)}号${rng.range(1, 12)}幢${rng.range(1, 20)}层${rng.range(1, 30)}0${rng.range(1, 9)}室`;
}

export function communityName(rng: Rng): string {
  return `${rng.pick(COMMUNITY_FIRST)}${rng.pick(COMMUNITY_LAST)}社区`;
}

/** 杭州市公安局西湖区分局 / 桐庐县公安局 */
export function policeBureau(county: County): string {
  return county.district ? `${county.cityName}公安局${county.name}分局` : `${county.name}公安局`;
}

/** The ID-card issuing authority as printed on the card: 杭州市公安局西湖分局. */
export function idCardIssuer(county: County): string {
  return county.district ? `${county.cityName}公安局${county.name.replace(/区$/, '')}分局` : `${county.name}公安局`;
}

export function policeStation(county: County, pick: number): string {
  return `${policeBureau(county)}${POLICE_STATIONS[pick % POLICE_STATIONS.length]}派出所`;
}

/** 杭州市西湖区市场监督管理局 etc. from a provincial department's name (浙江省…厅/局). */
export function localOffice(county: County, provincialName: string): string {
  if (provincialName === '浙江省公安厅') return policeBureau(county);
  if (provincialName.startsWith('国家税务总局浙江省')) return `国家税务总局${county.localPrefix}税务局`;
  const unit = provincialName.replace(/^浙江省/, '').replace(/厅$/, '局');
  return `${county.localPrefix}${unit}`;
}

export function postcode(county: County): string {
  return String(county.postcodeBase + (county.index % 9) * 100 + 11);
}

export function landline(county: County, rng: Rng): string {
  return `${county.areaCode}-${rng.range(5, 8)}${rng.digits(7)}`;
}

export function mobile(rng: Rng): string {
  return `1${rng.pick(['3', '5', '7', '8', '9'])}${rng.digits(9)}`;
}

import { HISTORICAL_REGION_NAMES, REGION_NAMES } from './region-codes.data.js';

const ZHEJIANG_PREFIX = '33';

function isOwnKey(record: Readonly<Record<string, string>>, code: string): boolean {
  return Object.hasOwn(record, code);
}

/** True for a GB/T 2260 code in the hub's list, whether still in force or historical. */
export function isKnownRegionCode(code: string): boolean {
  return isOwnKey(REGION_NAMES, code) || isOwnKey(HISTORICAL_REGION_NAMES, code);
}

/**
 * For the address code inside a 身份证号 or 统一社会信用代码: only the province must be known.
 * The code is the one in force when the number was issued, and county codes have been merged,
 * renamed and abolished ever since; rejecting a real person's number because their birth county
 * no longer exists would be worse than accepting an unknown county in a known province.
 * Explicit 区划代码 fields (departments, 管辖属地) are checked with isKnownRegionCode.
 */
export function isKnownProvinceOf(code: string): boolean {
  return /^\d{6}$/.test(code) && isKnownRegionCode(`${code.slice(0, 2)}0000`);
}

/** True for a code that is no longer in force but still appears in older identifiers. */
export function isHistoricalRegionCode(code: string): boolean {
  return isOwnKey(HISTORICAL_REGION_NAMES, code);
}

/** The unit's own name (e.g. '西湖区' for 330106), or undefined for an unknown code. */
export function regionName(code: string): string | undefined {
  if (isOwnKey(REGION_NAMES, code)) return REGION_NAMES[code];
  if (isOwnKey(HISTORICAL_REGION_NAMES, code)) return HISTORICAL_REGION_NAMES[code];
  return undefined;
}

/** The county-level codes (区/县/县级市) of Zhejiang currently in force, ascending. */
export function zhejiangCountyCodes(): string[] {
  return Object.keys(REGION_NAMES)
    .filter((code) => code.startsWith(ZHEJIANG_PREFIX) && !code.endsWith('00'))
    .sort();
}

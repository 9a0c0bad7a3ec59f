/**
 * 公民身份号码 (GB 11643-1999): 6-digit address code + birth date YYYYMMDD + 3-digit order
 * code (odd = male, even = female) + check character.
 */
import { isKnownProvinceOf } from './region-codes.js';

export type CitizenIdCheck =
  | {
      ok: true;
      /** The id with a lowercase check 'x' turned into 'X'. */
      normalized: string;
      /** YYYY-MM-DD */
      birthDate: string;
      sex: 'M' | 'F';
      regionCode: string;
    }
  | { ok: false; reason: string };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
const EARLIEST_BIRTH_DATE = '1880-01-01';

/** The check character for the first 17 digits. Throws RangeError if `body17` is not 17 digits. */
export function citizenIdCheckChar(body17: string): string {
  if (!/^\d{17}$/.test(body17)) {
    throw new RangeError('A 公民身份号码 body must be exactly 17 digits');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/**
 * Validates an 18-character 公民身份号码. `today` (YYYY-MM-DD) is the last acceptable birth
 * date; it defaults to the current date in China (UTC+8).
 */
export function validateCitizenId(id: string, today: string = chinaToday()): CitizenIdCheck {
  if (id.length !== 18) {
    return { ok: false, reason: `公民身份号码应为 18 位，实际 ${id.length} 位 / 公民身份号码 must be 18 characters, got ${id.length}` };
  }
  const normalized = id.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(normalized)) {
    return { ok: false, reason: '公民身份号码应为 17 位数字加一位数字或 X / 公民身份号码 must be 17 digits followed by a digit or X' };
  }

  const regionCode = normalized.slice(0, 6);
  if (!isKnownProvinceOf(regionCode)) {
    return { ok: false, reason: `公民身份号码的地址码 ${regionCode} 不存在 / 公民身份号码 has an unknown address code ${regionCode}` };
  }

  const birthDate = calendarDate(normalized.slice(6, 14));
  if (birthDate === undefined) {
    return { ok: false, reason: '公民身份号码的出生日期不是真实日期 / 公民身份号码 has a birth date that is not a real calendar date' };
  }
  if (birthDate < EARLIEST_BIRTH_DATE) {
    return { ok: false, reason: `公民身份号码的出生日期早于 ${EARLIEST_BIRTH_DATE} / 公民身份号码 has a birth date before ${EARLIEST_BIRTH_DATE}` };
  }
  if (birthDate > today) {
    return { ok: false, reason: '公民身份号码的出生日期晚于今天 / 公民身份号码 has a birth date in the future' };
  }

  const expected = citizenIdCheckChar(normalized.slice(0, 17));
  if (normalized[17] !== expected) {
    return { ok: false, reason: '公民身份号码校验码不符（可能输错了一位） / 公民身份号码 check character does not match (mistyped digit?)' };
  }

  const orderCode = Number(normalized.slice(14, 17));
  return { ok: true, normalized, birthDate, sex: orderCode % 2 === 1 ? 'M' : 'F', regionCode };
}

/** 'YYYYMMDD' → 'YYYY-MM-DD' when it names a real day of the Gregorian calendar. */
function calendarDate(yyyymmdd: string): string | undefined {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const CHINA_UTC_OFFSET_MS = 8 * 60 * 60 * 1000;

/** Today's date in China (UTC+8) as YYYY-MM-DD; rebuilt only when the day changes (every audited lookup asks). */
function chinaToday(): string {
  const day = Math.floor((Date.now() + CHINA_UTC_OFFSET_MS) / DAY_MS);
  if (day !== today.day) today = { day, date: new Date(day * DAY_MS).toISOString().slice(0, 10) };
  return today.date;
}

const DAY_MS = 86_400_000;
let today = { day: NaN, date: '' };

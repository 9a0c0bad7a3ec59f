/**
 * Dates as whole day numbers (days since 1970-01-01, negative before), converted without Date
 * objects so that a million birth dates cost next to nothing.
 */

// A module-level copy: inside vm contexts (Jest) each lookup of the global Math is slow.
const floor = Math.floor;

/** The snapshot date of the synthetic data: ages, statuses and validity are as of this day. */
export const AS_OF = '2026-10-31';

/**
 * A certificate or licence valid on the snapshot date stays valid at least this many years past
 * it, so that it still verifies as valid when the demo runs later; expired ones ended before it.
 */
export const VALID_MARGIN_YEARS = 2;

/** Day number of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function dayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + floor(yoe / 4) - floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** [year, month, day] of a day number (civil_from_days). */
export function civil(days: number): [number, number, number] {
  const z = days + 719468;
  const era = floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = floor((doe - floor(doe / 1460) + floor(doe / 36524) - floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + floor(yoe / 4) - floor(yoe / 100));
  const mp = floor((5 * doy + 2) / 153);
  const day = doy - floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** 'YYYY-MM-DD' */
export function isoDate(days: number): string {
  const [y, m, d] = civil(days);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** 'YYYYMMDD' */
export function compactDate(days: number): string {
  const [y, m, d] = civil(days);
  return `${y}${pad2(m)}${pad2(d)}`;
}

export function parseIsoDate(text: string): number {
  return dayNumber(Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10)));
}

export function yearOf(days: number): number {
  return civil(days)[0];
}

/** The same calendar day `years` later (29 Feb → 28 Feb in common years). */
export function addYears(days: number, years: number): number {
  const [y, m, d] = civil(days);
  const target = y + years;
  const leap = (target % 4 === 0 && target % 100 !== 0) || target % 400 === 0;
  return dayNumber(target, m, m === 2 && d === 29 && !leap ? 28 : d);
}

/** Whole years from `from` to `to` (an age). */
export function yearsBetween(from: number, to: number): number {
  const [y1, m1, d1] = civil(from);
  const [y2, m2, d2] = civil(to);
  let years = y2 - y1;
  if (m2 < m1 || (m2 === m1 && d2 < d1)) years--;
  return years;
}

export const AS_OF_DAY = parseIsoDate(AS_OF);

/** Age in whole years on the snapshot date. */
export function ageAt(birthDay: number, on = AS_OF_DAY): number {
  return yearsBetween(birthDay, on);
}

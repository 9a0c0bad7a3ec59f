/**
 * Canonical forms for comparing a claimed value with a stored one without disclosing either
 * (核验): two values that a clerk would call "the same" normalise to the same string.
 *
 * `dataType` is the catalogue's data type code (C N Y D T L M G B I F). Every branch first
 * cleans the text (NFKC, so full-width ＡＢＣ１２３ equals ABC123; upper case; whitespace)
 * and falls back to that cleaned text when the value does not parse as its type, so a
 * malformed value only ever equals the same malformed value.
 */

type TypeFamily = 'text' | 'number' | 'date' | 'datetime' | 'logic';

const FAMILY_BY_TYPE_CODE: Readonly<Record<string, TypeFamily>> = {
  C: 'text', // 字符型
  M: 'text', // 备注型
  G: 'text', // 通用型
  N: 'number', // 数值型
  Y: 'number', // 货币型
  B: 'number', // 双精度型
  I: 'number', // 整型
  F: 'number', // 浮点型
  D: 'date', // 日期型
  T: 'datetime', // 日期时间型
  L: 'logic', // 逻辑型
};

export function normalizeForCompare(value: unknown, dataType: string): string {
  const family = FAMILY_BY_TYPE_CODE[dataType.trim().toUpperCase()];
  if (family === undefined) throw new RangeError(`Unknown data type code: ${dataType}`);
  if (value === null || value === undefined) return '';

  switch (family) {
    case 'text':
      return clean(asText(value), 'remove');
    case 'number':
      return normalizeNumber(value, dataType.trim().toUpperCase() === 'Y');
    case 'date':
    case 'datetime': {
      if (value instanceof Date) return formatInstant(value, family);
      const text = clean(asText(value), 'collapse');
      const parsed = parseDateTime(text);
      return parsed ? formatDateTime(parsed, family) : text;
    }
    case 'logic':
      return normalizeLogic(value);
  }
}

// ---------------------------------------------------------------- text

const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;

/**
 * NFKC, upper case, trimmed; inner whitespace collapsed to one space (dates and times need
 * it as a separator) or removed (everything else: 张 三 is 张三).
 */
function clean(text: string, whitespace: 'collapse' | 'remove'): string {
  // NFKC, upper-casing and removing spaces can each undo another's canonical form for a few
  // characters (NFKC turns ¨ into space + combining mark, for one), so repeat until nothing
  // changes: that is what makes normalisation idempotent.
  let current = text;
  for (let round = 0; round < 5; round++) {
    const folded = current.replace(INVISIBLE, '').normalize('NFKC').toUpperCase().normalize('NFKC');
    const next = whitespace === 'remove' ? folded.replace(/\s+/g, '') : folded.replace(/\s+/g, ' ').trim();
    if (next === current) break;
    current = next;
  }
  return current;
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'INVALID DATE' : value.toISOString();
  if (value instanceof Uint8Array) return Array.from(value, (byte) => byte.toString(16).padStart(2, '0')).join('');
  if (typeof value === 'object') return JSON.stringify(value) ?? '';
  return String(value);
}

// ---------------------------------------------------------------- numbers

const NUMBER = /^([+-])?(\d*)(?:\.(\d*))?(?:E([+-]?\d{1,6}))?$/;
// Beyond any double and any sane decimal column; keeps the canonical form small.
const MAX_EXPONENT = 1000;

/** Exact decimal canonical form: `1,000.50`, `1000.5` and `1.0005E3` all become `1000.5`. */
function normalizeNumber(value: unknown, isCurrency: boolean): string {
  const text = clean(asText(value), 'remove');
  let candidate = text.replace(/,/g, '').replace(/\u2212/g, '-');
  if (isCurrency) candidate = candidate.replace(/^([+-]?)¥/, '$1').replace(/元$/, '');

  const match = NUMBER.exec(candidate);
  if (!match) return text;
  const [, sign, integerPart = '', fractionPart = '', exponentPart = '0'] = match;
  if (integerPart === '' && fractionPart === '') return text;

  let digits = (integerPart + fractionPart).replace(/^0+/, '');
  let exponent = Number(exponentPart) - fractionPart.length;
  if (digits === '') return '0';
  const trailingZeros = digits.length - digits.replace(/0+$/, '').length;
  digits = digits.slice(0, digits.length - trailingZeros);
  exponent += trailingZeros;
  if (Math.abs(exponent) > MAX_EXPONENT) return text;

  let magnitude: string;
  if (exponent >= 0) magnitude = digits + '0'.repeat(exponent);
  else if (-exponent < digits.length) magnitude = `${digits.slice(0, exponent)}.${digits.slice(exponent)}`;
  else magnitude = `0.${'0'.repeat(-exponent - digits.length)}${digits}`;
  return sign === '-' ? `-${magnitude}` : magnitude;
}

// ---------------------------------------------------------------- logic

const TRUE_WORDS = new Set(['是', 'TRUE', 'T', 'Y', 'YES', '1']);
const FALSE_WORDS = new Set(['否', 'FALSE', 'F', 'N', 'NO', '0']);

function normalizeLogic(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  const text = clean(asText(value), 'remove');
  if (TRUE_WORDS.has(text)) return 'TRUE';
  if (FALSE_WORDS.has(text)) return 'FALSE';
  return text;
}

// ---------------------------------------------------------------- dates and times

interface DateTimeParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Fractional-second digits without trailing zeros ('' for none). */
  fraction: string;
}

// China has kept UTC+8 without daylight saving since 1991; values without a zone are in it.
const CHINA_OFFSET_MINUTES = 8 * 60;

const DATE_FORMS = [
  /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})/, // 2020-01-05, 2020/1/5, 2020.1.5
  /^(\d{4})()(\d{2})(\d{2})/, // 20200105
  /^(\d{4})年()(\d{1,2})月(\d{1,2})日?/, // 2020年1月5日
];
const TIME_FORMS = [
  /^(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,9}))?)?/, // 8:03, 08:03:05.120
  /^(\d{1,2})[时點点](\d{1,2})分(?:(\d{1,2})秒)?()/, // 8时3分5秒
  /^(\d{2})(\d{2})(\d{2})?()/, // 0803, 080305 (after a compact date)
];
const ZONE = /^(?:Z|([+-])(\d{2}):?(\d{2})?)$/;

/** Parses a cleaned date or date-time; a zone, if given, is converted to China time. */
function parseDateTime(text: string): DateTimeParts | undefined {
  const date = matchFirst(DATE_FORMS, text);
  if (!date) return undefined;
  const [year, month, day] = [Number(date.groups[0]), Number(date.groups[2]), Number(date.groups[3])];
  if (!isRealDate(year, month, day)) return undefined;

  let rest = date.rest.replace(/^[T ]/, '');
  const parts: DateTimeParts = { year, month, day, hour: 0, minute: 0, second: 0, fraction: '' };
  if (rest === '') return parts;

  const time = matchFirst(TIME_FORMS, rest);
  if (!time) return undefined;
  parts.hour = Number(time.groups[0]);
  parts.minute = Number(time.groups[1]);
  parts.second = Number(time.groups[2] ?? '0');
  parts.fraction = (time.groups[3] ?? '').replace(/0+$/, '');
  if (parts.hour > 23 || parts.minute > 59 || parts.second > 59) return undefined;

  rest = time.rest.trim();
  if (rest === '') return parts;
  const zone = ZONE.exec(rest);
  if (!zone) return undefined;
  const zoneMinutes = zone[1] ? (zone[1] === '-' ? -1 : 1) * (Number(zone[2]) * 60 + Number(zone[3] ?? '0')) : 0;
  return shiftToChinaTime(parts, zoneMinutes);
}

function matchFirst(forms: RegExp[], text: string): { groups: (string | undefined)[]; rest: string } | undefined {
  for (const form of forms) {
    const match = form.exec(text);
    if (match) return { groups: match.slice(1), rest: text.slice(match[0].length) };
  }
  return undefined;
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const date = utcDate(year, month, day);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function shiftToChinaTime(parts: DateTimeParts, zoneMinutes: number): DateTimeParts {
  const instant = utcDate(parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second);
  const shifted = new Date(instant.getTime() + (CHINA_OFFSET_MINUTES - zoneMinutes) * 60_000);
  return { ...wallClock(shifted), fraction: parts.fraction };
}

/** A Date for a UTC wall-clock time; unlike Date.UTC it keeps years 0–99 as they are. */
function utcDate(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date;
}

function wallClock(date: Date): Omit<DateTimeParts, 'fraction'> {
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
  };
}

function formatInstant(value: Date, family: 'date' | 'datetime'): string {
  if (Number.isNaN(value.getTime())) return clean(asText(value), 'collapse');
  const china = new Date(value.getTime() + CHINA_OFFSET_MINUTES * 60_000);
  const fraction = String(china.getUTCMilliseconds()).padStart(3, '0').replace(/0+$/, '');
  return formatDateTime({ ...wallClock(china), fraction }, family);
}

function formatDateTime(parts: DateTimeParts, family: 'date' | 'datetime'): string {
  const date = `${pad(parts.year, 4)}-${pad(parts.month, 2)}-${pad(parts.day, 2)}`;
  if (family === 'date') return date;
  const time = `${pad(parts.hour, 2)}:${pad(parts.minute, 2)}:${pad(parts.second, 2)}`;
  return parts.fraction ? `${date} ${time}.${parts.fraction}` : `${date} ${time}`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

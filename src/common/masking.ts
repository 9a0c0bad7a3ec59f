/**
 * Display masks (脱敏规则) applied to data items before they leave the hub. Each rule keeps a
 * fixed, small part of the value and replaces the rest, so two values that differ only in the
 * hidden part always mask to the same output.
 */
import { HISTORICAL_REGION_NAMES, REGION_NAMES } from './identifiers/region-codes.data.js';

export enum MaskRule {
  NONE = 'NONE',
  /** 公民身份号码: first 6 and last 4 kept, e.g. 330106********1236. */
  ID_NUMBER = 'ID_NUMBER',
  /** Mobile 138****5678; other numbers keep their first 3 and last 2 characters. */
  PHONE = 'PHONE',
  /** First character kept, one * per further character: 张*, 欧阳** */
  NAME = 'NAME',
  /** Kept down to street level (the 街道/镇/乡, else the 路/街) and never past a digit, then ***. */
  ADDRESS = 'ADDRESS',
  /** 统一社会信用代码: first 8 and last 2 kept. */
  CREDIT_CODE = 'CREDIT_CODE',
}

const MASK = '*';
const ADDRESS_TAIL = '***';
const ADDRESS_FALLBACK_KEEP = 9;

export function applyMask(rule: MaskRule, value: string | null): string | null {
  if (value === null) return null;
  if (rule === MaskRule.NONE) return value;
  const trimmed = value.trim();
  if (trimmed === '') return '';
  switch (rule) {
    case MaskRule.ID_NUMBER:
      return keepEnds(trimmed, 6, 4);
    case MaskRule.PHONE:
      return maskPhone(trimmed);
    case MaskRule.NAME:
      return maskName(trimmed);
    case MaskRule.ADDRESS:
      return maskAddress(trimmed);
    case MaskRule.CREDIT_CODE:
      return keepEnds(trimmed, 8, 2);
    default:
      // A rule name from configuration that we do not know: refuse rather than leak.
      throw new RangeError(`Unknown mask rule: ${String(rule)}`);
  }
}

/** Keeps `head` and `tail` characters; too short to keep both and still hide something → all hidden. */
function keepEnds(value: string, head: number, tail: number): string {
  const chars = Array.from(value);
  if (chars.length <= head + tail) return MASK.repeat(chars.length);
  return chars.slice(0, head).join('') + MASK.repeat(chars.length - head - tail) + chars.slice(-tail).join('');
}

function maskPhone(value: string): string {
  const mobile = /^(?:\+?86)?(1\d{10})$/.exec(value.replace(/[\s-]/g, ''));
  if (mobile) return `${mobile[1].slice(0, 3)}****${mobile[1].slice(7)}`;
  return keepEnds(value, 3, 2);
}

function maskName(value: string): string {
  const chars = Array.from(value);
  if (chars.length === 1) return MASK;
  return chars[0] + MASK.repeat(chars.length - 1);
}

// 街道/镇/乡 are tried before 路/街 because many 街道 are named after a road (解放路街道).
const TOWNSHIP_MARKER = /街道|镇|乡/g;
const ROAD_MARKER = /路|街/g;

// Division names such as 镇海区 or 路桥区 contain a marker but sit above street level.
const DIVISION_NAMES_WITH_MARKERS = [...Object.values(REGION_NAMES), ...Object.values(HISTORICAL_REGION_NAMES)].filter(
  (name) => /[街镇乡路]/.test(name),
);

function maskAddress(value: string): string {
  // House and room numbers are what must never show, so the kept part stops before any digit.
  const firstDigit = value.search(/\p{Nd}/u);
  const beforeNumbers = firstDigit < 0 ? value : value.slice(0, firstDigit);

  const streetEnd = endOfFirstMarker(beforeNumbers, TOWNSHIP_MARKER) ?? endOfFirstMarker(beforeNumbers, ROAD_MARKER);
  if (streetEnd !== undefined) return beforeNumbers.slice(0, streetEnd) + ADDRESS_TAIL;

  // No street found: keep at most half, so a short address still hides most of itself.
  const keep = Math.min(ADDRESS_FALLBACK_KEEP, Math.floor(Array.from(value).length / 2));
  return Array.from(beforeNumbers).slice(0, keep).join('') + ADDRESS_TAIL;
}

/** Index just after the first `marker` that is not part of a division name, if any. */
function endOfFirstMarker(text: string, marker: RegExp): number | undefined {
  const divisionNameSpans = DIVISION_NAMES_WITH_MARKERS.flatMap((name) => {
    const spans: [number, number][] = [];
    for (let start = text.indexOf(name); start >= 0; start = text.indexOf(name, start + 1)) {
      spans.push([start, start + name.length]);
    }
    return spans;
  });
  for (const match of text.matchAll(marker)) {
    const inDivisionName = divisionNameSpans.some(([start, end]) => match.index >= start && match.index < end);
    if (!inDivisionName) return match.index + match[0].length;
  }
  return undefined;
}

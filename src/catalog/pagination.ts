import { decodeCursor as decodePosition, encodeCursor as encodePosition, pageSize as checkedPageSize } from '../common/cursor.js';
import { BadInputError } from '../common/errors.js';

/**
 * Where the previous page ended. Lists are in code order (`code`), keyword searches in rank
 * order (`rank`: tier, length, code). Both are keysets, so a cursor stays valid and nothing is
 * skipped or repeated when rows are inserted before or after it.
 */
export type Cursor = { mode: 'code'; code: string } | { mode: 'rank'; tier: number; length: number; code: string };

export function encodeCursor(cursor: Cursor): string {
  return encodePosition(cursor.mode === 'code' ? ['c', cursor.code] : ['r', cursor.tier, cursor.length, cursor.code]);
}

/** Decodes `after`; a cursor we did not issue for this kind of list is BAD_USER_INPUT naming `after`. */
export function decodeCursor(after: string, expected: Cursor['mode']): Cursor {
  const parts = decodePosition(after);
  if (expected === 'code' && parts.length === 2 && parts[0] === 'c' && typeof parts[1] === 'string') {
    return { mode: 'code', code: parts[1] };
  }
  if (
    expected === 'rank' &&
    parts.length === 4 &&
    parts[0] === 'r' &&
    Number.isInteger(parts[1]) &&
    Number.isInteger(parts[2]) &&
    typeof parts[3] === 'string'
  ) {
    return { mode: 'rank', tier: parts[1] as number, length: parts[2] as number, code: parts[3] };
  }
  throw new BadInputError('after: not a cursor of this list (keyword searches and plain lists have different cursors)', 'after');
}

/** `first`: 1…100, default 20 (the API-wide rule of common/cursor.ts). */
export function pageSize(first: number | null | undefined): number {
  return checkedPageSize(first);
}

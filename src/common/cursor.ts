import { BadInputError } from './errors.js';

/**
 * Opaque keyset cursors for Relay connections: a position (e.g. a timestamp and an id), not an
 * offset, so pages stay stable when rows are inserted meanwhile.
 */
export function encodeCursor(position: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeCursor(cursor: string, field = 'after'): (string | number)[] {
  try {
    const position: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(position) && position.every((part) => typeof part === 'string' || typeof part === 'number')) return position;
  } catch {
    // reported below
  }
  throw new BadInputError(`${field}: is not a cursor this API issued`, field);
}

/** What one part of a position must be: text, a safe integer, an ISO time or a uuid. */
export type PositionPart = 'string' | 'integer' | 'time' | 'uuid';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function partIs(value: string | number, kind: PositionPart): boolean {
  if (kind === 'integer') return Number.isSafeInteger(value);
  if (typeof value !== 'string') return false;
  if (kind === 'time') return !Number.isNaN(Date.parse(value));
  if (kind === 'uuid') return UUID.test(value);
  return true;
}

/**
 * Decodes a cursor of one list: `tag` (when given) first, then parts of the given kinds. Any
 * other cursor, including one issued for another list, is BAD_USER_INPUT naming the field, so
 * a wrong cursor never reaches SQL.
 */
export function decodePosition(cursor: string, parts: readonly PositionPart[], tag?: string, field = 'after'): (string | number)[] {
  const decoded = decodeCursor(cursor, field);
  const position = tag === undefined ? decoded : decoded[0] === tag ? decoded.slice(1) : undefined;
  if (!position || position.length !== parts.length || !position.every((value, i) => partIs(value, parts[i]))) {
    throw new BadInputError(`${field}: is not a cursor of this list`, field);
  }
  return position;
}

export const MAX_PAGE_SIZE = 100;

/** Validates `first` (1…100, default 20). */
export function pageSize(first: number | undefined | null, field = 'first'): number {
  if (first === undefined || first === null) return 20;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new BadInputError(`${field}: must be between 1 and ${MAX_PAGE_SIZE}`, field);
  }
  return first;
}

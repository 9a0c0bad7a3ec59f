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

export const MAX_PAGE_SIZE = 100;

/** Validates `first` (1…100, default 20). */
export function pageSize(first: number | undefined | null, field = 'first'): number {
  if (first === undefined || first === null) return 20;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new BadInputError(`${field}: must be between 1 and ${MAX_PAGE_SIZE}`, field);
  }
  return first;
}

import canonicalize from 'canonicalize';

/**
 * The hub's one canonical JSON: RFC 8785 (JSON Canonicalization Scheme), written by the
 * `canonicalize` library. Object keys sorted by UTF-16 code units at every depth, no white
 * space, numbers and strings as ECMAScript's JSON.stringify writes them. What it covers is
 * signed or hashed (certificate seals, audit leaves) or compared (catalogue versions), so it
 * refuses what JSON cannot carry exactly: NaN, ±Infinity, lone surrogates, cycles, and a value
 * that has no JSON form at all (undefined, a function).
 */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError(`canonical JSON cannot carry a ${typeof value}`);
  return text;
}

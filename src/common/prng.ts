/**
 * The one seeded randomness of the project: small, fast, reproducible. The demo population, the
 * catalogue generator (scripts/catalog), the load test and tests draw from it. Nothing here
 * reads a clock or Math.random: every value is a pure function of the seed and the indices it
 * is asked about. The hub itself never uses it.
 */

// Module-level copies: inside vm contexts (Jest) every global lookup is slow, and these run hot.
const imul = Math.imul;
const floor = Math.floor;

/** 32-bit FNV-1a of a string (seeds, resource codes, role names). */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * 32-bit FNV-1a of a string's UTF-8 bytes: the catalogue generator's seeds (equal to hashString
 * for ASCII text; kept because data/catalog was generated with it).
 */
export function hashUtf8(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    h ^= byte;
    h = imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Mixes 32-bit words into one well-distributed 32-bit hash (murmur3-style finaliser per word). */
export function hash(...words: number[]): number {
  let h = 0x9e3779b9;
  for (const word of words) {
    let k = imul(word | 0, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A number in [0, 1) from a hash of the words. */
export function unit(...words: number[]): number {
  return hash(...words) / 4294967296;
}

/** mulberry32: a tiny PRNG, plenty for synthetic records. */
export class Rng {
  private state: number;

  constructor(...words: number[]) {
    this.state = hash(...words) | 0;
  }

  /** A generator whose 32-bit state is `state` as given (not mixed by hash()). */
  static fromState(state: number): Rng {
    const rng = new Rng();
    rng.state = state | 0;
    return rng;
  }

  /** [0, 1) */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return floor(this.next() * n);
  }

  /** Integer in [lo, hi] (inclusive). */
  range(lo: number, hi: number): number {
    return lo + floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[floor(this.next() * items.length)];
  }

  /** Picks from a table built by `weightedTable`. */
  weighted<T>(table: WeightedTable<T>): T {
    const x = this.next() * table.total;
    const { cumulative, values } = table;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return values[lo];
  }

  /** `length` characters out of `alphabet`. */
  chars(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[floor(this.next() * alphabet.length)];
    return out;
  }

  digits(length: number): string {
    return this.chars('0123456789', length);
  }
}

export interface WeightedTable<T> {
  values: T[];
  cumulative: Float64Array;
  total: number;
}

export function weightedTable<T>(entries: readonly (readonly [T, number])[]): WeightedTable<T> {
  const cumulative = new Float64Array(entries.length);
  let total = 0;
  entries.forEach(([, weight], i) => {
    total += weight;
    cumulative[i] = total;
  });
  return { values: entries.map(([value]) => value), cumulative, total };
}

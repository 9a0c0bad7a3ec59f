import { hashString, hashUtf8, Rng, weightedTable } from '../../src/common/prng.js';

/** mulberry32 as its author published it: the demo data and data/catalog were made with it. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the shared PRNG', () => {
  it('is mulberry32 from a given state', () => {
    for (const seed of [0, 1, 0x33_0000_29, 0xffffffff]) {
      const reference = mulberry32(seed);
      const rng = Rng.fromState(seed);
      for (let i = 0; i < 50; i++) expect(rng.next()).toBe(reference());
    }
  });

  it('gives the same sequence for the same words and another for other words', () => {
    const draw = (rng: Rng) => Array.from({ length: 5 }, () => rng.range(0, 1_000_000));
    expect(draw(new Rng(7, 42))).toEqual(draw(new Rng(7, 42)));
    expect(draw(new Rng(7, 42))).not.toEqual(draw(new Rng(7, 43)));
  });

  it('hashes strings with FNV-1a, by UTF-16 code unit or by UTF-8 byte', () => {
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('a')).toBe(0xe40c292c);
    expect(hashUtf8('a')).toBe(0xe40c292c);
    expect(hashUtf8('户籍')).not.toBe(hashString('户籍'));
  });

  it('picks by weight within the table', () => {
    const rng = Rng.fromState(1);
    const table = weightedTable([['A', 1], ['B', 0], ['C', 3]] as const);
    const counts = { A: 0, B: 0, C: 0 };
    for (let i = 0; i < 4000; i++) counts[rng.weighted(table)] += 1;
    expect(counts.B).toBe(0);
    expect(counts.C / counts.A).toBeGreaterThan(2.5);
    expect(counts.C / counts.A).toBeLessThan(3.5);
  });
});

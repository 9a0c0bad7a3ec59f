import { createHash } from 'node:crypto';
import {
  CompactRange,
  consistencyRanges,
  EMPTY_ROOT,
  inclusionRanges,
  leafHash,
  nodeHash,
  rootOf,
  verifyConsistency,
  verifyInclusion,
  type Range,
} from '../../src/audit/merkle.js';

const leaves = (n: number) => Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`event ${i}`)));
const hashesOf = (all: Buffer[], ranges: Range[]) => ranges.map(([a, b]) => rootOf(all, a, b));

describe('RFC 9162 Merkle tree', () => {
  it('hashes leaves and nodes with the 0x00 / 0x01 prefixes; the empty tree is SHA-256("")', () => {
    expect(EMPTY_ROOT.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(leafHash(Buffer.alloc(0)).toString('hex')).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    const l = leafHash('a');
    const r = leafHash('b');
    expect(nodeHash(l, r).equals(createHash('sha256').update(Buffer.concat([Buffer.from([1]), l, r])).digest())).toBe(true);
  });

  it('the compact range gives the same root as the recursive definition, for every size up to 300', () => {
    const all = leaves(300);
    const range = CompactRange.empty();
    for (let n = 1; n <= 300; n++) {
      range.append(all[n - 1]);
      expect(range.root().equals(rootOf(all, 0, n))).toBe(true);
      const restored = CompactRange.fromBytes(n, range.toBytes());
      expect(restored.root().equals(range.root())).toBe(true);
    }
  });

  it('reports each completed perfect subtree with its level and index', () => {
    const all = leaves(256);
    const seen: string[] = [];
    const range = CompactRange.empty();
    for (const leaf of all) range.append(leaf, (node) => node.level >= 7 && seen.push(`${node.level}/${node.index}`));
    expect(seen).toEqual(['7/0', '7/1', '8/0']);
  });

  it('builds a range from stored subtrees and goes on from there', () => {
    const all = leaves(700);
    const chunks = [rootOf(all, 0, 256), rootOf(all, 256, 512)];
    const range = CompactRange.fromSubtrees(chunks, 8);
    expect(range.size).toBe(512);
    for (const leaf of all.slice(512)) range.append(leaf);
    expect(range.root().equals(rootOf(all))).toBe(true);
  });

  it('inclusion proofs verify for every leaf of trees up to 40, and fail when anything is changed', () => {
    for (let n = 1; n <= 40; n++) {
      const all = leaves(n);
      const root = rootOf(all);
      for (let m = 0; m < n; m++) {
        const path = hashesOf(all, inclusionRanges(m, n));
        expect(verifyInclusion(m, n, all[m], path, root)).toBe(true);
        expect(verifyInclusion(m, n, leafHash('other'), path, root)).toBe(false);
        if (n > 1) expect(verifyInclusion((m + 1) % n, n, all[m], path, root)).toBe(false);
        if (path.length) expect(verifyInclusion(m, n, all[m], path.slice(1), root)).toBe(false);
      }
    }
  });

  it('consistency proofs verify for every pair of sizes up to 40, and fail for a rewritten history', () => {
    for (let n = 1; n <= 40; n++) {
      const all = leaves(n);
      for (let m = 1; m <= n; m++) {
        const path = hashesOf(all, consistencyRanges(m, n));
        expect(verifyConsistency(m, n, rootOf(all, 0, m), rootOf(all), path)).toBe(true);
        if (m < n) {
          const forked = [...all];
          forked[m - 1] = leafHash('forged');
          expect(verifyConsistency(m, n, rootOf(forked, 0, m), rootOf(all), path)).toBe(false);
          expect(verifyConsistency(m, n, rootOf(all, 0, m), rootOf(all), [...path, leafHash('x')])).toBe(false);
        }
      }
    }
  });

  it('handles indexes beyond 32 bits', () => {
    const size = 2 ** 33 + 5;
    const ranges = inclusionRanges(2 ** 32 + 1, size);
    expect(ranges.every(([a, b]) => b > a)).toBe(true);
    expect(consistencyRanges(2 ** 32 + 3, size).length).toBeGreaterThan(0);
  });
});

import { NotFoundError } from '../common/errors.js';
import { EMPTY_ROOT, isPowerOfTwo, nodeHash, splitPoint, STORED_LEVEL_STEP, type Range } from './merkle.js';
import { leafHashes } from './audit.repository.js';
import type { Queryable } from './pg-connection.js';
import { archivedTailsAfter, readNodes } from './tree.repository.js';

/**
 * Hashes of subtrees of the stored tree, for proofs and roots of past sizes. A perfect subtree
 * of 2^L leaves is built from stored nodes of the highest stored level S ≤ L (levels 8, 16, …),
 * so a proof reads at most a few hundred leaf hashes and nodes, in two queries.
 */
export class TreeReader {
  constructor(private readonly db: Queryable) {}

  async rangeHashes(ranges: readonly Range[]): Promise<Buffer[]> {
    const leaves = new Set<number>();
    const nodes = new Map<string, [number, number]>();
    for (const [start, end] of ranges) plan(start, end, leaves, nodes);
    const known = new Map<string, Buffer>();
    if (leaves.size) {
      for (const leaf of await leafHashes(this.db, [...leaves])) known.set(`0:${leaf.leafIndex}`, leaf.leafHash);
      // Leaves of a detached (archived) month: its last, incomplete 256-block was kept.
      const missing = [...leaves].filter((leaf) => !known.has(`0:${leaf}`));
      if (missing.length) {
        for (const archive of await archivedTailsAfter(this.db, Math.min(...missing))) {
          const start = archive.endLeaf - archive.tailLeafHashes.length;
          archive.tailLeafHashes.forEach((hash, i) => known.set(`0:${start + i}`, hash));
        }
      }
    }
    if (nodes.size) {
      for (const node of await readNodes(this.db, [...nodes.values()])) known.set(`${node.level}:${node.index}`, node.hash);
    }
    const lookup = (level: number, index: number): Buffer => {
      const hash = known.get(`${level}:${index}`);
      if (!hash) throw new NotFoundError(level === 0 ? 'audit leaf' : 'audit tree node', level === 0 ? String(index) : `${level}/${index}`);
      return hash;
    };
    return ranges.map(([start, end]) => compute(start, end, lookup));
  }

  async root(treeSize: number): Promise<Buffer> {
    if (treeSize === 0) return EMPTY_ROOT;
    const [root] = await this.rangeHashes([[0, treeSize]]);
    return root;
  }
}

/** The stored level a perfect subtree of 2^level leaves is assembled from. */
function baseLevel(level: number): number {
  return level - (level % STORED_LEVEL_STEP);
}

function plan(start: number, end: number, leaves: Set<number>, nodes: Map<string, [number, number]>): void {
  const size = end - start;
  if (isPowerOfTwo(size) && start % size === 0) {
    const base = baseLevel(Math.log2(size));
    const width = 2 ** base;
    for (let at = start; at < end; at += width) {
      if (base === 0) leaves.add(at);
      else nodes.set(`${base}:${at / width}`, [base, at / width]);
    }
    return;
  }
  const k = splitPoint(size);
  plan(start, start + k, leaves, nodes);
  plan(start + k, end, leaves, nodes);
}

function compute(start: number, end: number, lookup: (level: number, index: number) => Buffer): Buffer {
  const size = end - start;
  if (isPowerOfTwo(size) && start % size === 0) {
    const base = baseLevel(Math.log2(size));
    const width = 2 ** base;
    let layer: Buffer[] = [];
    for (let at = start; at < end; at += width) layer.push(lookup(base, at / width));
    while (layer.length > 1) {
      const next: Buffer[] = [];
      for (let i = 0; i < layer.length; i += 2) next.push(nodeHash(layer[i], layer[i + 1]));
      layer = next;
    }
    return layer[0];
  }
  const k = splitPoint(size);
  return nodeHash(compute(start, start + k, lookup), compute(start + k, end, lookup));
}

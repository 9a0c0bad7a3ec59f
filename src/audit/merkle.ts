import { createHash, hash } from 'node:crypto';

/**
 * RFC 9162 (RFC 6962) Merkle tree: leaf hash = SHA-256(0x00 || data), node hash =
 * SHA-256(0x01 || left || right), MTH of the empty tree = SHA-256(""). Tree sizes and indexes
 * are plain numbers (exact up to 2^53); no 32-bit bit operations are used on them.
 */
const LEAF_PREFIX = Buffer.from([0]);
const NODE_PREFIX = Buffer.from([1]);

export const EMPTY_ROOT = createHash('sha256').digest();

/**
 * SHA-256 of `data` (a string as its UTF-8 bytes). crypto.hash gives the digest as a 'binary'
 * (latin1) string, one character per byte, several times faster than as a Buffer, whose
 * allocation dominates a hash of a few dozen bytes; Buffer.from(…, 'latin1') turns it back into
 * the same 32 bytes.
 */
export function sha256(data: Buffer | Uint8Array | string): Buffer {
  return Buffer.from(hash('sha256', data, 'binary'), 'latin1');
}

/** A string is hashed as its UTF-8 bytes (U+0000 encodes as the single byte 0x00). */
export function leafHash(data: Buffer | string): Buffer {
  if (typeof data === 'string') return sha256(`\u0000${data}`);
  return sha256(Buffer.concat([LEAF_PREFIX, data]));
}

export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return sha256(Buffer.concat([NODE_PREFIX, left, right]));
}

/** The largest power of two strictly below n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export function isPowerOfTwo(n: number): boolean {
  return n >= 1 && Number.isInteger(Math.log2(n)) && 2 ** Math.log2(n) === n;
}

/** Tree nodes at these levels (multiples of 8: 256, 65 536, … leaves) are stored for proofs. */
export const STORED_LEVEL_STEP = 8;

export interface TreeNode {
  level: number;
  index: number;
  hash: Buffer;
}

/**
 * The right edge of a tree of `size` leaves: the roots of its perfect subtrees, largest first
 * (one per set bit of `size`). Appending a leaf and taking the root are O(log n), so each batch
 * extends the tree kept in the head row instead of rereading leaves.
 */
export class CompactRange {
  private constructor(
    private treeSize: number,
    private readonly hashes: Buffer[],
  ) {}

  static empty(): CompactRange {
    return new CompactRange(0, []);
  }

  static fromBytes(size: number, bytes: Buffer): CompactRange {
    const expected = popCount(size);
    if (bytes.length !== expected * 32) throw new Error(`compact range of size ${size} needs ${expected} hashes, got ${bytes.length / 32}`);
    const hashes: Buffer[] = [];
    for (let i = 0; i < expected; i++) hashes.push(Buffer.from(bytes.subarray(i * 32, i * 32 + 32)));
    return new CompactRange(size, hashes);
  }

  /** The range after `count` perfect subtrees of 2^level leaves each (e.g. stored level-8 nodes). */
  static fromSubtrees(subtreeHashes: Buffer[], level: number): CompactRange {
    const chunks = CompactRange.empty();
    for (const hash of subtreeHashes) chunks.append(hash);
    return new CompactRange(chunks.treeSize * 2 ** level, chunks.hashes);
  }

  get size(): number {
    return this.treeSize;
  }

  toBytes(): Buffer {
    return Buffer.concat(this.hashes);
  }

  clone(): CompactRange {
    return new CompactRange(this.treeSize, [...this.hashes]);
  }

  /** Appends one leaf hash; `onNode` sees every perfect subtree this completes (level ≥ 1). */
  append(leaf: Buffer, onNode?: (node: TreeNode) => void): void {
    const leafIndex = this.treeSize;
    let hash = leaf;
    let level = 0;
    let rest = leafIndex;
    while (rest % 2 === 1) {
      hash = nodeHash(this.hashes.pop()!, hash);
      level += 1;
      rest = (rest - 1) / 2;
      onNode?.({ level, index: Math.floor(leafIndex / 2 ** level), hash });
    }
    this.hashes.push(hash);
    this.treeSize += 1;
  }

  root(): Buffer {
    if (this.hashes.length === 0) return EMPTY_ROOT;
    let root = this.hashes[this.hashes.length - 1];
    for (let i = this.hashes.length - 2; i >= 0; i--) root = nodeHash(this.hashes[i], root);
    return root;
  }
}

function popCount(n: number): number {
  let count = 0;
  for (let rest = n; rest > 0; rest = Math.floor(rest / 2)) count += rest % 2;
  return count;
}

/** A subtree [start, end) of the RFC 9162 tree, whose hash a proof carries. */
export type Range = readonly [start: number, end: number];

/** The subtrees whose hashes make the inclusion proof of leaf m in a tree of n (RFC 9162 §2.1.3.1), leaf side first. */
export function inclusionRanges(m: number, n: number): Range[] {
  if (!(m >= 0 && m < n)) throw new RangeError(`leaf ${m} is not in a tree of size ${n}`);
  const path: Range[] = [];
  const walk = (start: number, end: number): void => {
    if (end - start === 1) return;
    const k = splitPoint(end - start);
    if (m - start < k) {
      walk(start, start + k);
      path.push([start + k, end]);
    } else {
      walk(start + k, end);
      path.push([start, start + k]);
    }
  };
  walk(0, n);
  return path;
}

/** The subtrees of the consistency proof between sizes m and n (RFC 9162 §2.1.4.1). */
export function consistencyRanges(m: number, n: number): Range[] {
  if (!(m >= 1 && m <= n)) throw new RangeError(`no consistency proof from size ${m} to ${n}`);
  if (m === n) return [];
  const proof: Range[] = [];
  const sub = (size: number, start: number, end: number, complete: boolean): void => {
    if (size === end - start) {
      if (!complete) proof.push([start, end]);
      return;
    }
    const k = splitPoint(end - start);
    if (size <= k) {
      sub(size, start, start + k, complete);
      proof.push([start + k, end]);
    } else {
      sub(size - k, start + k, end, false);
      proof.push([start, start + k]);
    }
  };
  sub(m, 0, n, true);
  return proof;
}

/** MTH over in-memory leaf hashes (reference implementation; the writer and verifier use CompactRange). */
export function rootOf(leaves: Buffer[], start = 0, end = leaves.length): Buffer {
  if (end === start) return EMPTY_ROOT;
  if (end - start === 1) return leaves[start];
  const k = splitPoint(end - start);
  return nodeHash(rootOf(leaves, start, start + k), rootOf(leaves, start + k, end));
}

const ONE = BigInt(1);
const ZERO = BigInt(0);
const lsb = (value: bigint) => (value & ONE) === ONE;

/** RFC 9162 §2.1.3.2: does `path` prove `leaf` at `leafIndex` in the tree of `treeSize` with `root`? */
export function verifyInclusion(leafIndex: number, treeSize: number, leaf: Buffer, path: Buffer[], root: Buffer): boolean {
  if (!(Number.isSafeInteger(leafIndex) && Number.isSafeInteger(treeSize) && leafIndex >= 0 && leafIndex < treeSize)) return false;
  let fn = BigInt(leafIndex);
  let sn = BigInt(treeSize - 1);
  let r = leaf;
  for (const p of path) {
    if (sn === ZERO) return false;
    if (lsb(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== ZERO) {
          fn >>= ONE;
          sn >>= ONE;
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= ONE;
    sn >>= ONE;
  }
  return sn === ZERO && r.equals(root);
}

/** RFC 9162 §2.1.4.2: does `path` prove the tree (size1, root1) is a prefix of (size2, root2)? */
export function verifyConsistency(size1: number, size2: number, root1: Buffer, root2: Buffer, path: Buffer[]): boolean {
  if (!(Number.isSafeInteger(size1) && Number.isSafeInteger(size2) && size1 >= 1 && size1 <= size2)) return false;
  if (size1 === size2) return path.length === 0 && root1.equals(root2);
  if (path.length === 0) return false;
  const nodes = isPowerOfTwo(size1) ? [root1, ...path] : [...path];
  let fn = BigInt(size1 - 1);
  let sn = BigInt(size2 - 1);
  while (lsb(fn)) {
    fn >>= ONE;
    sn >>= ONE;
  }
  let fr = nodes[0];
  let sr = nodes[0];
  for (const c of nodes.slice(1)) {
    if (sn === ZERO) return false;
    if (lsb(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== ZERO) {
          fn >>= ONE;
          sn >>= ONE;
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn >>= ONE;
    sn >>= ONE;
  }
  return sn === ZERO && fr.equals(root1) && sr.equals(root2);
}

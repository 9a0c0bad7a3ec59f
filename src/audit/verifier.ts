import type { KeyObject } from 'node:crypto';
import { checkpointSignatureValid } from './checkpoint-format.js';
import { allCheckpoints } from './checkpoint.repository.js';
import { EventRowHasher, type HashedRows } from './event-row-hasher.js';
import { scanEvents, type LeafRange } from './event-scan.js';
import { CompactRange, STORED_LEVEL_STEP, type TreeNode } from './merkle.js';
import type { Queryable } from './pg-connection.js';
import { readAllNodes, readArchives, readHead } from './tree.repository.js';

export type ProblemKind = 'ALTERED' | 'REMOVED' | 'INSERTED' | 'OUT_OF_ORDER' | 'TREE_NODE' | 'CHECKPOINT' | 'SIGNATURE' | 'HEAD' | 'ARCHIVE';

export interface VerifyProblem {
  kind: ProblemKind;
  /** The leaf the problem is at (or the last leaf of the range it narrows to). */
  leafIndex: number;
  eventId?: string;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  /** Events present and checked. */
  events: number;
  /** Leaves before this index were archived (their partitions detached). */
  archivedBefore: number;
  treeSize: number;
  rootHash: string;
  checkpoints: number;
  checkpointsVerified: number;
  problems: VerifyProblem[];
  /** The first problem in log order: the event to look at. */
  first: VerifyProblem | undefined;
  seconds: number;
}

export interface VerifyOptions {
  /** Public keys trusted to sign checkpoints, by key id. */
  trustedKeys: Map<string, KeyObject>;
  /** Leaves per range query. */
  chunk?: number;
  /**
   * More connections to the same database: they join the verifier's snapshot and read ranges in
   * parallel with it (the hashing stays in this thread, in order). The caller releases them.
   */
  extraClients?: Queryable[];
  /** Stop collecting after this many problems (the first is what matters). */
  maxProblems?: number;
}

/**
 * Recomputes the whole log from the database, in one REPEATABLE READ snapshot: every leaf hash
 * from the stored event's canonical form, leaf-index contiguity, time order, the stored tree
 * nodes, the head row, and every checkpoint (signature with a trusted key, and root against the
 * recomputed tree of its size). Reports the first event that was altered, removed or inserted.
 */
export async function verifyAuditLog(client: Queryable, options: VerifyOptions): Promise<VerifyReport> {
  const started = performance.now();
  const chunk = options.chunk ?? 10_000;
  const maxProblems = options.maxProblems ?? 100;
  const problems: VerifyProblem[] = [];
  const report = (problem: VerifyProblem) => {
    if (problems.length < maxProblems) problems.push(problem);
  };

  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  const readers: Queryable[] = [client];
  try {
    if (options.extraClients?.length) {
      const { rows } = await client.query<{ snapshot: string }>('SELECT pg_export_snapshot() AS snapshot');
      for (const extra of options.extraClients) {
        await extra.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        await extra.query(`SET TRANSACTION SNAPSHOT '${rows[0].snapshot.replace(/[^0-9A-Fa-f-]/g, '')}'`);
        readers.push(extra);
      }
    }
    const stored = await readHead(client);
    const head = { size: stored.treeSize, root: stored.rootHash };

    // Archived (detached) months: the tree goes on from the level-8 nodes and the kept tail.
    const archives = await readArchives(client);
    let start = 0;
    let tail: Buffer[] = [];
    for (const archive of archives) {
      if (archive.firstLeaf !== start) {
        report({ kind: 'ARCHIVE', leafIndex: start, message: `archive ${archive.partitionName} starts at leaf ${archive.firstLeaf}, expected ${start}` });
        break;
      }
      start = archive.endLeaf;
      tail = archive.tailLeafHashes;
    }
    const nodes = new Map<string, Buffer>();
    for (const node of await readAllNodes(client)) nodes.set(`${node.level}:${node.index}`, node.hash);
    let range = CompactRange.empty();
    if (start > 0) {
      const chunks: Buffer[] = [];
      const full = Math.floor(start / 2 ** STORED_LEVEL_STEP);
      for (let i = 0; i < full; i++) {
        const node = nodes.get(`${STORED_LEVEL_STEP}:${i}`);
        if (!node) {
          report({ kind: 'ARCHIVE', leafIndex: i * 256, message: `tree node ${STORED_LEVEL_STEP}/${i} of the archived range is missing` });
          break;
        }
        chunks.push(node);
      }
      range = CompactRange.fromSubtrees(chunks, STORED_LEVEL_STEP);
      for (const hash of tail.slice(-(start % 2 ** STORED_LEVEL_STEP) || tail.length)) range.append(hash);
      if (range.size !== start) {
        report({ kind: 'ARCHIVE', leafIndex: start, message: `the archived prefix cannot be rebuilt (${range.size} of ${start} leaves)` });
      }
    }

    // Checkpoints: signatures now, roots when the recomputed tree reaches their size.
    const checkpointRows = await allCheckpoints(client);
    const pendingRoots = new Map<number, { root: Buffer; label: string }[]>();
    let checkpointsVerified = 0;
    for (const checkpoint of checkpointRows) {
      const label = `checkpoint of size ${checkpoint.treeSize} signed ${new Date(checkpoint.timestamp).toISOString()} by key ${checkpoint.keyId}`;
      const key = options.trustedKeys.get(checkpoint.keyId);
      if (!key) {
        report({ kind: 'SIGNATURE', leafIndex: checkpoint.treeSize - 1, message: `${label}: the key is not trusted (pass its public key with --public-key)` });
      } else if (!(await checkpointSignatureValid(checkpoint, key))) {
        report({ kind: 'SIGNATURE', leafIndex: checkpoint.treeSize - 1, message: `${label}: the signature is not valid (the checkpoint was altered)` });
      } else {
        checkpointsVerified += 1;
      }
      if (checkpoint.treeSize > start) {
        const list = pendingRoots.get(checkpoint.treeSize) ?? [];
        list.push({ root: checkpoint.rootHash, label });
        pendingRoots.set(checkpoint.treeSize, list);
      }
    }
    const checkpointSizes = [...pendingRoots.keys()].sort((a, b) => a - b);
    let lastCheckedSize = start;

    // Every event, in leaf order.

    let expected = start;
    let events = 0;
    let intact = true; // false after a gap: roots can no longer be recomputed
    let previous: { id: string; recordedAtMicros: number; leafIndex: number } | undefined;
    let beyondHead: { id: string; leafIndex: number } | undefined;
    let nextCheckpoint = 0;
    const checkStoredNode = (node: TreeNode) => {
      if (node.level % STORED_LEVEL_STEP !== 0) return;
      const stored = nodes.get(`${node.level}:${node.index}`);
      if (!stored || !stored.equals(node.hash)) {
        const first = node.index * 2 ** node.level;
        const last = first + 2 ** node.level - 1;
        report({
          kind: 'TREE_NODE',
          leafIndex: last,
          message: `leaves ${first}..${last} no longer hash to the tree node stored when they were written${stored ? '' : ' (node missing)'}: an event in this range was altered, removed, inserted or swapped`,
        });
      }
    };
    // Every row exactly once, in (leaf_index, recorded_at) order: what lies before the kept
    // range, then ranges of `chunk` leaves up to the head, then anything beyond it.
    const ranges: LeafRange[] = [[null, start]];
    for (let from = start; from < head.size; from += chunk) ranges.push([from, Math.min(from + chunk, head.size)]);
    ranges.push([Math.max(start, head.size), null]);
    const checkEvents = (rows: HashedRows) => {
      for (let row = 0; row < rows.count; row++) {
        const leafIndex = rows.leafIndexes[row];
        events += 1;
        if (leafIndex >= head.size && !beyondHead) beyondHead = { id: rows.id(row), leafIndex };
        if (leafIndex < expected) {
          const id = rows.id(row);
          report({
            kind: 'INSERTED',
            leafIndex,
            eventId: id,
            message:
              leafIndex < start
                ? `event ${id} claims leaf ${leafIndex}, which was archived: inserted`
                : `event ${id} claims leaf ${leafIndex}, already taken by event ${previous?.id}: inserted out of order`,
          });
          continue;
        }
        if (leafIndex > expected) {
          report({
            kind: 'REMOVED',
            leafIndex: expected,
            message:
              `${leafIndex - expected === 1 ? `leaf ${expected} is` : `leaves ${expected}..${leafIndex - 1} are`} missing: ` +
              `removed between ${previous ? `event ${previous.id} (leaf ${previous.leafIndex})` : 'the start of the log'} and event ${rows.id(row)} (leaf ${leafIndex})`,
          });
          intact = false;
          expected = leafIndex;
        }
        if (!rows.matchesStored[row]) {
          const id = rows.id(row);
          report({ kind: 'ALTERED', leafIndex, eventId: id, message: `event ${id} (leaf ${leafIndex}) was altered: its stored content no longer matches its leaf hash` });
        }
        const recordedAtMicros = rows.recordedAtMicros[row];
        if (previous && recordedAtMicros < previous.recordedAtMicros) {
          const id = rows.id(row);
          report({
            kind: 'OUT_OF_ORDER',
            leafIndex,
            eventId: id,
            message: `event ${id} (leaf ${leafIndex}) is dated before event ${previous.id} (leaf ${previous.leafIndex}): out of order`,
          });
        }
        if (intact) {
          range.append(rows.leafHash(row), checkStoredNode);
          while (nextCheckpoint < checkpointSizes.length && checkpointSizes[nextCheckpoint] < range.size) nextCheckpoint += 1;
          if (checkpointSizes[nextCheckpoint] === range.size) {
            const root = range.root();
            for (const checkpoint of pendingRoots.get(range.size)!) {
              if (!checkpoint.root.equals(root)) {
                report({
                  kind: 'CHECKPOINT',
                  leafIndex: range.size - 1,
                  message: `${checkpoint.label} does not match the log: an event in leaves ${lastCheckedSize}..${range.size - 1} was altered, removed, inserted or swapped`,
                });
              }
            }
            lastCheckedSize = range.size;
            nextCheckpoint += 1;
          }
        }
        expected = leafIndex + 1;
        previous = { id: rows.id(row), recordedAtMicros, leafIndex };
      }
    };
    // Each range must come in order from the primary key's index. Without statistics (a table
    // just written, not yet analysed) the planner may rather sort a bitmap heap scan, spilling
    // to disk: PostgreSQL then spends over twice the CPU. Sorting stays possible, only costed out.
    for (const reader of readers) await reader.query('SET LOCAL enable_sort = off');
    const hasher = new EventRowHasher();
    await scanEvents(readers, ranges, (rows, count) => checkEvents(hasher.hashRows(rows, count)));

    if (expected < head.size) {
      report({
        kind: 'REMOVED',
        leafIndex: expected,
        message: `leaves ${expected}..${head.size - 1} are missing: the newest events after ${previous ? `event ${previous.id}` : 'the start'} were removed (the head says ${head.size})`,
      });
    } else if (beyondHead) {
      report({ kind: 'INSERTED', leafIndex: beyondHead.leafIndex, eventId: beyondHead.id, message: `event ${beyondHead.id} at leaf ${beyondHead.leafIndex} lies beyond the head's tree size ${head.size}: inserted` });
    }
    if (intact && expected === head.size && !range.root().equals(head.root)) {
      report({ kind: 'HEAD', leafIndex: head.size - 1, message: `the head row's root does not match the recomputed tree of size ${head.size}` });
    }
    for (const size of checkpointSizes) {
      if (size > expected) {
        report({ kind: 'REMOVED', leafIndex: expected, message: `a checkpoint was signed at size ${size} but the log ends at ${expected}: events were removed` });
        break;
      }
    }
    for (const reader of readers) await reader.query('COMMIT');
    problems.sort((a, b) => a.leafIndex - b.leafIndex);
    return {
      ok: problems.length === 0,
      events,
      archivedBefore: start,
      treeSize: range.size,
      rootHash: range.root().toString('hex'),
      checkpoints: checkpointRows.length,
      checkpointsVerified,
      problems,
      first: problems[0],
      seconds: (performance.now() - started) / 1000,
    };
  } catch (error) {
    for (const reader of readers) await reader.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

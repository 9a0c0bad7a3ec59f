import type { TreeNode } from './merkle.js';
import type { Queryable } from './pg-connection.js';

/**
 * The Merkle log's own tables: `audit_log_head` (one row: size, root, frontier of the tree),
 * `audit_tree_node` (every node of level 8, 16, …) and `audit_archive` (detached months, with
 * the leaf hashes of their last incomplete 256-block). The one place with their SQL. Functions
 * of a raw connection: the writer, the verifier and the proofs run them inside their own
 * transactions.
 */

export interface LogHead {
  treeSize: number;
  rootHash: Buffer;
}

/** The head as a batch transaction holds it: also the frontier and the time the batch gets. */
export interface LockedHead {
  treeSize: number;
  frontier: Buffer;
  at: Date;
}

export interface ArchiveRecord {
  partitionName: string;
  firstLeaf: number;
  endLeaf: number;
  tailLeafHashes: Buffer[];
}

export interface StoredNode {
  level: number;
  index: number;
  hash: Buffer;
}

/**
 * Opens a batch transaction and locks the head row, in one round trip: synchronous commit, the
 * batch's lock and statement limits, then the head and the batch's time (never before the last
 * batch's, so times follow leaf order).
 */
export async function openBatchLockingHead(db: Queryable, timeoutMs: number): Promise<LockedHead> {
  const timeout = Math.round(timeoutMs);
  const opened = await db.query(
    `BEGIN; SET LOCAL synchronous_commit = on; SET LOCAL lock_timeout = ${timeout}; SET LOCAL statement_timeout = ${timeout};
     SET LOCAL idle_in_transaction_session_timeout = ${timeout};
     SELECT tree_size, frontier, GREATEST(last_at, date_trunc('milliseconds', clock_timestamp())) AS at
       FROM audit_log_head WHERE id = 1 FOR UPDATE`,
  );
  const results = opened as unknown as { rows: { tree_size: string; frontier: Buffer; at: Date }[] }[];
  const head = results[results.length - 1].rows[0];
  if (!head) throw new Error('audit_log_head row is missing (migrations not applied?)');
  return { treeSize: Number(head.tree_size), frontier: head.frontier, at: head.at };
}

/** The batch's completed tree nodes and the new head, in one statement. */
const MOVE_HEAD = `
  WITH nodes AS (
    INSERT INTO audit_tree_node (level, idx, hash)
    SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])
    RETURNING 1
  )
  UPDATE audit_log_head SET tree_size = $4, root_hash = $5, frontier = $6, last_at = $7
   WHERE id = 1
  RETURNING (SELECT count(*) FROM nodes) AS nodes`;

export async function storeNodesAndMoveHead(db: Queryable, nodes: readonly TreeNode[], head: { treeSize: number; rootHash: Buffer; frontier: Buffer; at: Date }): Promise<void> {
  await db.query(MOVE_HEAD, [
    nodes.map((node) => node.level),
    nodes.map((node) => node.index),
    nodes.map((node) => node.hash),
    head.treeSize,
    head.rootHash,
    head.frontier,
    head.at,
  ]);
}

export async function readHead(db: Queryable): Promise<LogHead> {
  const { rows } = await db.query<{ tree_size: string; root_hash: Buffer }>('SELECT tree_size, root_hash FROM audit_log_head WHERE id = 1');
  return { treeSize: Number(rows[0]?.tree_size ?? 0), rootHash: rows[0]?.root_hash ?? Buffer.alloc(0) };
}

/** Detached months, in leaf order. */
export async function readArchives(db: Queryable): Promise<ArchiveRecord[]> {
  const { rows } = await db.query<{ partition_name: string; first_leaf: string; end_leaf: string; tail_leaf_hashes: Buffer[] }>(
    'SELECT partition_name, first_leaf, end_leaf, tail_leaf_hashes FROM audit_archive ORDER BY first_leaf, end_leaf',
  );
  return rows.map((row) => ({ partitionName: row.partition_name, firstLeaf: Number(row.first_leaf), endLeaf: Number(row.end_leaf), tailLeafHashes: row.tail_leaf_hashes }));
}

/** The kept tail leaf hashes of archives that end after `leaf`. */
export async function archivedTailsAfter(db: Queryable, leaf: number): Promise<{ endLeaf: number; tailLeafHashes: Buffer[] }[]> {
  const { rows } = await db.query<{ end_leaf: string; tail_leaf_hashes: Buffer[] }>('SELECT end_leaf, tail_leaf_hashes FROM audit_archive WHERE end_leaf > $1', [leaf]);
  return rows.map((row) => ({ endLeaf: Number(row.end_leaf), tailLeafHashes: row.tail_leaf_hashes }));
}

/** Every stored node (the verifier compares them all). */
export async function readAllNodes(db: Queryable): Promise<StoredNode[]> {
  const { rows } = await db.query<{ level: number; idx: string; hash: Buffer }>('SELECT level, idx, hash FROM audit_tree_node');
  return rows.map((row) => ({ level: row.level, index: Number(row.idx), hash: row.hash }));
}

/** The stored nodes at these (level, index) positions. */
export async function readNodes(db: Queryable, positions: readonly (readonly [level: number, index: number])[]): Promise<StoredNode[]> {
  const { rows } = await db.query<{ level: number; idx: string; hash: Buffer }>(
    'SELECT level, idx, hash FROM audit_tree_node WHERE (level, idx) IN (SELECT * FROM unnest($1::smallint[], $2::bigint[]))',
    [positions.map(([level]) => level), positions.map(([, index]) => index)],
  );
  return rows.map((row) => ({ level: row.level, index: Number(row.idx), hash: row.hash }));
}

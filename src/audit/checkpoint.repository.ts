import type { SignedCheckpoint } from './checkpoint-format.js';
import type { Queryable } from './pg-connection.js';

/**
 * Signed checkpoints (`audit_checkpoint`) and the public keys that signed them
 * (`audit_signing_key`): the one place with their SQL. Functions of a raw connection, so the
 * checkpointer and the verifier run them inside their own transactions.
 */

/** A stored checkpoint with the PEM public key of the key that signed it. */
export interface CheckpointRecord extends SignedCheckpoint {
  publicKeyPem: string;
}

interface CheckpointRow {
  tree_size: string;
  root_hash: Buffer;
  signed_ms: string;
  key_id: string;
  signature: Buffer;
  public_key: string;
}

const SELECT_CHECKPOINT = `SELECT c.tree_size, c.root_hash, (extract(epoch FROM c.signed_at) * 1000)::bigint AS signed_ms,
       c.key_id, c.signature, k.public_key
  FROM audit_checkpoint c JOIN audit_signing_key k USING (key_id)`;

function toRecord(row: CheckpointRow): CheckpointRecord {
  return { treeSize: Number(row.tree_size), rootHash: row.root_hash, timestamp: Number(row.signed_ms), keyId: row.key_id, signature: row.signature, publicKeyPem: row.public_key };
}

/** Any fixed 64-bit key: one process at a time signs. */
const SIGNING_LOCK = 7_312_026_002;

export async function registerSigningKey(db: Queryable, key: { keyId: string; algorithm: string; publicKeyPem: string }): Promise<void> {
  await db.query('INSERT INTO audit_signing_key (key_id, algorithm, public_key) VALUES ($1, $2, $3) ON CONFLICT (key_id) DO NOTHING', [key.keyId, key.algorithm, key.publicKeyPem]);
}

/** Every registered signing key's PEM public key. */
export async function signingKeyPems(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ public_key: string }>('SELECT public_key FROM audit_signing_key');
  return rows.map((row) => row.public_key);
}

/**
 * Takes the signing lock for the rest of the transaction: waits for it with `wait`, otherwise
 * gives up at once; whether this transaction holds it.
 */
export async function lockSigning(db: Queryable, wait: boolean): Promise<boolean> {
  const { rows } = await db.query<{ locked: boolean }>(
    wait ? 'SELECT pg_advisory_xact_lock($1) IS NOT NULL AS locked' : 'SELECT pg_try_advisory_xact_lock($1) AS locked',
    [SIGNING_LOCK],
  );
  return rows[0].locked;
}

/**
 * What the next checkpoint would sign: the head's size and root, the largest size signed so far,
 * and the time to sign with (now in ms, never before the newest checkpoint's).
 */
export async function headToSign(db: Queryable): Promise<{ treeSize: number; rootHash: Buffer; signedSize: number | null; nowMs: number }> {
  const { rows } = await db.query<{ tree_size: string; root_hash: Buffer; signed: string | null; now_ms: string }>(
    `SELECT h.tree_size, h.root_hash, (SELECT max(tree_size) FROM audit_checkpoint) AS signed,
            (extract(epoch FROM greatest(date_trunc('milliseconds', clock_timestamp()),
               (SELECT max(signed_at) FROM audit_checkpoint))) * 1000)::bigint AS now_ms
       FROM audit_log_head h WHERE h.id = 1`,
  );
  const head = rows[0];
  return { treeSize: Number(head.tree_size), rootHash: head.root_hash, signedSize: head.signed === null ? null : Number(head.signed), nowMs: Number(head.now_ms) };
}

export async function insertCheckpoint(db: Queryable, checkpoint: SignedCheckpoint): Promise<void> {
  await db.query(
    `INSERT INTO audit_checkpoint (tree_size, root_hash, signed_at, key_id, signature)
     VALUES ($1, $2, to_timestamp($3::double precision / 1000), $4, $5) ON CONFLICT DO NOTHING`,
    [checkpoint.treeSize, checkpoint.rootHash, checkpoint.timestamp, checkpoint.keyId, checkpoint.signature],
  );
}

/** The newest checkpoint (largest tree), if any. */
export async function latestCheckpoint(db: Queryable): Promise<CheckpointRecord | undefined> {
  const { rows } = await db.query<CheckpointRow>(`${SELECT_CHECKPOINT} ORDER BY c.tree_size DESC, c.signed_at DESC LIMIT 1`);
  return rows[0] ? toRecord(rows[0]) : undefined;
}

/** A checkpoint of exactly this size, those of `preferredKeyId` first. */
export async function checkpointAtSize(db: Queryable, treeSize: number, preferredKeyId: string): Promise<CheckpointRecord | undefined> {
  const { rows } = await db.query<CheckpointRow>(`${SELECT_CHECKPOINT} WHERE c.tree_size = $1 ORDER BY (c.key_id = $2) DESC, c.signed_at LIMIT 1`, [treeSize, preferredKeyId]);
  return rows[0] ? toRecord(rows[0]) : undefined;
}

/** Every checkpoint, by size and time (the verifier checks them all). */
export async function allCheckpoints(db: Queryable): Promise<SignedCheckpoint[]> {
  const { rows } = await db.query<Omit<CheckpointRow, 'public_key'>>(
    `SELECT tree_size, root_hash, (extract(epoch FROM signed_at) * 1000)::bigint AS signed_ms, key_id, signature
       FROM audit_checkpoint ORDER BY tree_size, signed_at`,
  );
  return rows.map((row) => ({ treeSize: Number(row.tree_size), rootHash: row.root_hash, timestamp: Number(row.signed_ms), keyId: row.key_id, signature: row.signature }));
}

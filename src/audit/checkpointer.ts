import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { SigningKey } from '../config/key-store.js';
import { HubKeys } from '../keys/hub-keys.js';
import { checkpointJws, checkpointPayload, signCheckpoint, type SignedCheckpoint } from './checkpoint-format.js';
import { withConnection, type Queryable } from './pg-connection.js';

export interface StoredCheckpoint extends SignedCheckpoint {
  publicKeyPem: string;
  payload: string;
  /** The checkpoint as a compact JWS (verifiable with /.well-known/sharehub/jwks.json). */
  jws: string;
}

/** Any fixed 64-bit key: one process at a time signs. */
const SIGNING_LOCK = 7_312_026_002;

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

/**
 * Signs checkpoints (tree size, root, time) with the current generation of the hub's Ed25519
 * checkpoint key (HubKeys; every generation stays in audit_signing_key). Every hub process
 * runs one; each round, the process that gets the advisory lock reads the committed head row
 * and signs it if it is ahead of the newest checkpoint. All checkpoints are taken from the one
 * head row that the batch transactions move forward, so they all describe prefixes of one tree
 * (consistent by construction; `npm run audit -- verify` checks every one of them).
 */
export class Checkpointer {
  private readonly logger = new Logger('AuditCheckpointer');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private readonly registered = new Set<string>();

  constructor(
    private readonly dataSource: DataSource,
    /** The hub's key generations, or one fixed key (tools, benches and tests without rotation). */
    private readonly keys: HubKeys | SigningKey,
  ) {}

  /** The key that signs now. */
  async currentKey(): Promise<SigningKey> {
    return this.keys instanceof HubKeys ? (await this.keys.signing('checkpoint')).signing : this.keys;
  }

  /** Signs every `intervalMs` while the tree grows (the timer does not keep the process alive). */
  start(intervalMs: number): void {
    this.stop();
    this.timer = setInterval(() => {
      this.running = this.signIfBehind().catch((error: unknown) => this.logger.warn(`checkpoint not signed: ${(error as Error).message}`));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Puts the current key into audit_signing_key (where the offline verifier finds every key that ever signed). */
  async registerKey(db?: Queryable): Promise<SigningKey> {
    const key = await this.currentKey();
    if (this.registered.has(key.kid)) return key;
    const run = (client: Queryable) =>
      client.query('INSERT INTO audit_signing_key (key_id, algorithm, public_key) VALUES ($1, $2, $3) ON CONFLICT (key_id) DO NOTHING', [
        key.kid,
        'Ed25519',
        pemOf(key),
      ]);
    if (db) await run(db);
    else await withConnection(this.dataSource, run);
    this.registered.add(key.kid);
    return key;
  }

  /**
   * Signs the current head if no checkpoint covers it yet (the empty tree included). With `wait`, waits for a process
   * that is signing right now; without, leaves the round to it. Returns the new checkpoint, if any.
   */
  async signIfBehind(wait = false): Promise<StoredCheckpoint | undefined> {
    const key = await this.registerKey();
    return withConnection(this.dataSource, async (client) => {
      await client.query("BEGIN; SET LOCAL lock_timeout = '5s'");
      try {
        const { rows: locks } = await client.query<{ locked: boolean }>(
          wait ? 'SELECT pg_advisory_xact_lock($1) IS NOT NULL AS locked' : 'SELECT pg_try_advisory_xact_lock($1) AS locked',
          [SIGNING_LOCK],
        );
        if (!locks[0].locked) {
          await client.query('COMMIT');
          return undefined;
        }
        const { rows } = await client.query<{ tree_size: string; root_hash: Buffer; signed: string | null; now_ms: string }>(
          `SELECT h.tree_size, h.root_hash, (SELECT max(tree_size) FROM audit_checkpoint) AS signed,
                  (extract(epoch FROM greatest(date_trunc('milliseconds', clock_timestamp()),
                     (SELECT max(signed_at) FROM audit_checkpoint))) * 1000)::bigint AS now_ms
             FROM audit_log_head h WHERE h.id = 1`,
        );
        const head = rows[0];
        const size = Number(head.tree_size);
        if (head.signed !== null && Number(head.signed) >= size) {
          await client.query('COMMIT');
          return undefined;
        }
        const checkpoint = await signCheckpoint(key, size, head.root_hash, Number(head.now_ms));
        await client.query(
          `INSERT INTO audit_checkpoint (tree_size, root_hash, signed_at, key_id, signature)
           VALUES ($1, $2, to_timestamp($3::double precision / 1000), $4, $5) ON CONFLICT DO NOTHING`,
          [checkpoint.treeSize, checkpoint.rootHash, checkpoint.timestamp, checkpoint.keyId, checkpoint.signature],
        );
        await client.query('COMMIT');
        return this.stored(checkpoint, pemOf(key));
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  /** The newest signed checkpoint (largest tree), if any. */
  async latest(): Promise<StoredCheckpoint | undefined> {
    const rows: CheckpointRow[] = await this.dataSource.query(`${SELECT_CHECKPOINT} ORDER BY c.tree_size DESC, c.signed_at DESC LIMIT 1`);
    return rows[0] ? this.fromRow(rows[0]) : undefined;
  }

  /** A checkpoint of exactly this size (ours preferred), if one was signed. */
  async atSize(treeSize: number): Promise<StoredCheckpoint | undefined> {
    const rows: CheckpointRow[] = await this.dataSource.query(
      `${SELECT_CHECKPOINT} WHERE c.tree_size = $1 ORDER BY (c.key_id = $2) DESC, c.signed_at LIMIT 1`,
      [treeSize, (await this.currentKey()).kid],
    );
    return rows[0] ? this.fromRow(rows[0]) : undefined;
  }

  /** The newest checkpoint, signing one first if none covers leaf `leafIndex` yet. */
  async covering(leafIndex: number): Promise<StoredCheckpoint | undefined> {
    const latest = await this.latest();
    if (latest && latest.treeSize > leafIndex) return latest;
    await this.signIfBehind(true);
    return this.latest();
  }

  private fromRow(row: CheckpointRow): StoredCheckpoint {
    return this.stored(
      { treeSize: Number(row.tree_size), rootHash: row.root_hash, timestamp: Number(row.signed_ms), keyId: row.key_id, signature: row.signature },
      row.public_key,
    );
  }

  private stored(checkpoint: SignedCheckpoint, publicKeyPem: string): StoredCheckpoint {
    return {
      ...checkpoint,
      publicKeyPem,
      payload: checkpointPayload(checkpoint.treeSize, checkpoint.rootHash, checkpoint.timestamp),
      jws: checkpointJws(checkpoint),
    };
  }
}

function pemOf(key: SigningKey): string {
  return key.publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

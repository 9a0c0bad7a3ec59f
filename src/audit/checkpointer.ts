import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { SigningKey } from '../config/key-store.js';
import { HubKeys } from '../keys/hub-keys.js';
import { checkpointJws, checkpointPayload, signCheckpoint, type SignedCheckpoint } from './checkpoint-format.js';
import { checkpointAtSize, headToSign, insertCheckpoint, latestCheckpoint, lockSigning, registerSigningKey, type CheckpointRecord } from './checkpoint.repository.js';
import { withConnection, type Queryable } from './pg-connection.js';

export interface StoredCheckpoint extends SignedCheckpoint {
  publicKeyPem: string;
  payload: string;
  /** The checkpoint as a compact JWS (verifiable with /.well-known/sharehub/jwks.json). */
  jws: string;
}

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
    const run = (client: Queryable) => registerSigningKey(client, { keyId: key.kid, algorithm: 'Ed25519', publicKeyPem: pemOf(key) });
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
        if (!(await lockSigning(client, wait))) {
          await client.query('COMMIT');
          return undefined;
        }
        const head = await headToSign(client);
        const size = head.treeSize;
        if (head.signedSize !== null && head.signedSize >= size) {
          await client.query('COMMIT');
          return undefined;
        }
        const checkpoint = await signCheckpoint(key, size, head.rootHash, head.nowMs);
        await insertCheckpoint(client, checkpoint);
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
    const record = await withConnection(this.dataSource, (client) => latestCheckpoint(client));
    return record && this.fromRecord(record);
  }

  /** A checkpoint of exactly this size (the current key's preferred), if one was signed. */
  async atSize(treeSize: number): Promise<StoredCheckpoint | undefined> {
    const preferred = (await this.currentKey()).kid;
    const record = await withConnection(this.dataSource, (client) => checkpointAtSize(client, treeSize, preferred));
    return record && this.fromRecord(record);
  }

  /** The newest checkpoint, signing one first if none covers leaf `leafIndex` yet. */
  async covering(leafIndex: number): Promise<StoredCheckpoint | undefined> {
    const latest = await this.latest();
    if (latest && latest.treeSize > leafIndex) return latest;
    await this.signIfBehind(true);
    return this.latest();
  }

  private fromRecord({ publicKeyPem, ...checkpoint }: CheckpointRecord): StoredCheckpoint {
    return this.stored(checkpoint, publicKeyPem);
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

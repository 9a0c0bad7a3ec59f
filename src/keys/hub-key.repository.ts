import type { DataSource, EntityManager } from 'typeorm';
import type { JWK } from 'jose';

/** The kinds of key the hub holds itself (seal keys are the departments': certificate_seal_keys). */
export type HubKeyKind = 'checkpoint' | 'receipt' | 'subject-hash' | 'token';
export const HUB_KEY_KINDS: readonly HubKeyKind[] = ['checkpoint', 'receipt', 'subject-hash', 'token'];

/** One generation of a hub key, as every process sees it (never the private half). */
export interface HubKeyRecord {
  kind: HubKeyKind;
  generation: number;
  kid: string;
  alg: string;
  /** The public half (null for the subject-hash HMAC key, which has none). */
  publicJwk: JWK | null;
  createdAt: Date;
  /** When it was rotated out; a retired key still verifies what it signed. */
  retiredAt: Date | null;
}

interface HubKeyRow {
  kind: HubKeyKind;
  generation: number;
  kid: string;
  alg: string;
  public_jwk: JWK | null;
  created_at: Date;
  retired_at: Date | null;
}

const LOCK_CLASS = 0x4b45_5953; // 'KEYS'

function record(row: HubKeyRow): HubKeyRecord {
  return { kind: row.kind, generation: row.generation, kid: row.kid, alg: row.alg, publicJwk: row.public_jwk, createdAt: row.created_at, retiredAt: row.retired_at };
}

/** SQL of `hub_key`. Changes run under a per-kind advisory lock, so processes agree on one current generation. */
export class HubKeyRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(kind?: HubKeyKind): Promise<HubKeyRecord[]> {
    const rows: HubKeyRow[] = kind
      ? await this.dataSource.query('SELECT * FROM hub_key WHERE kind = $1 ORDER BY generation', [kind])
      : await this.dataSource.query('SELECT * FROM hub_key ORDER BY kind, generation');
    return rows.map(record);
  }

  /** Runs `work` in a transaction holding the kind's lock; `work` sees the kind's generations, newest last. */
  locked<T>(kind: HubKeyKind, work: (tx: HubKeyTransaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS, kind]);
      const rows: HubKeyRow[] = await manager.query('SELECT * FROM hub_key WHERE kind = $1 ORDER BY generation', [kind]);
      return work(new HubKeyTransaction(manager, rows.map(record)));
    });
  }
}

export class HubKeyTransaction {
  constructor(
    private readonly manager: EntityManager,
    readonly generations: HubKeyRecord[],
  ) {}

  async retire(kind: HubKeyKind, generation: number): Promise<void> {
    await this.manager.query('UPDATE hub_key SET retired_at = now() WHERE kind = $1 AND generation = $2 AND retired_at IS NULL', [kind, generation]);
  }

  async insert(key: Pick<HubKeyRecord, 'kind' | 'generation' | 'kid' | 'alg' | 'publicJwk'>): Promise<HubKeyRecord> {
    const [row]: HubKeyRow[] = await this.manager.query(
      'INSERT INTO hub_key (kind, generation, kid, alg, public_jwk) VALUES ($1, $2, $3, $4, $5) RETURNING *',
      [key.kind, key.generation, key.kid, key.alg, key.publicJwk === null ? null : JSON.stringify(key.publicJwk)],
    );
    return record(row);
  }
}

import type { JsonWebKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** A row of `certificate_seal_keys`: the public half of a department's seal key and its validity. */
export interface SealKeyRecord {
  kid: string;
  dept: string;
  seq: number;
  alg: 'EdDSA' | 'ES256';
  publicJwk: JsonWebKey;
  validFrom: Date;
  retiredAt: Date | null;
}

/** A seal key with its department's name and 统一社会信用代码 (what seals.json publishes). */
export interface PublishedSealKeyRecord extends SealKeyRecord {
  deptName: string;
  creditCode: string;
}

interface KeyRow {
  kid: string;
  dept_code: string;
  seq: number;
  alg: 'EdDSA' | 'ES256';
  public_jwk: JsonWebKey;
  valid_from: Date;
  retired_at: Date | null;
}

const COLUMNS = 'k.kid, k.dept_code, k.seq, k.alg, k.public_jwk, k.valid_from, k.retired_at';
const LOCK_CLASS = 0x5345_414c; // 'SEAL'

function toRecord(row: KeyRow): SealKeyRecord {
  return { kid: row.kid, dept: row.dept_code, seq: row.seq, alg: row.alg, publicJwk: row.public_jwk, validFrom: row.valid_from, retiredAt: row.retired_at };
}

/** Seal keys in PostgreSQL (`certificate_seal_keys`); the one place with their SQL. */
@Injectable()
export class SealKeyRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** The department's current (not retired) key. */
  async current(dept: string): Promise<SealKeyRecord | undefined> {
    const rows: KeyRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM certificate_seal_keys k WHERE k.dept_code = $1 AND k.retired_at IS NULL`, [dept]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  /** Those of `depts` that have no current key. */
  async withoutCurrentKey(depts: readonly string[]): Promise<string[]> {
    const rows: { d: string }[] = await this.dataSource.query(
      'SELECT d FROM unnest($1::text[]) AS d WHERE NOT EXISTS (SELECT 1 FROM certificate_seal_keys k WHERE k.dept_code = d AND k.retired_at IS NULL)',
      [[...new Set(depts)]],
    );
    return rows.map((row) => row.d);
  }

  /** Every key ever registered, by department and sequence. */
  async all(): Promise<SealKeyRecord[]> {
    const rows: KeyRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM certificate_seal_keys k ORDER BY k.dept_code, k.seq`);
    return rows.map(toRecord);
  }

  /** Every key ever registered with its department's name and credit code. */
  async allPublished(): Promise<PublishedSealKeyRecord[]> {
    const rows: (KeyRow & { name: string; credit_code: string })[] = await this.dataSource.query(
      `SELECT ${COLUMNS}, d.name, d.credit_code FROM certificate_seal_keys k JOIN departments d ON d.code = k.dept_code ORDER BY k.dept_code, k.seq`,
    );
    return rows.map((row) => ({ ...toRecord(row), deptName: row.name, creditCode: row.credit_code }));
  }

  /** Runs `work` in a transaction that holds the department's advisory lock (one creator or rotator at a time). */
  lockedForDepartment<T>(dept: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS, dept]);
      return work(manager);
    });
  }

  /** The department's keys, newest first. */
  async ofDepartment(manager: EntityManager, dept: string): Promise<SealKeyRecord[]> {
    const rows: KeyRow[] = await manager.query(`SELECT ${COLUMNS} FROM certificate_seal_keys k WHERE k.dept_code = $1 ORDER BY k.seq DESC`, [dept]);
    return rows.map(toRecord);
  }

  async retire(manager: EntityManager, kid: string): Promise<void> {
    await manager.query('UPDATE certificate_seal_keys SET retired_at = now() WHERE kid = $1', [kid]);
  }

  async insert(manager: EntityManager, key: Pick<SealKeyRecord, 'kid' | 'dept' | 'seq' | 'alg' | 'publicJwk'>): Promise<void> {
    await manager.query('INSERT INTO certificate_seal_keys (kid, dept_code, seq, alg, public_jwk) VALUES ($1, $2, $3, $4, $5)', [
      key.kid,
      key.dept,
      key.seq,
      key.alg,
      JSON.stringify(key.publicJwk),
    ]);
  }
}

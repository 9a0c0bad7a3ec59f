import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { exportJWK } from 'jose';
import type { EntityManager } from 'typeorm';
import { DepartmentRepository } from '../catalog/department.repository.js';
import { BadInputError, InternalError, NotFoundError } from '../common/errors.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { signingKeyFromPem, type SigningKey } from '../config/key-store.js';
import { publicJwk, type SealJwk, type SealKeySet } from './document.js';
import { SealKeyRepository, type SealKeyRecord } from './seal-key.repository.js';

/** A department's seal key as the hub holds it: the private half stays in this object, never logged or returned. */
export interface SealKey {
  kid: string;
  dept: string;
  seq: number;
  signing: SigningKey;
}

/** A seal key's public record (what rotateSealKey and seals.json show). */
export interface SealKeyInfo {
  kid: string;
  dept: string;
  seq: number;
  alg: 'EdDSA' | 'ES256';
  validFrom: Date;
  validUntil: Date | null;
}

const DEPT_CODE = /^[A-Z0-9][A-Z0-9-]{1,31}$/;
/** Another process may rotate a key: a cached current key is re-read after this. */
const CURRENT_TTL_MS = 30_000;
const PUBLISHED_TTL_MS = 10_000;

/**
 * The issuing departments' seal keys (电子印章). Each department has its own key pair: the
 * public half and its validity in `certificate_seal_keys`, the private half in a file of the key
 * folder, `seal-<dept>-<n>.pem` — `SHAREHUB_SEAL_KEY_DIR` in production, where the hub only uses
 * keys put there, and `<dataDir>/keys` otherwise, where a missing key is created (Ed25519). A
 * rotation retires the current key (it stays published, so what it sealed still verifies) and
 * makes `n + 1` current. Creation and rotation run under a per-department advisory lock, so
 * several hub processes agree on one current key.
 */
@Injectable()
export class SealKeyring {
  private readonly current = new Map<string, { key: SealKey; until: number }>();
  private published: { set: SealKeySet; byKid: Map<string, SealJwk>; until: number; loadedAt: number } | undefined;
  private reloading: Promise<void> | undefined;
  private readonly folder: string | undefined;
  private readonly mayCreate: boolean;

  constructor(
    @Inject(SealKeyRepository) private readonly keys: SealKeyRepository,
    @Inject(DepartmentRepository) private readonly departments: DepartmentRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.mayCreate = config.nodeEnv !== 'production';
    this.folder = config.certificates.sealKeyDir ?? (this.mayCreate ? join(config.dataDir, 'keys') : undefined);
  }

  /** The key a department seals with now; registered (and outside production created) on first use. */
  async currentKey(dept: string): Promise<SealKey> {
    const cached = this.current.get(dept);
    if (cached && cached.until > Date.now()) return cached.key;
    const registered = await this.keys.current(dept);
    let key: SealKey;
    if (registered) key = this.load(registered);
    else {
      key = await this.locked(dept, (manager) => this.register(manager, dept, false));
      this.published = undefined;
    }
    this.current.set(dept, { key, until: Date.now() + CURRENT_TTL_MS });
    return key;
  }

  /**
   * Retires the department's current key and makes the next one current (created outside
   * production). `beforeCommit` runs in the same transaction (the caller's audit record).
   */
  async rotate(dept: string, beforeCommit: (kid: string) => Promise<unknown> = async () => undefined): Promise<SealKeyInfo> {
    const key = await this.locked(dept, async (manager) => {
      const next = await this.register(manager, dept, true);
      await beforeCommit(next.kid);
      return next;
    });
    this.current.set(dept, { key, until: Date.now() + CURRENT_TTL_MS });
    this.published = undefined;
    const info = (await this.list()).find((k) => k.kid === key.kid);
    if (!info) throw new InternalError('rotated seal key is not registered');
    return info;
  }

  /** Makes sure each department has a current key (those without a usable key file in production are skipped). */
  async ensure(depts: readonly string[]): Promise<void> {
    const missing = await this.keys.withoutCurrentKey(depts);
    for (const d of missing) {
      await this.currentKey(d).catch(() => undefined);
    }
    if (missing.length) this.published = undefined;
  }

  /** Every seal key ever registered, current and retired: the content of seals.json. */
  async publishedKeys(): Promise<SealKeySet> {
    return (await this.publication()).set;
  }

  /**
   * A published key by id. An unknown id re-reads the table — another process may have just
   * made the key — through one shared reload at a time, so a flood of made-up ids costs one
   * small query after another, never a pile of them.
   */
  async findKey(kid: string): Promise<SealJwk | undefined> {
    const published = await this.publication();
    if (published.byKid.has(kid)) return published.byKid.get(kid);
    const asked = Date.now();
    while (!this.published || this.published.loadedAt < asked) {
      this.reloading ??= this.reload().finally(() => (this.reloading = undefined));
      await this.reloading;
    }
    return this.published.byKid.get(kid);
  }

  async list(): Promise<SealKeyInfo[]> {
    const rows = await this.keys.all();
    return rows.map((row) => ({ kid: row.kid, dept: row.dept, seq: row.seq, alg: row.alg, validFrom: row.validFrom, validUntil: row.retiredAt }));
  }

  private async publication() {
    if (this.published && this.published.until > Date.now()) return this.published;
    this.reloading ??= this.reload().finally(() => (this.reloading = undefined));
    await this.reloading;
    return this.published!;
  }

  private async reload(): Promise<void> {
    const loadedAt = Date.now();
    const rows = await this.keys.allPublished();
    const keys: SealJwk[] = rows.map((row) => ({
      ...publicJwk(row.publicJwk),
      kid: row.kid,
      alg: row.alg,
      use: 'sig',
      dept: row.dept,
      deptName: row.deptName,
      creditCode: row.creditCode,
      validFrom: row.validFrom.toISOString(),
      validUntil: row.retiredAt ? row.retiredAt.toISOString() : null,
    }));
    this.published = { set: { keys }, byKid: new Map(keys.map((k) => [k.kid, k])), until: loadedAt + PUBLISHED_TTL_MS, loadedAt };
  }

  private async locked<T>(dept: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!DEPT_CODE.test(dept)) throw new BadInputError(`department: not a department code: ${dept}`, 'department');
    if (!(await this.departments.findByCode(dept))) throw new NotFoundError('Department', dept);
    return this.keys.lockedForDepartment(dept, work);
  }

  /** Under the department's lock: the current key, or (rotating, or when there is none) the next one. */
  private async register(manager: EntityManager, dept: string, rotate: boolean): Promise<SealKey> {
    const rows = await this.keys.ofDepartment(manager, dept);
    const current = rows.find((row) => !row.retiredAt);
    if (current && !rotate) return this.load(current);
    const seq = (rows[0]?.seq ?? 0) + 1;
    const signing = this.readOrCreate(dept, seq);
    if (rows.some((row) => row.kid === signing.kid)) throw new InternalError(`seal key file seal-${dept}-${seq}.pem repeats an earlier key of ${dept}`);
    if (current) await this.keys.retire(manager, current.kid);
    const jwk = publicJwk(await exportJWK(signing.publicKey));
    await this.keys.insert(manager, { kid: signing.kid, dept, seq, alg: signing.alg, publicJwk: jwk });
    return { kid: signing.kid, dept, seq, signing };
  }

  private load(row: SealKeyRecord): SealKey {
    const signing = this.read(row.dept, row.seq);
    if (!signing) throw new InternalError(`seal key file ${this.fileName(row.dept, row.seq)} of ${row.dept} is missing`);
    if (signing.kid !== row.kid) throw new InternalError(`seal key file ${this.fileName(row.dept, row.seq)} does not hold the registered key ${row.kid}`);
    return { kid: row.kid, dept: row.dept, seq: row.seq, signing };
  }

  private read(dept: string, seq: number): SigningKey | undefined {
    if (!this.folder) throw new InternalError('SHAREHUB_SEAL_KEY_DIR is not set: certificates cannot be sealed in production without the issuers\' keys');
    const file = join(this.folder, this.fileName(dept, seq));
    return existsSync(file) ? signingKeyFromPem(readFileSync(file, 'utf8')) : undefined;
  }

  private readOrCreate(dept: string, seq: number): SigningKey {
    const existing = this.read(dept, seq);
    if (existing) return existing;
    if (!this.mayCreate) throw new InternalError(`no seal key ${this.fileName(dept, seq)} for ${dept} in SHAREHUB_SEAL_KEY_DIR`);
    mkdirSync(this.folder!, { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    try {
      writeFileSync(join(this.folder!, this.fileName(dept, seq)), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    return this.read(dept, seq)!;
  }

  private fileName(dept: string, seq: number): string {
    return `seal-${dept}-${seq}.pem`;
  }
}

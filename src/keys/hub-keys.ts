import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, importJWK, importPKCS8, type CryptoKey, type JWK } from 'jose';
import type { DataSource } from 'typeorm';
import { BadInputError, InternalError } from '../common/errors.js';
import { ConfigError, type AppConfig } from '../config/config.js';
import { loadOrCreateSecret, loadOrCreateSigningKey, signingKeyFromPem, type SigningKey } from '../config/key-store.js';
import { HubKeyRepository, type HubKeyKind, type HubKeyRecord } from './hub-key.repository.js';

export type { HubKeyKind, HubKeyRecord } from './hub-key.repository.js';
export { HUB_KEY_KINDS } from './hub-key.repository.js';

export type SigningKind = Exclude<HubKeyKind, 'subject-hash'>;

/** A generation of a signing key, with its private half imported once (jose CryptoKey). */
export interface SigningGeneration extends HubKeyRecord {
  alg: 'EdDSA' | 'ES256';
  signing: SigningKey;
  privateKey: CryptoKey;
}

export interface SecretGeneration extends HubKeyRecord {
  secret: Buffer;
}

interface KindSpec {
  /** File name stem: generation 1 is `<stem>.pem` (or the configured file), generation n `<stem>-<n>.pem`. */
  stem: string;
  type: 'ed25519' | 'ec-p256' | 'secret';
  /** The setting that names generation 1 in production. */
  setting: string;
}

export const KIND_SPECS: Record<HubKeyKind, KindSpec> = {
  checkpoint: { stem: 'audit-checkpoint', type: 'ed25519', setting: 'SHAREHUB_AUDIT_KEY_FILE' },
  receipt: { stem: 'receipt', type: 'ec-p256', setting: 'SHAREHUB_RECEIPT_KEY_FILE' },
  'subject-hash': { stem: 'subject-hash', type: 'secret', setting: 'SHAREHUB_SUBJECT_HASH_SECRET' },
  token: { stem: 'dev-token', type: 'ec-p256', setting: 'SHAREHUB_TRUST_DEV_KEY' },
};

/** Another process may rotate a key: the current generation is re-read after this. */
const CURRENT_TTL_MS = 30_000;
/** An unknown kid re-reads the generations, but at most this often (made-up kids cost nothing more). */
const MISS_RELOAD_MS = 1_000;

/**
 * Every generation of the keys the hub holds itself: the audit checkpoint key, the receipt key,
 * the subject-hash key and the hub's token key. `hub_key` says which generation is current and
 * keeps every generation's public half; the private halves are files. Generation 1 is the key
 * the hub always had (the configured file or secret, else the data dir's dev key), generation
 * n ≥ 2 is `<keyDir>/<stem>-<n>.pem|.secret`, made by `npm run keys -- rotate <kind>` (or put there
 * first by the operator). A process notices another's rotation within 30 s.
 */
export class HubKeys {
  private readonly repository: HubKeyRepository;
  private readonly current = new Map<HubKeyKind, { key: SigningGeneration | SecretGeneration; until: number }>();
  private readonly loaded = new Map<string, SigningGeneration | SecretGeneration>();
  private readonly publicKeys = new Map<string, Promise<CryptoKey>>();
  private readonly generations = new Map<HubKeyKind, { rows: Promise<HubKeyRecord[]>; loadedAt: number }>();
  private readonly bootstrapped = new Map<HubKeyKind, Promise<void>>();

  constructor(
    dataSource: DataSource,
    private readonly config: Pick<AppConfig, 'nodeEnv' | 'dataDir' | 'keyDir' | 'audit' | 'exchange'>,
  ) {
    this.repository = new HubKeyRepository(dataSource);
  }

  /** Every generation of every kind (or of one kind), oldest first, registering generation 1 where missing. */
  async list(kind?: HubKeyKind): Promise<HubKeyRecord[]> {
    if (kind) await this.bootstrap(kind);
    return this.repository.list(kind);
  }

  /** The current generation of a signing key. */
  async signing(kind: SigningKind): Promise<SigningGeneration> {
    return (await this.currentOf(kind)) as SigningGeneration;
  }

  /** Every generation of the subject-hash key, read afresh (the caller caches), and which one is current. */
  async secrets(): Promise<{ current: SecretGeneration; all: SecretGeneration[] }> {
    const all = await Promise.all((await this.list('subject-hash')).map((row) => this.load(row) as Promise<SecretGeneration>));
    return { current: all.find((g) => g.retiredAt === null) ?? all.at(-1)!, all };
  }

  /**
   * The public key of a generation by kid, imported once; undefined if the kid is not one of this
   * kind's. An unknown kid (another process may just have rotated) re-reads the generations, through
   * one shared read at most every second, so a flood of made-up kids cannot flood the database.
   */
  async verificationKey(kind: SigningKind, kid: string): Promise<CryptoKey | undefined> {
    const known = this.publicKeys.get(kid);
    if (known) return known;
    let cached = this.generations.get(kind);
    if (!cached || Date.now() - cached.loadedAt > MISS_RELOAD_MS) {
      cached = { rows: this.list(kind), loadedAt: Date.now() };
      cached.rows.catch(() => this.generations.delete(kind));
      this.generations.set(kind, cached);
    }
    const row = (await cached.rows).find((r) => r.kid === kid);
    if (!row?.publicJwk) return undefined;
    let key = this.publicKeys.get(kid);
    if (!key) {
      key = importJWK(row.publicJwk, row.alg) as Promise<CryptoKey>;
      this.publicKeys.set(kid, key);
    }
    return key;
  }

  /** Loads the current generation of each key this hub uses, so a missing or replaced key file stops the start, not a request. */
  async checkAtStart(kinds: readonly HubKeyKind[]): Promise<void> {
    for (const kind of kinds) await this.currentOf(kind);
  }

  /**
   * Retires the current generation and makes the next one current. The next key's file is used if
   * the operator put it there, else made (0600). `beforeCommit` runs inside the transaction (the
   * audit record): if it fails, nothing rotates.
   */
  async rotate(kind: HubKeyKind, beforeCommit: (next: HubKeyRecord, previous: HubKeyRecord) => Promise<unknown> = async () => undefined): Promise<{ previous: HubKeyRecord; next: HubKeyRecord }> {
    if (kind === 'token' && this.config.nodeEnv === 'production') {
      throw new BadInputError('kind: the hub holds no token key in production: rotate at the identity provider, the hub follows its JWKS', 'kind');
    }
    await this.bootstrap(kind);
    const result = await this.repository.locked(kind, async (tx) => {
      const previous = tx.generations.at(-1)!;
      const generation = previous.generation + 1;
      const material = this.readOrCreate(kind, generation);
      const described = await describe(kind, material);
      if (tx.generations.some((row) => row.kid === described.kid)) {
        throw new InternalError(`key file ${this.fileOf(kind, generation)} repeats an earlier ${kind} key (${described.kid})`);
      }
      await tx.retire(kind, previous.generation);
      const next = await tx.insert({ kind, generation, ...described });
      await beforeCommit(next, previous);
      return { previous: { ...previous, retiredAt: next.createdAt }, next };
    });
    this.current.delete(kind);
    return result;
  }

  private async currentOf(kind: HubKeyKind): Promise<SigningGeneration | SecretGeneration> {
    const cached = this.current.get(kind);
    if (cached && cached.until > Date.now()) return cached.key;
    const rows = await this.list(kind);
    const row = rows.find((r) => r.retiredAt === null) ?? rows.at(-1)!;
    const key = await this.load(row);
    this.current.set(kind, { key, until: Date.now() + CURRENT_TTL_MS });
    return key;
  }

  /** Registers generation 1 (the hub's key from before rotation existed) once per kind. */
  private bootstrap(kind: HubKeyKind): Promise<void> {
    let done = this.bootstrapped.get(kind);
    if (!done) {
      done = this.repository
        .locked(kind, async (tx) => {
          if (tx.generations.length) return;
          await tx.insert({ kind, generation: 1, ...(await describe(kind, this.firstGeneration(kind))) });
        })
        .catch((error: unknown) => {
          this.bootstrapped.delete(kind);
          throw error;
        });
      this.bootstrapped.set(kind, done);
    }
    return done;
  }

  private async load(row: HubKeyRecord): Promise<SigningGeneration | SecretGeneration> {
    const known = this.loaded.get(row.kid);
    if (known) return { ...known, retiredAt: row.retiredAt };
    const material = row.generation === 1 ? this.firstGeneration(row.kind) : this.read(row.kind, row.generation);
    if (!material) throw new InternalError(`the ${row.kind} key of generation ${row.generation} (${this.fileOf(row.kind, row.generation)}) is missing on this host`);
    const described = await describe(row.kind, material);
    if (described.kid !== row.kid) {
      throw new InternalError(
        `the ${row.kind} key file of generation ${row.generation} holds key ${described.kid}, but ${row.kid} is registered: ` +
          'a key is changed by `npm run keys -- rotate`, not by replacing its file',
      );
    }
    const key =
      typeof material === 'object' && 'privateKey' in material
        ? ({ ...row, alg: material.alg, signing: material, privateKey: await importPKCS8(material.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), material.alg) } as SigningGeneration)
        : ({ ...row, secret: material } as SecretGeneration);
    this.loaded.set(row.kid, key);
    return key;
  }

  /** Generation 1: the configured key, else (outside production) the data dir's key, created on first use. */
  private firstGeneration(kind: HubKeyKind): SigningKey | Buffer {
    const production = this.config.nodeEnv === 'production';
    switch (kind) {
      case 'checkpoint': {
        if (this.config.audit.keyFile) return signingKeyFromPem(readFileSync(this.config.audit.keyFile, 'utf8'));
        if (production) throw new ConfigError('SHAREHUB_AUDIT_KEY_FILE', 'is required in production');
        return loadOrCreateSigningKey(this.config.dataDir, 'audit-checkpoint', 'ed25519');
      }
      case 'receipt': {
        if (this.config.exchange.receiptKeyFile) return signingKeyFromPem(readFileSync(this.config.exchange.receiptKeyFile, 'utf8'));
        if (production) throw new ConfigError('SHAREHUB_RECEIPT_KEY_FILE', 'is required in production (PEM EC P-256 private key)');
        return loadOrCreateSigningKey(this.config.dataDir, 'receipt', 'ec-p256');
      }
      case 'subject-hash': {
        if (this.config.audit.subjectHashSecret) return Buffer.from(this.config.audit.subjectHashSecret, 'utf8');
        if (production) throw new ConfigError('SHAREHUB_SUBJECT_HASH_SECRET', 'is required in production');
        return loadOrCreateSecret(this.config.dataDir, 'subject-hash');
      }
      case 'token':
        return loadOrCreateSigningKey(this.config.dataDir, 'dev-token', 'ec-p256');
    }
  }

  private fileOf(kind: HubKeyKind, generation: number): string {
    if (generation === 1) return `${KIND_SPECS[kind].setting} or ${join(this.config.dataDir, 'keys', KIND_SPECS[kind].stem)}`;
    return join(this.config.keyDir, `${KIND_SPECS[kind].stem}-${generation}.${KIND_SPECS[kind].type === 'secret' ? 'secret' : 'pem'}`);
  }

  private read(kind: HubKeyKind, generation: number): SigningKey | Buffer | undefined {
    const file = this.fileOf(kind, generation);
    if (!existsSync(file)) return undefined;
    const text = readFileSync(file, 'utf8');
    return KIND_SPECS[kind].type === 'secret' ? Buffer.from(text.trim(), 'base64url') : signingKeyFromPem(text);
  }

  private readOrCreate(kind: HubKeyKind, generation: number): SigningKey | Buffer {
    const existing = this.read(kind, generation);
    if (existing) return existing;
    const type = KIND_SPECS[kind].type;
    const content =
      type === 'secret'
        ? randomBytes(32).toString('base64url')
        : (type === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' })).privateKey.export({ type: 'pkcs8', format: 'pem' });
    mkdirSync(this.config.keyDir, { recursive: true, mode: 0o700 });
    try {
      writeFileSync(this.fileOf(kind, generation), content, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    return this.read(kind, generation)!;
  }
}

/** What `hub_key` records of a key: its id, algorithm and public JWK (exported by jose). */
async function describe(kind: HubKeyKind, material: SigningKey | Buffer): Promise<{ kid: string; alg: string; publicJwk: JWK | null }> {
  if (Buffer.isBuffer(material)) {
    // An id that names the secret without revealing anything about it.
    return { kid: `sh-${createHash('sha256').update('sharehub subject-hash key id\n').update(material).digest('hex').slice(0, 16)}`, alg: 'HS256', publicJwk: null };
  }
  const wanted = KIND_SPECS[kind].type === 'ed25519' ? 'EdDSA' : 'ES256';
  if (material.alg !== wanted) throw new ConfigError(KIND_SPECS[kind].setting, `the ${kind} key must be ${wanted === 'EdDSA' ? 'Ed25519' : 'EC P-256'}`);
  const publicJwk = { ...(await exportJWK(material.publicKey)), kid: material.kid, alg: material.alg, use: 'sig' };
  return { kid: material.kid, alg: material.alg, publicJwk };
}

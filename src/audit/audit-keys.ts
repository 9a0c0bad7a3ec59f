import { createHmac, createPublicKey, type KeyObject } from 'node:crypto';
import { keyIdOf } from '../config/key-store.js';
import { applyMask, MaskRule } from '../common/masking.js';
import { validateCitizenId, validateCreditCode } from '../common/identifiers/index.js';
import type { HubKeys } from '../keys/hub-keys.js';

/** The audit module's keys: subject references (the checkpoint key is HubKeys' `checkpoint`). */
export interface AuditKeys {
  subjects: SubjectHasher;
}

/** A trusted public key from a PEM (public or private; only the public part is kept). */
export function publicKeyFromPem(pem: string): { keyId: string; publicKey: KeyObject } {
  const publicKey = createPublicKey(pem);
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error('the audit checkpoint key must be Ed25519');
  return { keyId: keyIdOf(publicKey), publicKey };
}

export type SubjectKind = 'PERSON' | 'LEGAL_ENTITY';

/** Normalises an identifier the way search does: valid ids in their normal form, anything else trimmed and upper-cased. */
export function normalizeSubjectId(type: SubjectKind, id: string): string {
  const trimmed = id.trim();
  const check = type === 'PERSON' ? validateCitizenId(trimmed) : validateCreditCode(trimmed);
  return check.ok ? check.normalized : trimmed.toUpperCase();
}

/**
 * The stored reference of a subject: HMAC-SHA256 over `TYPE:id` (hex) with a generation of the
 * subject-hash key. Generation 1 is the bare hex (as before rotation existed); generation n ≥ 2
 * is prefixed `k<n>:`, so every reference says which key made it. The prefix is part of the
 * stored `subject_hash`, which the event's leaf hash covers: nothing outside the signed row.
 */
export function subjectHash(secret: Buffer, type: SubjectKind, normalizedId: string, generation = 1): string {
  const hex = createHmac('sha256', secret).update(`${type}:${normalizedId}`).digest('hex');
  return generation === 1 ? hex : `k${generation}:${hex}`;
}

/** Another process may rotate the subject-hash key: the generations are re-read after this. */
const REFRESH_MS = 30_000;

/**
 * Subject references under the subject-hash key's generations. New events are hashed with the
 * current generation; a lookup by subject hashes with every generation, so events recorded before
 * a rotation are still found (the audit log is append-only: old references are never rewritten).
 */
export class SubjectHasher {
  private loadedAt = 0;
  private refreshing: Promise<void> | undefined;

  private constructor(
    private current: { generation: number; secret: Buffer },
    private all: { generation: number; secret: Buffer }[],
    private readonly keys: HubKeys | undefined,
  ) {}

  /** The hub's: generations from HubKeys. */
  static async load(keys: HubKeys): Promise<SubjectHasher> {
    const hasher = new SubjectHasher({ generation: 1, secret: Buffer.alloc(0) }, [], keys);
    await hasher.refresh();
    return hasher;
  }

  /** One fixed secret (generation 1), for tools and tests that run without a hub. */
  static fixed(secret: Buffer): SubjectHasher {
    const only = { generation: 1, secret };
    return new SubjectHasher(only, [only], undefined);
  }

  /** The reference a new event stores (synchronous: on the writer's path). */
  hash(type: SubjectKind, normalizedId: string): string {
    if (this.keys && Date.now() - this.loadedAt > REFRESH_MS) void this.refresh().catch(() => undefined);
    return subjectHash(this.current.secret, type, normalizedId, this.current.generation);
  }

  /** Every reference this subject may have been stored under, current generation first. */
  async lookups(type: SubjectKind, normalizedId: string): Promise<string[]> {
    if (this.keys && Date.now() - this.loadedAt > REFRESH_MS) await this.refresh();
    const ordered = [this.current, ...this.all.filter((g) => g.generation !== this.current.generation)];
    return ordered.map((g) => subjectHash(g.secret, type, normalizedId, g.generation));
  }

  /** Re-reads the generations (after a rotation in this process, or when stale). */
  refresh(): Promise<void> {
    if (!this.keys) return Promise.resolve();
    const keys = this.keys;
    this.refreshing ??= (async () => {
      const { current, all } = await keys.secrets();
      this.current = { generation: current.generation, secret: current.secret };
      this.all = all.map((g) => ({ generation: g.generation, secret: g.secret }));
      this.loadedAt = Date.now();
    })().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }
}

export function subjectMask(type: SubjectKind, normalizedId: string): string {
  return applyMask(type === 'PERSON' ? MaskRule.ID_NUMBER : MaskRule.CREDIT_CODE, normalizedId) ?? '';
}

import { createHmac, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AppConfig } from '../config/config.js';
import { ConfigError } from '../config/config.js';
import { keyIdOf, loadOrCreateSecret, loadOrCreateSigningKey, signingKeyFromPem, type SigningKey } from '../config/key-store.js';
import { applyMask, MaskRule } from '../common/masking.js';
import { validateCitizenId, validateCreditCode } from '../common/identifiers/index.js';

/** The audit module's secrets: the Ed25519 checkpoint key and the subject HMAC key. */
export interface AuditKeys {
  checkpointKey: SigningKey;
  subjectHashSecret: Buffer;
}

/** From SHAREHUB_AUDIT_KEY_FILE / SHAREHUB_SUBJECT_HASH_SECRET, else (outside production) the data dir's key store. */
export function loadAuditKeys(config: Pick<AppConfig, 'audit' | 'dataDir' | 'nodeEnv'>): AuditKeys {
  let checkpointKey: SigningKey;
  if (config.audit.keyFile) {
    try {
      checkpointKey = signingKeyFromPem(readFileSync(config.audit.keyFile, 'utf8'));
    } catch (error) {
      throw new ConfigError('SHAREHUB_AUDIT_KEY_FILE', `cannot read an Ed25519 private key from ${config.audit.keyFile}: ${(error as Error).message}`);
    }
  } else if (config.nodeEnv === 'production') {
    throw new ConfigError('SHAREHUB_AUDIT_KEY_FILE', 'is required in production');
  } else {
    checkpointKey = loadOrCreateSigningKey(config.dataDir, 'audit-checkpoint', 'ed25519');
  }
  if (checkpointKey.alg !== 'EdDSA') throw new ConfigError('SHAREHUB_AUDIT_KEY_FILE', 'the checkpoint key must be Ed25519');
  let subjectHashSecret: Buffer;
  if (config.audit.subjectHashSecret) subjectHashSecret = Buffer.from(config.audit.subjectHashSecret, 'utf8');
  else if (config.nodeEnv === 'production') throw new ConfigError('SHAREHUB_SUBJECT_HASH_SECRET', 'is required in production');
  else subjectHashSecret = loadOrCreateSecret(config.dataDir, 'subject-hash');
  return { checkpointKey, subjectHashSecret };
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

/** The stored reference of a subject: HMAC-SHA256 over `TYPE:id` with the hub secret (hex). */
export function subjectHash(secret: Buffer, type: SubjectKind, normalizedId: string): string {
  return createHmac('sha256', secret).update(`${type}:${normalizedId}`).digest('hex');
}

export function subjectMask(type: SubjectKind, normalizedId: string): string {
  return applyMask(type === 'PERSON' ? MaskRule.ID_NUMBER : MaskRule.CREDIT_CODE, normalizedId) ?? '';
}

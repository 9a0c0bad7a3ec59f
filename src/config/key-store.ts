import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Local keys of a hub that has no key management configured (development and demo): created on
 * first use under `<dataDir>/keys/`, private parts mode 0600, never logged or exported.
 * Production configures its keys explicitly; each consumer of this file says which variable.
 */
export interface SigningKey {
  /** A stable id: the first 16 hex chars of SHA-256 over the public key (SPKI DER). */
  kid: string;
  alg: 'EdDSA' | 'ES256';
  privateKey: KeyObject;
  publicKey: KeyObject;
}

function keysDir(dataDir: string): string {
  const dir = join(dataDir, 'keys');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

/** Reads a PEM private key (Ed25519 or EC P-256) into a SigningKey. */
export function signingKeyFromPem(pem: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  const publicKey = createPublicKey(privateKey);
  const type = privateKey.asymmetricKeyType;
  if (type !== 'ed25519' && type !== 'ec') throw new Error(`unsupported key type ${type}: use Ed25519 or EC P-256`);
  return { kid: keyIdOf(publicKey), alg: type === 'ed25519' ? 'EdDSA' : 'ES256', privateKey, publicKey };
}

/** The named key pair in the data dir, created on first call. */
export function loadOrCreateSigningKey(dataDir: string, name: string, type: 'ed25519' | 'ec-p256' = 'ed25519'): SigningKey {
  const file = join(keysDir(dataDir), `${name}.pem`);
  if (!existsSync(file)) {
    const { privateKey } =
      type === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' });
    // 'wx' so two processes starting at once cannot overwrite each other's fresh key.
    try {
      writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return signingKeyFromPem(readFileSync(file, 'utf8'));
}

/** A named random secret (32 bytes, base64url) in the data dir, created on first call. */
export function loadOrCreateSecret(dataDir: string, name: string): Buffer {
  const file = join(keysDir(dataDir), `${name}.secret`);
  if (!existsSync(file)) {
    try {
      writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
}

import { createPublicKey, createSecretKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { keyIdOf, type SigningKey } from '../config/key-store.js';

export type TokenAlgorithm = 'RS256' | 'ES256' | 'EdDSA' | 'HS256';

/** One key the hub trusts for tokens, with the single algorithm it may be used with. */
export interface TrustedKey {
  kid: string;
  algorithm: TokenAlgorithm;
  /** Parsed once: a string secret would make every verification re-derive the key. */
  key: KeyObject;
  source: 'jwks-file' | 'jwks-url' | 'hs256-secret' | 'dev';
}

export const HS256_KID = 'hs256';
const MAX_KEYS = 100;

/** The algorithm a public JWK may be used with, pinned by its type (and its `alg`, if it has one). */
function algorithmOf(jwk: JsonWebKey & { alg?: string }): TokenAlgorithm {
  const byType: TokenAlgorithm | undefined =
    jwk.kty === 'RSA' ? 'RS256' : jwk.kty === 'EC' && jwk.crv === 'P-256' ? 'ES256' : jwk.kty === 'OKP' && jwk.crv === 'Ed25519' ? 'EdDSA' : undefined;
  if (!byType) throw new Error(`unsupported key type ${jwk.kty}/${jwk.crv ?? ''}: use RSA, EC P-256 or Ed25519`);
  if (jwk.alg !== undefined && jwk.alg !== byType) throw new Error(`key alg ${jwk.alg} does not match its type (${byType})`);
  return byType;
}

/** Parses a JWKS document into trusted public keys; private or symmetric members are refused. */
export function keysFromJwks(text: string, source: TrustedKey['source']): TrustedKey[] {
  const document = JSON.parse(text) as { keys?: unknown };
  if (!Array.isArray(document.keys)) throw new Error('JWKS has no "keys" array');
  if (document.keys.length > MAX_KEYS) throw new Error(`JWKS has more than ${MAX_KEYS} keys`);
  return document.keys.map((jwk: JsonWebKey & { kid?: unknown; alg?: string; use?: string }) => {
    if (typeof jwk.kid !== 'string' || !KID_PATTERN.test(jwk.kid)) throw new Error('every JWKS key needs a simple "kid"');
    if (jwk.d !== undefined || jwk.kty === 'oct') throw new Error(`JWKS key ${jwk.kid} is not a public key`);
    if (jwk.use !== undefined && jwk.use !== 'sig') throw new Error(`JWKS key ${jwk.kid} is not for signatures`);
    return { kid: jwk.kid, algorithm: algorithmOf(jwk), key: createPublicKey({ key: jwk, format: 'jwk' }), source };
  });
}

export function keyFromHs256Secret(secret: string): TrustedKey {
  return { kid: HS256_KID, algorithm: 'HS256', key: createSecretKey(Buffer.from(secret, 'utf8')), source: 'hs256-secret' };
}

export function keyFromDevSigningKey(signing: SigningKey): TrustedKey {
  return { kid: signing.kid, algorithm: signing.alg, key: signing.publicKey, source: 'dev' };
}

/** What a `kid` may look like: no paths, quotes, SQL or control characters. */
export const KID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

export { keyIdOf };

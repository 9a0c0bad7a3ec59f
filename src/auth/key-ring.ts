import { createSecretKey, KeyObject } from 'node:crypto';
import { createLocalJWKSet, errors, type CryptoKey, type JSONWebKeySet, type JWK } from 'jose';

export type TokenAlgorithm = 'RS256' | 'ES256' | 'EdDSA' | 'HS256';
export const TOKEN_ALGORITHMS: readonly TokenAlgorithm[] = ['RS256', 'ES256', 'EdDSA', 'HS256'];

/** One key the hub trusts for tokens, with the single algorithm it may be used with. */
export interface TrustedKey {
  kid: string;
  algorithm: TokenAlgorithm;
  /** Parsed once: jsonwebtoken verifies with a KeyObject (converted once from jose's CryptoKey). */
  key: KeyObject;
  source: 'jwks-file' | 'jwks-url' | 'hs256-secret' | 'hub';
}

/** What the verifier asks for: the token's algorithm (one of TOKEN_ALGORITHMS) and key id. */
export interface KeyRequest {
  alg: TokenAlgorithm;
  kid: string | undefined;
}

export const HS256_KID = 'hs256';
const MAX_KEYS = 100;
/** What a `kid` may look like: no paths, quotes, SQL or control characters. */
export const KID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** The algorithm a public JWK may be used with, pinned by its type (and its `alg`, if it has one). */
function algorithmOf(jwk: JWK): Exclude<TokenAlgorithm, 'HS256'> {
  const byType =
    jwk.kty === 'RSA' ? 'RS256' : jwk.kty === 'EC' && jwk.crv === 'P-256' ? 'ES256' : jwk.kty === 'OKP' && jwk.crv === 'Ed25519' ? 'EdDSA' : undefined;
  if (!byType) throw new Error(`unsupported key type ${jwk.kty}/${jwk.crv ?? ''}: use RSA, EC P-256 or Ed25519`);
  if (jwk.alg !== undefined && jwk.alg !== byType) throw new Error(`key alg ${jwk.alg} does not match its type (${byType})`);
  return byType;
}

/**
 * Checks a JWKS document before jose sees it: at most 100 keys, each a public signing key with a
 * simple `kid`, of a type we accept. Each key gets its `alg` pinned, so jose selects it for that
 * algorithm only (an RSA key never verifies PS256, a public key is never an HS256 secret).
 */
export function validateJwks(document: unknown): JSONWebKeySet {
  const keys = (document as { keys?: unknown })?.keys;
  if (!Array.isArray(keys)) throw new Error('JWKS has no "keys" array');
  if (keys.length > MAX_KEYS) throw new Error(`JWKS has more than ${MAX_KEYS} keys`);
  return {
    keys: keys.map((jwk: JWK) => {
      if (typeof jwk?.kid !== 'string' || !KID_PATTERN.test(jwk.kid)) throw new Error('every JWKS key needs a simple "kid"');
      if (jwk.d !== undefined || jwk.kty === 'oct') throw new Error(`JWKS key ${jwk.kid} is not a public key`);
      if (jwk.use !== undefined && jwk.use !== 'sig') throw new Error(`JWKS key ${jwk.kid} is not for signatures`);
      return { ...jwk, alg: algorithmOf(jwk) };
    }),
  };
}

type KeySet = ReturnType<typeof createLocalJWKSet>;

/** jose's CryptoKey as the KeyObject jsonwebtoken verifies with, converted once per key. */
const keyObjects = new WeakMap<CryptoKey, KeyObject>();

/**
 * The key of a jose key set for this request, as a TrustedKey; undefined when the set has none
 * (or, for a token without kid, more than one) that fits.
 */
export async function findInKeySet(set: KeySet | ((header: { alg: string; kid?: string }) => Promise<CryptoKey>), request: KeyRequest, source: TrustedKey['source']): Promise<TrustedKey | undefined> {
  if (request.alg === 'HS256') return undefined;
  let cryptoKey: CryptoKey;
  try {
    cryptoKey = (await set({ alg: request.alg, ...(request.kid === undefined ? {} : { kid: request.kid }) })) as CryptoKey;
  } catch (error) {
    if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) return undefined;
    throw error;
  }
  let key = keyObjects.get(cryptoKey);
  if (!key) {
    key = KeyObject.from(cryptoKey);
    keyObjects.set(cryptoKey, key);
  }
  return { kid: request.kid ?? '', algorithm: request.alg, key, source };
}

export function keyFromHs256Secret(secret: string): TrustedKey {
  return { kid: HS256_KID, algorithm: 'HS256', key: createSecretKey(Buffer.from(secret, 'utf8')), source: 'hs256-secret' };
}

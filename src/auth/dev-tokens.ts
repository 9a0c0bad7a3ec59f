import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { AuthConfig } from '../config/config.js';
import type { Role } from './principal.js';
import { devTokenKey } from './trusted-keys.js';

export interface DevTokenClaims {
  dept: string;
  roles: Role[];
  sub?: string;
  name?: string;
  /** Lifetime in seconds (default one hour). */
  ttlSeconds?: number;
}

/** Signs a token with the data dir's dev key, which a non-production hub trusts. */
export function signDevToken(dataDir: string, auth: Pick<AuthConfig, 'issuer' | 'audience'>, claims: DevTokenClaims, keyDir?: string): string {
  const key = devTokenKey(dataDir, keyDir);
  const { dept, roles, name } = claims;
  return jwt.sign({ dept, roles, ...(name ? { name } : {}) }, key.privateKey, {
    algorithm: 'ES256',
    keyid: key.kid,
    subject: claims.sub ?? `${dept}:system`,
    issuer: auth.issuer,
    audience: auth.audience,
    expiresIn: claims.ttlSeconds ?? 3600,
    jwtid: randomUUID(),
  });
}

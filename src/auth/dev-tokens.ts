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
  /** When it is issued (default now): a hub running at a fixed instant needs tokens of that instant. */
  issuedAt?: Date;
}

/** Signs a token with the data dir's dev key, which a non-production hub trusts. */
export function signDevToken(dataDir: string, auth: Pick<AuthConfig, 'issuer' | 'audience'>, claims: DevTokenClaims, keyDir?: string): string {
  const key = devTokenKey(dataDir, keyDir);
  const { dept, roles, name } = claims;
  const iat = claims.issuedAt ? { iat: Math.floor(claims.issuedAt.getTime() / 1000) } : {};
  return jwt.sign({ dept, roles, ...(name ? { name } : {}), ...iat }, key.privateKey, {
    algorithm: 'ES256',
    keyid: key.kid,
    subject: claims.sub ?? `${dept}:system`,
    issuer: auth.issuer,
    audience: auth.audience,
    expiresIn: claims.ttlSeconds ?? 3600,
    jwtid: randomUUID(),
  });
}

import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';

/**
 * An "identity provider" for a hub that runs as in production (tests, bench, load test): tokens
 * signed with one RS256 and one ES256 key whose public keys the hub reads from a JWKS file.
 */
export interface TokenIssuer {
  jwksFile: string;
  sign(claims: { dept: string; roles: string[]; sub?: string; name?: string }, alg?: 'RS256' | 'ES256'): string;
}

export function createTokenIssuer(dir: string): TokenIssuer {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const keys = [
    { ...rsa.publicKey.export({ format: 'jwk' }), kid: 'issuer-rs256', alg: 'RS256', use: 'sig' },
    { ...ec.publicKey.export({ format: 'jwk' }), kid: 'issuer-es256', alg: 'ES256', use: 'sig' },
  ];
  const jwksFile = join(dir, 'issuer-jwks.json');
  writeFileSync(jwksFile, JSON.stringify({ keys }));
  return {
    jwksFile,
    sign(claims, alg = 'ES256') {
      const privateKey = alg === 'RS256' ? rsa.privateKey : ec.privateKey;
      return jwt.sign({ dept: claims.dept, roles: claims.roles, ...(claims.name ? { name: claims.name } : {}) }, privateKey, {
        algorithm: alg,
        keyid: alg === 'RS256' ? 'issuer-rs256' : 'issuer-es256',
        subject: claims.sub ?? `${claims.dept}:issued`,
        issuer: 'sharehub',
        audience: 'sharehub',
        expiresIn: 3600,
        jwtid: randomUUID(),
      });
    },
  };
}

import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';

/**
 * The bench runs the hub as in production: tokens from an "identity provider" whose public keys
 * the hub reads from a JWKS file. This makes one RS256 and one ES256 key and signs with them.
 */
export interface BenchIssuer {
  jwksFile: string;
  sign(claims: { dept: string; roles: string[]; sub?: string; name?: string }, alg?: 'RS256' | 'ES256'): string;
}

export function createBenchIssuer(dir: string): BenchIssuer {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const keys = [
    { ...rsa.publicKey.export({ format: 'jwk' }), kid: 'bench-rs256', alg: 'RS256', use: 'sig' },
    { ...ec.publicKey.export({ format: 'jwk' }), kid: 'bench-es256', alg: 'ES256', use: 'sig' },
  ];
  const jwksFile = join(dir, 'bench-jwks.json');
  writeFileSync(jwksFile, JSON.stringify({ keys }));
  return {
    jwksFile,
    sign(claims, alg = 'ES256') {
      const privateKey = alg === 'RS256' ? rsa.privateKey : ec.privateKey;
      return jwt.sign({ dept: claims.dept, roles: claims.roles, ...(claims.name ? { name: claims.name } : {}) }, privateKey, {
        algorithm: alg,
        keyid: alg === 'RS256' ? 'bench-rs256' : 'bench-es256',
        subject: claims.sub ?? `${claims.dept}:bench`,
        issuer: 'sharehub',
        audience: 'sharehub',
        expiresIn: 3600,
        jwtid: randomUUID(),
      });
    },
  };
}

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The key settings a production hub requires, made up in `dir` (mode 0600): the audit
 * checkpoint key (Ed25519), the receipt key (EC P-256) and the subject-hash secret. Token keys
 * come separately (a JWKS file, see token-issuer.ts). For tests, the bench and the load test that run NODE_ENV=production.
 */
export function productionKeyEnv(dir: string): Record<string, string> {
  const write = (name: string, pem: string) => {
    const file = join(dir, name);
    writeFileSync(file, pem, { mode: 0o600 });
    return file;
  };
  const audit = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const receipt = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  return {
    SHAREHUB_AUDIT_KEY_FILE: write('audit-checkpoint.pem', audit),
    SHAREHUB_RECEIPT_KEY_FILE: write('receipt.pem', receipt),
    SHAREHUB_SUBJECT_HASH_SECRET: randomBytes(32).toString('base64url'),
  };
}

/**
 * A production hub refuses a DATABASE_URL without a password. The bench, the load test and tests
 * may run on a server with trust authentication (like this repository's CI): they give PGPASSWORD,
 * which such a server never asks for, rather than weakening the check.
 */
export function databaseCredentialEnv(databaseUrl: string): Record<string, string> {
  return new URL(databaseUrl).password ? {} : { PGPASSWORD: process.env.PGPASSWORD || 'trust-authentication-ignores-it' };
}

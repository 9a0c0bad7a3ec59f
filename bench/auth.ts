import { TokenVerifier } from '../src/auth/token-verifier.js';
import { TrustedKeys } from '../src/auth/trusted-keys.js';
import { loadConfig } from '../src/config/config.js';
import type { Row } from './lib.js';
import type { TokenIssuer } from '../test/support/token-issuer.js';

/** Runs `operation` repeatedly for about `ms` and returns operations per second. */
export async function perSecond(operation: () => unknown, ms = 1_000): Promise<number> {
  for (let i = 0; i < 200; i++) await operation(); // warm-up
  let count = 0;
  const started = performance.now();
  while (performance.now() - started < ms) {
    for (let i = 0; i < 50; i++) await operation();
    count += 50;
  }
  return count / ((performance.now() - started) / 1000);
}

/** Token verification per second by algorithm (signature + claims; the department check is a cached lookup). */
export async function tokenRows(issuer: TokenIssuer): Promise<Row[]> {
  // The hub's own key lookup over the issuer's JWKS file (jose key set, keys imported once).
  const lookup = new TrustedKeys(loadConfig({ NODE_ENV: 'test', SHAREHUB_JWKS_FILE: issuer.jwksFile, SHAREHUB_TRUST_DEV_KEY: 'false' }).auth, undefined);
  const options = { issuer: 'sharehub', audience: 'sharehub', clockSkewSeconds: 30 };
  const rows: Row[] = [];
  for (const alg of ['RS256', 'ES256'] as const) {
    const token = issuer.sign({ dept: 'HZ-XZFWZX', roles: ['consumer'] }, alg);
    // A new verifier each time: its cache of verified tokens starts empty, so this is the full check.
    const rate = await perSecond(() => new TokenVerifier(lookup, options).verify(token));
    rows.push({ name: `token verification ${alg}`, value: `${Math.round(rate)} /s`, note: `${(1e6 / rate).toFixed(0)} µs each, one core (uncached)` });
  }
  const cached = new TokenVerifier(lookup, options);
  const token = issuer.sign({ dept: 'HZ-XZFWZX', roles: ['consumer'] }, 'ES256');
  const rate = await perSecond(() => cached.verify(token));
  rows.push({ name: 'token verification, repeated token', value: `${Math.round(rate)} /s`, note: `${(1e6 / rate).toFixed(1)} µs each: remembered until exp (≤ 60 s)` });
  return rows;
}

import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { TokenVerifier } from '../../src/auth/token-verifier.js';

describe('verified-token cache', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const key = { kid: 'k1', algorithm: 'ES256' as const, key: publicKey, source: 'jwks-file' as const };

  function setup(start: number) {
    let now = start;
    let lookups = 0;
    const verifier = new TokenVerifier({ find: async () => (lookups++, key) }, { issuer: 'sharehub', audience: 'sharehub', clockSkewSeconds: 0 }, () => now);
    return { verifier, advance: (ms: number) => (now += ms), lookups: () => lookups };
  }

  it('verifies a token once, then answers from memory, and never past its exp', async () => {
    const start = Date.now();
    const token = jwt.sign({ dept: 'HZ-XZFWZX', roles: ['consumer'], exp: Math.floor(start / 1000) + 5 }, privateKey, {
      algorithm: 'ES256',
      keyid: 'k1',
      subject: 'w1',
      issuer: 'sharehub',
      audience: 'sharehub',
    });
    const { verifier, advance, lookups } = setup(start);
    expect((await verifier.verify(token)).sub).toBe('w1');
    expect((await verifier.verify(token)).sub).toBe('w1');
    expect(lookups()).toBe(1);
    advance(6_000);
    await expect(verifier.verify(token)).rejects.toThrow(/expired/);
  });

  it('does not remember rejected tokens', async () => {
    const { verifier, lookups } = setup(Date.now());
    const forged = jwt.sign({ dept: 'HZ-XZFWZX', roles: ['consumer'] }, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, {
      algorithm: 'ES256',
      keyid: 'k1',
      expiresIn: 60,
      issuer: 'sharehub',
      audience: 'sharehub',
      subject: 'x',
    });
    await expect(verifier.verify(forged)).rejects.toThrow(/signature/);
    await expect(verifier.verify(forged)).rejects.toThrow(/signature/);
    expect(lookups()).toBe(2);
  });
});

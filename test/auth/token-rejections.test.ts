import { createPublicKey, generateKeyPairSync, sign as cryptoSign, createHmac, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { devTokenKey } from '../../src/auth/trusted-keys.js';
import { bearer, tokenFor } from '../support/auth.js';
import { startTestHub, type TestHub } from '../support/hub.js';

const PROTECTED = '{ departments { code } }';
const CONSUMER = 'HZXH-XZFWZX';
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function claims(overrides: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  return { sub: 'window-01', dept: CONSUMER, roles: ['consumer'], iss: 'sharehub', aud: 'sharehub', iat: now, exp: now + 600, jti: 'j1', ...overrides };
}

/** A token with any header and payload, signed ES256 by `key` (or not at all). */
function forge(header: Record<string, unknown>, payload: Record<string, unknown>, key?: KeyObject): string {
  const input = `${b64(header)}.${b64(payload)}`;
  if (!key) return `${input}.`;
  return `${input}.${cryptoSign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
}

describe('token verification', () => {
  let hub: TestHub;
  let devKid: string;
  let devPrivate: KeyObject;
  const ed = generateKeyPairSync('ed25519');
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const secret = 'a-shared-secret-of-at-least-32-bytes-long';

  beforeAll(async () => {
    const jwksDir = (await import('node:os')).tmpdir();
    const jwksFile = join(jwksDir, `sharehub-jwks-${process.pid}.json`);
    writeFileSync(
      jwksFile,
      JSON.stringify({
        keys: [
          { ...ed.publicKey.export({ format: 'jwk' }), kid: 'idp-ed25519', use: 'sig' },
          { ...rsa.publicKey.export({ format: 'jwk' }), kid: 'idp-rs256', alg: 'RS256' },
        ],
      }),
    );
    hub = await startTestHub({ SHAREHUB_JWKS_FILE: jwksFile, SHAREHUB_JWT_HS256_SECRET: secret, SHAREHUB_JWT_CLOCK_SKEW_SECONDS: '30' }, { seedCatalog: true });
    const key = devTokenKey(hub.config.dataDir);
    devKid = key.kid;
    devPrivate = key.privateKey;
  });
  afterAll(() => hub.close());

  async function expectUnauthenticated(token: string | undefined, reason?: RegExp) {
    const response = await hub.gql(PROTECTED, {}, token === undefined ? {} : bearer(token));
    expect(response.body.data ?? null).toBeNull();
    expect(response.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    if (reason) expect(response.body.errors?.[0]?.message).toMatch(reason);
  }

  async function expectAccepted(token: string) {
    const response = await hub.gql(PROTECTED, {}, bearer(token));
    expect(response.body.errors).toBeUndefined();
    expect((response.body.data as { departments: unknown[] }).departments.length).toBeGreaterThan(29);
  }

  it('accepts the dev key (ES256), an EdDSA and an RS256 key from the JWKS file, and the HS256 secret', async () => {
    await expectAccepted(tokenFor(hub, { dept: CONSUMER, roles: ['consumer' as never] }));
    await expectAccepted(forgeEd(claims()));
    await expectAccepted(jwt.sign(claims(), rsa.privateKey, { algorithm: 'RS256', keyid: 'idp-rs256' }));
    await expectAccepted(jwt.sign(claims(), secret, { algorithm: 'HS256', keyid: 'hs256' }));
  });

  function forgeEd(payload: Record<string, unknown>, kid = 'idp-ed25519') {
    const input = `${b64({ alg: 'EdDSA', typ: 'JWT', kid })}.${b64(payload)}`;
    return `${input}.${cryptoSign(null, Buffer.from(input), ed.privateKey).toString('base64url')}`;
  }

  it('refuses a protected operation without a token', () => expectUnauthenticated(undefined, /bearer token is required/));

  it.each(['none', 'NONE', 'nOnE'])('refuses alg "%s"', (alg) => expectUnauthenticated(forge({ alg, kid: devKid }, claims()), /Unsigned/));

  it('refuses HS256 signed with the public key as the secret', async () => {
    const publicPem = createPublicKey(devPrivate).export({ type: 'spki', format: 'pem' }) as string;
    const input = `${b64({ alg: 'HS256', kid: devKid })}.${b64(claims())}`;
    const token = `${input}.${createHmac('sha256', publicPem).update(input).digest('base64url')}`;
    await expectUnauthenticated(token, /algorithm HS256 is not allowed/);
  });

  it('refuses an expired token, but tolerates the configured clock skew', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectUnauthenticated(forge({ alg: 'ES256', kid: devKid }, claims({ exp: now - 60 }), devPrivate), /expired/);
    await expectAccepted(forge({ alg: 'ES256', kid: devKid }, claims({ exp: now - 10 }), devPrivate));
    await expectUnauthenticated(forgeEd(claims({ exp: now - 60 })), /expired/);
  });

  it('refuses a token that is not valid yet', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectUnauthenticated(forge({ alg: 'ES256', kid: devKid }, claims({ nbf: now + 300 }), devPrivate), /not valid yet/);
    await expectUnauthenticated(forgeEd(claims({ nbf: now + 300 })), /not valid yet/);
  });

  it('refuses a wrong issuer or audience', async () => {
    await expectUnauthenticated(forge({ alg: 'ES256', kid: devKid }, claims({ iss: 'someone-else' }), devPrivate), /issuer/);
    await expectUnauthenticated(forge({ alg: 'ES256', kid: devKid }, claims({ aud: 'another-hub' }), devPrivate), /audience/);
    await expectUnauthenticated(forgeEd(claims({ aud: 'another-hub' })), /audience/);
  });

  it('refuses an unknown kid and kids with path or SQL characters', async () => {
    await expectUnauthenticated(forge({ alg: 'ES256', kid: 'no-such-key' }, claims(), devPrivate), /unknown key/);
    await expectUnauthenticated(forge({ alg: 'ES256', kid: '../../etc/passwd' }, claims(), devPrivate), /key id is malformed/);
    await expectUnauthenticated(forge({ alg: 'ES256', kid: "1' OR '1'='1" }, claims(), devPrivate), /key id is malformed/);
  });

  it.each([
    ['jku', 'https://attacker.example/jwks.json'],
    ['x5u', 'https://attacker.example/cert.pem'],
    ['jwk', { kty: 'EC', crv: 'P-256', x: 'x', y: 'y' }],
  ])('refuses a "%s" header (never fetched or trusted)', (member, value) =>
    expectUnauthenticated(forge({ alg: 'ES256', kid: devKid, [member]: value }, claims(), devPrivate), new RegExp(member)),
  );

  it('refuses a truncated or empty signature, and a tampered payload', async () => {
    const good = forge({ alg: 'ES256', kid: devKid }, claims(), devPrivate);
    await expectUnauthenticated(good.slice(0, -10), /signature/);
    await expectUnauthenticated(good.slice(0, good.lastIndexOf('.') + 1), /signature is missing/);
    const [header, , signature] = good.split('.');
    await expectUnauthenticated(`${header}.${b64(claims({ roles: ['admin'] }))}.${signature}`, /signature/);
    const edGood = forgeEd(claims());
    const [edHeader, , edSignature] = edGood.split('.');
    await expectUnauthenticated(`${edHeader}.${b64(claims({ dept: 'ZJ-GAT' }))}.${edSignature}`, /signature/);
  });

  it('refuses a token for an unknown or a disabled department', async () => {
    await expectUnauthenticated(tokenFor(hub, { dept: 'NO-SUCH-DEPT', roles: ['consumer' as never] }), /unknown or disabled/);
    const consumer = tokenFor(hub, { dept: 'HZYH-XZFWZX', roles: ['consumer' as never] });
    await expectAccepted(consumer);
    const admin = tokenFor(hub, { dept: 'ZJ-DSJJ', roles: ['admin' as never] });
    const disabled = await hub.gql('mutation { setDepartmentEnabled(code: "HZYH-XZFWZX", enabled: false, reason: "机构撤并") { code } }', {}, bearer(admin));
    expect(disabled.body.errors).toBeUndefined();
    await expectUnauthenticated(consumer, /unknown or disabled/);
  });

  it('refuses roles outside the four known ones', () =>
    expectUnauthenticated(forge({ alg: 'ES256', kid: devKid }, claims({ roles: ['root'] }), devPrivate), /roles/));

});

import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { devTokenKey } from '../../src/auth/trusted-keys.js';
import { bearer, tokenFor } from '../support/auth.js';
import { startTestHub, type TestHub } from '../support/hub.js';

const PROTECTED = '{ departments { code } }';
const CONSUMER = 'HZXH-XZFWZX';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function accepted(hub: TestHub, token: string): Promise<boolean> {
  const response = await hub.gql(PROTECTED, {}, bearer(token));
  if (response.body.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED') return false;
  expect(response.body.errors).toBeUndefined();
  return true;
}

/** A token as an identity provider issues it (jose), fresh each call (its own jti: never a cached one). */
function idpToken(key: CryptoKey, kid: string, alg = 'ES256'): Promise<string> {
  return new SignJWT({ dept: CONSUMER, roles: ['consumer'] })
    .setProtectedHeader({ alg, kid })
    .setSubject('window-01')
    .setIssuer('sharehub')
    .setAudience('sharehub')
    .setIssuedAt()
    .setExpirationTime('10m')
    .setJti(randomUUID())
    .sign(key);
}

describe('JWKS_URL: a real JWKS server on loopback, a key rotated there', () => {
  let hub: TestHub;
  let server: Server;
  let published: JWK[] = [];
  let fetches = 0;
  const keyA = generateKeyPair('ES256');
  const keyB = generateKeyPair('ES256');

  beforeAll(async () => {
    server = createServer((request, response) => {
      fetches += 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: published }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    published = [{ ...(await exportJWK((await keyA).publicKey)), kid: 'idp-a', use: 'sig' }];
    hub = await startTestHub(
      {
        SHAREHUB_JWKS_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`,
        SHAREHUB_JWKS_COOLDOWN_SECONDS: '1',
        SHAREHUB_JWKS_MAX_AGE_SECONDS: '2',
      },
      { seedCatalog: true },
    );
  });
  afterAll(async () => {
    await hub.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('accepts key A, then picks up key B without restart once A is withdrawn there, and refuses new tokens of A', async () => {
    const a = await keyA;
    const b = await keyB;
    expect(await accepted(hub, await idpToken(a.privateKey, 'idp-a'))).toBe(true);
    expect(fetches).toBe(1);

    // The provider rotates: B published, A withdrawn.
    published = [{ ...(await exportJWK(b.publicKey)), kid: 'idp-b', use: 'sig' }];
    const tokenB = await idpToken(b.privateKey, 'idp-b');
    // Within the cooldown an unknown kid does not make the hub fetch again; after it, it does.
    const started = Date.now();
    let ok = await accepted(hub, tokenB);
    while (!ok && Date.now() - started < 3_000) {
      await sleep(200);
      ok = await accepted(hub, await idpToken(b.privateKey, 'idp-b'));
    }
    expect(ok).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(fetches).toBe(2);

    // A's new tokens are refused now (the verified-token cache only ever holds tokens seen before).
    expect(await accepted(hub, await idpToken(a.privateKey, 'idp-a'))).toBe(false);

    // A flood of made-up kids costs at most one fetch per cooldown.
    const before = fetches;
    const forged = await generateKeyPair('ES256');
    for (let i = 0; i < 20; i++) expect(await accepted(hub, await idpToken(forged.privateKey, `made-up-${i}`))).toBe(false);
    expect(fetches - before).toBeLessThanOrEqual(1);
  });

  it('keeps the keys it had when the JWKS endpoint stops answering', async () => {
    const b = await keyB;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await sleep(2_100); // past the max age: the next lookup tries to refetch and fails
    expect(await accepted(hub, await idpToken(b.privateKey, 'idp-b'))).toBe(true);
    expect(await accepted(hub, await idpToken(b.privateKey, 'idp-b'))).toBe(true);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
});

describe('JWKS_FILE: the provider rotates by editing the file', () => {
  let hub: TestHub;
  let dir: string;
  let file: string;
  const keyA = generateKeyPair('EdDSA');
  const keyB = generateKeyPair('EdDSA');
  const write = async (keys: { key: Promise<{ publicKey: CryptoKey }>; kid: string }[]) =>
    writeFileSync(file, JSON.stringify({ keys: await Promise.all(keys.map(async ({ key, kid }) => ({ ...(await exportJWK((await key).publicKey)), kid, use: 'sig' }))) }));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sharehub-jwks-file-'));
    file = join(dir, 'jwks.json');
    await write([{ key: keyA, kid: 'file-a' }]);
    hub = await startTestHub({ SHAREHUB_JWKS_FILE: file }, { seedCatalog: true });
  });
  afterAll(async () => {
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes a key added to the file (several kids during the overlap) and drops a withdrawn one, without restart', async () => {
    const a = await keyA;
    const b = await keyB;
    expect(await accepted(hub, await idpToken(a.privateKey, 'file-a', 'EdDSA'))).toBe(true);
    expect(await accepted(hub, await idpToken(b.privateKey, 'file-b', 'EdDSA'))).toBe(false);
    await write([
      { key: keyA, kid: 'file-a' },
      { key: keyB, kid: 'file-b' },
    ]);
    await sleep(2_100);
    expect(await accepted(hub, await idpToken(b.privateKey, 'file-b', 'EdDSA'))).toBe(true);
    expect(await accepted(hub, await idpToken(a.privateKey, 'file-a', 'EdDSA'))).toBe(true);
    await write([{ key: keyB, kid: 'file-b' }]);
    await sleep(2_100);
    expect(await accepted(hub, await idpToken(a.privateKey, 'file-a', 'EdDSA'))).toBe(false);
    expect(await accepted(hub, await idpToken(b.privateKey, 'file-b', 'EdDSA'))).toBe(true);
  });
});

describe("rotating the hub's own token key (several kids, an overlap window)", () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ SHAREHUB_TOKEN_KEY_OVERLAP_SECONDS: '3' }, { seedCatalog: true });
  });
  afterAll(() => hub.close());

  it('after `keys rotate token` the new kid is accepted, the old one until the overlap ends, and the rotation is audited', async () => {
    const first = devTokenKey(hub.config.dataDir); // generation 1, before the rotation
    const oldToken = () => new SignJWT({ dept: CONSUMER, roles: ['consumer'] }).setProtectedHeader({ alg: 'ES256', kid: first.kid }).setSubject('w').setIssuer('sharehub').setAudience('sharehub').setExpirationTime('10m').setJti(randomUUID()).sign(first.privateKey);
    expect(await accepted(hub, await oldToken())).toBe(true);

    const cli = spawnSync(process.execPath, [fileURLToPath(new URL('../../dist/src/cli/keys.js', import.meta.url)), 'rotate', 'token'], {
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', DATABASE_URL: hub.database.url, SHAREHUB_DATA_DIR: hub.config.dataDir },
      encoding: 'utf8',
    });
    expect(cli.status).toBe(0);
    const rotatedAt = Date.now();

    // `npm run token` (signDevToken) now signs with generation 2.
    const newToken = tokenFor(hub, { dept: CONSUMER, roles: ['consumer' as never] });
    expect(JSON.parse(Buffer.from(newToken.split('.')[0], 'base64url').toString()).kid).not.toBe(first.kid);
    let ok = await accepted(hub, newToken);
    while (!ok && Date.now() - rotatedAt < 2_000) {
      await sleep(200);
      ok = await accepted(hub, tokenFor(hub, { dept: CONSUMER, roles: ['consumer' as never] }));
    }
    expect(ok).toBe(true);
    expect(await accepted(hub, await oldToken())).toBe(true); // within the overlap

    await sleep(Math.max(0, rotatedAt + 3_300 - Date.now()));
    expect(await accepted(hub, await oldToken())).toBe(false); // the overlap is over
    expect(await accepted(hub, tokenFor(hub, { dept: CONSUMER, roles: ['consumer' as never] }))).toBe(true);

    const [event] = await hub.database.query("SELECT target, details FROM audit_event WHERE action = 'KEY_ROTATE'");
    expect(event).toMatchObject({ target: 'token', details: { kind: 'token', generation: 2, previousKid: first.kid } });
  });
});

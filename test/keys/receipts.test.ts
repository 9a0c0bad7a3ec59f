import { createHash, generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompactSign, compactVerify, createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { leafHash, verifyInclusion } from '../../src/audit/merkle.js';
import { publishedJwks } from '../../src/audit/hub-jwks.controller.js';
import { ReceiptSigner, type ReceiptClaims } from '../../src/exchange/receipt-signer.js';
import { startTestHub } from '../support/hub.js';
import { keysWorld, type KeysWorld } from './support.js';

const claims: ReceiptClaims = {
  requestId: 'case-2026-000123',
  consumerDept: 'HZ-XZFWZX',
  principal: 'HZ-XZFWZX:window-7',
  subjectHash: 'ab'.repeat(32),
  items: [{ itemCode: '101001/000001/002', asOf: '2026-01-05T00:00:00.000Z' }],
  issuedAt: '2026-11-27T09:00:00.000Z',
};

describe('disclosure receipts (jose) and the receipt key rotation', () => {
  let world: KeysWorld;
  beforeAll(async () => {
    world = await keysWorld();
  });
  afterAll(() => world.close());

  it('is a batch head that plain jose verifies with the published JWKS, plus the claims and their path to the signed root', async () => {
    const signer = new ReceiptSigner(world.hubKeys());
    const { receipt, keyId } = await signer.sign(claims);
    const [head, encodedClaims, proof] = receipt.split('~');
    expect(decodeProtectedHeader(head)).toEqual({ alg: 'ES256', typ: 'sharehub-receipt-batch+jwt', kid: keyId });
    const jwks = createLocalJWKSet(await publishedJwks(world.hubKeys()));
    const { payload } = await jwtVerify<{ root: string; size: number }>(head, jwks, { algorithms: ['ES256'], issuer: 'sharehub', typ: 'sharehub-receipt-batch+jwt' });
    // Alone in its batch: the root is the leaf hash of the claims' bytes and the path is empty.
    expect(payload).toMatchObject({ size: 1, iat: Date.parse(claims.issuedAt) / 1000 });
    expect(proof).toBe('0');
    const bytes = Buffer.from(encodedClaims, 'base64url');
    expect(JSON.parse(bytes.toString())).toEqual(claims);
    expect(Buffer.from(payload.root, 'base64url')).toEqual(createHash('sha256').update(Buffer.concat([Buffer.from([0]), bytes])).digest());
    expect(await signer.verify(receipt)).toEqual({ valid: true, keyId, claims });
  });

  it('signs the receipts asked for together under one signature; each verifies alone and none can take another\'s place', async () => {
    const signer = new ReceiptSigner(world.hubKeys());
    const many = Array.from({ length: 37 }, (_, i) => ({ ...claims, requestId: `case-2026-${String(i).padStart(6, '0')}` }));
    const signed = await Promise.all(many.map((c) => signer.sign(c)));
    const heads = new Set(signed.map((s) => s.receipt.split('~')[0]));
    expect(heads.size).toBe(1);
    const jwks = createLocalJWKSet(await publishedJwks(world.hubKeys()));
    const { payload } = await jwtVerify<{ root: string; size: number }>([...heads][0], jwks, { issuer: 'sharehub' });
    expect(payload.size).toBe(37);
    for (const [i, s] of signed.entries()) {
      expect(await signer.verify(s.receipt)).toEqual({ valid: true, keyId: s.keyId, claims: many[i] });
      expect(s.hash).toBe(createHash('sha256').update(s.receipt).digest('hex'));
      // Each path checks with RFC 9162 inclusion against the signed root.
      const [, encoded, proof] = s.receipt.split('~');
      const [index, ...path] = proof.split('.');
      expect(verifyInclusion(Number(index), 37, leafHash(Buffer.from(encoded, 'base64url')), path.map((p) => Buffer.from(p, 'base64url')), Buffer.from(payload.root, 'base64url'))).toBe(true);
    }
    // Another receipt's claims with this one's path, or this one's claims at another index, do not verify.
    const [head, , proof] = signed[3].receipt.split('~');
    const otherClaims = signed[4].receipt.split('~')[1];
    expect(await signer.verify(`${head}~${otherClaims}~${proof}`)).toMatchObject({ valid: false, reason: expect.stringMatching(/altered or forged/) });
    const [, ownClaims] = signed[3].receipt.split('~');
    expect(await signer.verify(`${head}~${ownClaims}~4.${proof.split('.').slice(1).join('.')}`)).toMatchObject({ valid: false });
  });

  it('rejects a receipt whose content was changed, or that another key signed', async () => {
    const signer = new ReceiptSigner(world.hubKeys());
    const { receipt } = await signer.sign(claims);
    const [head, encodedClaims, proof] = receipt.split('~');
    const altered = Buffer.from(JSON.stringify({ ...claims, consumerDept: 'HZ-GAJ' })).toString('base64url');
    expect(await signer.verify(`${head}~${altered}~${proof}`)).toMatchObject({ valid: false, reason: expect.stringMatching(/altered or forged/) });
    const [header, payload, signature] = head.split('.');
    const forgedRoot = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), root: leafHash(Buffer.from(altered, 'base64url')).toString('base64url') })).toString('base64url');
    expect(await signer.verify(`${header}.${forgedRoot}.${signature}~${altered}~${proof}`)).toMatchObject({ valid: false, reason: expect.stringMatching(/altered or forged/) });
    const foreign = Buffer.from(JSON.stringify({ alg: 'ES256', typ: 'sharehub-receipt-batch+jwt', kid: 'feedfacefeedface' })).toString('base64url');
    expect(await signer.verify(`${foreign}.${payload}.${signature}~${encodedClaims}~${proof}`)).toMatchObject({ valid: false, reason: 'Signed by a key this hub does not hold' });
    expect(await signer.verify('not.a.receipt')).toMatchObject({ valid: false });
    expect(await signer.verify(`${head}~${encodedClaims}`)).toMatchObject({ valid: false });
    expect(await signer.verify(`${head}~${encodedClaims}~x`)).toMatchObject({ valid: false });
  });

  it('still verifies a receipt signed on its own, as receipts were before batches', async () => {
    const signer = new ReceiptSigner(world.hubKeys());
    const key = await world.hubKeys().signing('receipt');
    const legacy = await new CompactSign(Buffer.from(JSON.stringify({ ...claims, iat: Date.parse(claims.issuedAt) / 1000, iss: 'sharehub' })))
      .setProtectedHeader({ alg: 'ES256', typ: 'sharehub-receipt+jwt', kid: key.kid })
      .sign(key.privateKey);
    expect(await signer.verify(legacy)).toEqual({ valid: true, keyId: key.kid, claims });
    const [header, payload, signature] = legacy.split('.');
    const altered = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), consumerDept: 'HZ-GAJ' })).toString('base64url');
    expect(await signer.verify(`${header}.${altered}.${signature}`)).toMatchObject({ valid: false, reason: expect.stringMatching(/altered or forged/) });
  });

  it('after `keys rotate receipt` new receipts carry the new kid, old ones still verify, and the rotation is audited', async () => {
    const before = new ReceiptSigner(world.hubKeys());
    const old = await before.sign(claims);

    const rotated = await world.cli('rotate', 'receipt', '--operator', 'key-officer', '--reason', '年度轮换');
    expect(rotated).toMatchObject({ code: 0 });
    expect(rotated.stdout).toMatch(/generation 1 \(\w+\) retired, generation 2 \(\w+\) current/);

    // A hub process started after the rotation (a running one takes it within 30 s).
    const after = new ReceiptSigner(world.hubKeys());
    const fresh = await after.sign(claims);
    expect(fresh.keyId).not.toBe(old.keyId);
    expect(await after.verify(old.receipt)).toMatchObject({ valid: true, keyId: old.keyId });
    expect(await after.verify(fresh.receipt)).toMatchObject({ valid: true, keyId: fresh.keyId });

    // Both verify with plain jose and the JWKS the hub publishes: the old key stays in it.
    const published = await publishedJwks(world.hubKeys());
    expect(published.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([old.keyId, fresh.keyId]));
    const jwks = createLocalJWKSet(published);
    for (const receipt of [old.receipt, fresh.receipt]) await expect(compactVerify(receipt.split('~')[0], jwks)).resolves.toBeTruthy();

    const [event] = await world.database.query<{ kind: string; action: string; principal_sub: string; target: string; reason: string; details: Record<string, unknown> }>(
      "SELECT kind, action, principal_sub, target, reason, details FROM audit_event WHERE action = 'KEY_ROTATE'",
    );
    expect(event).toMatchObject({ kind: 'ADMIN', action: 'KEY_ROTATE', target: 'receipt', reason: '年度轮换', details: { kind: 'receipt', generation: 2, kid: fresh.keyId, previousKid: old.keyId } });
    expect(event.principal_sub).toMatch(/^cli:key-officer@/);

    const listed = await world.cli('list', '--json');
    const receipts = (JSON.parse(listed.stdout) as { kind: string; kid: string; retired: string | null }[]).filter((k) => k.kind === 'receipt');
    expect(receipts).toEqual([expect.objectContaining({ kid: old.keyId, retired: expect.any(String) }), expect.objectContaining({ kid: fresh.keyId, retired: null })]);
  });

  it('two processes rotating at once make two generations one after the other, exactly one current', async () => {
    const other = await keysWorld();
    try {
      await other.hubKeys().list('receipt');
      await Promise.all([other.hubKeys().rotate('receipt'), other.hubKeys().rotate('receipt')]);
      const generations = await other.hubKeys().list('receipt');
      expect(generations.map((g) => [g.generation, g.retiredAt === null])).toEqual([
        [1, false],
        [2, false],
        [3, true],
      ]);
      expect(new Set(generations.map((g) => g.kid)).size).toBe(3);
    } finally {
      await other.close();
    }
  });

  it('a hub whose key file was replaced instead of rotated refuses to start, naming the problem', async () => {
    const other = await keysWorld();
    try {
      const file = join(other.config.dataDir, 'receipt-configured.pem');
      const writeKey = () => writeFileSync(file, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
      writeKey();
      const env = { SHAREHUB_RECEIPT_KEY_FILE: file, SHAREHUB_DATA_DIR: other.config.dataDir };
      const first = await startTestHub(env, { databaseUrl: other.database.url });
      await first.close();
      writeKey(); // the operator swaps the file instead of running `npm run keys -- rotate receipt`
      await expect(startTestHub(env, { databaseUrl: other.database.url })).rejects.toThrow(/receipt key file of generation 1 holds key \w+, but \w+ is registered: a key is changed by `npm run keys -- rotate`/);
    } finally {
      await other.close();
    }
  });
});

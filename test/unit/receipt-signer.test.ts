import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { loadConfig } from '../../src/config/config.js';
import { ReceiptSigner, type ReceiptClaims } from '../../src/exchange/receipt-signer.js';

describe('disclosure receipts', () => {
  const signer = new ReceiptSigner(loadConfig({ NODE_ENV: 'test', SHAREHUB_DATA_DIR: mkdtempSync(join(tmpdir(), 'sharehub-receipt-')) }));
  const claims: ReceiptClaims = {
    requestId: 'case-2026-000123',
    consumerDept: 'HZ-XZFWZX',
    principal: 'HZ-XZFWZX:window-7',
    subjectHash: 'ab'.repeat(32),
    items: [{ itemCode: '101001/000001/002', asOf: '2026-01-05T00:00:00.000Z' }],
    issuedAt: '2026-11-27T09:00:00.000Z',
  };

  it('is a compact JWS (ES256, typ and kid in the header) that a standard JOSE library verifies', () => {
    const { receipt } = signer.sign(claims);
    const decoded = jwt.decode(receipt, { complete: true })!;
    expect(decoded.header).toEqual({ alg: 'ES256', typ: 'sharehub-receipt+jwt', kid: signer.keyId });
    const payload = jwt.verify(receipt, signer.publicKey, { algorithms: ['ES256'], issuer: 'sharehub' }) as jwt.JwtPayload;
    expect(payload).toMatchObject({ ...claims, iss: 'sharehub' });
    expect(Math.abs(payload.iat! - Date.now() / 1000)).toBeLessThan(5);
  });

  it('verifies its own receipts and rejects one whose content was changed', () => {
    const { receipt } = signer.sign(claims);
    expect(signer.verify(receipt)).toEqual({ valid: true, keyId: signer.keyId, claims });
    const [header, payload, signature] = receipt.split('.');
    const altered = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), consumerDept: 'HZ-GAJ' })).toString('base64url');
    expect(signer.verify(`${header}.${altered}.${signature}`)).toMatchObject({ valid: false, reason: expect.stringMatching(/altered or forged/) });
  });
});

import { generateKeyPairSync, sign } from 'node:crypto';
import { compactVerify, exportJWK, createLocalJWKSet } from 'jose';
import { checkpointJws, checkpointSignatureValid, legacyV1Payload, signCheckpoint } from '../../src/audit/checkpoint-format.js';

describe('checkpoint signatures', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const root = Buffer.alloc(32, 7);

  it('are compact JWS that plain jose verifies, rebuilt byte for byte from the stored fields', async () => {
    const checkpoint = await signCheckpoint({ kid: 'cp-1', privateKey }, 42, root, 1_767_225_600_000);
    const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'cp-1', alg: 'EdDSA' }] });
    const { payload } = await compactVerify(checkpointJws(checkpoint), jwks);
    expect(Buffer.from(payload).toString()).toBe(`sharehub-audit-checkpoint/v2\n42\n${root.toString('hex')}\n1767225600000\n`);
    expect(await checkpointSignatureValid(checkpoint, publicKey)).toBe(true);
    expect(await checkpointSignatureValid({ ...checkpoint, treeSize: 43 }, publicKey)).toBe(false);
    expect(await checkpointSignatureValid({ ...checkpoint, keyId: 'cp-2' }, publicKey)).toBe(false);
    expect(await checkpointSignatureValid(checkpoint, generateKeyPairSync('ed25519').publicKey)).toBe(false);
  });

  it('still accept checkpoints signed before they were JWS (v1), and only untouched ones', async () => {
    const signature = sign(null, Buffer.from(legacyV1Payload(5, root, 1_700_000_000_000)), privateKey);
    expect(legacyV1Payload(5, root, 1_700_000_000_000)).toBe(`sharehub-audit-checkpoint/v1\n5\n${root.toString('hex')}\n1700000000000\n`);
    const legacy = { treeSize: 5, rootHash: root, timestamp: 1_700_000_000_000, keyId: 'cp-1', signature };
    expect(await checkpointSignatureValid(legacy, publicKey)).toBe(true);
    expect(await checkpointSignatureValid({ ...legacy, timestamp: 1_700_000_000_001 }, publicKey)).toBe(false);
  });
});

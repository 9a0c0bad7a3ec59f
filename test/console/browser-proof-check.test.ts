import { generateKeyPairSync } from 'node:crypto';
import { checkpointJws, checkpointPayload, signCheckpoint } from '../../src/audit/checkpoint-format.js';
import { inclusionRanges, leafHash, rootOf } from '../../src/audit/merkle.js';
import { keyIdOf } from '../../src/config/key-store.js';
import { checkpointSignatureValid, keyIdOfPem, rootFromInclusionProof } from '../../console/src/lib/merkle.js';

// The console's in-browser checks (WebCrypto, as in the browser) against the hub's own Merkle tree
// and checkpoint signatures: they accept what the hub proves and refuse anything altered.

const leaves = Array.from({ length: 13 }, (_, i) => leafHash(`event-${i}`));
const root = rootOf(leaves).toString('hex');
const proof = (m: number, n = leaves.length) => inclusionRanges(m, n).map(([s, e]) => rootOf(leaves, s, e).toString('hex'));

describe('console RFC 9162 inclusion check (WebCrypto)', () => {
  it('leads every leaf of trees of every size to the hub root', async () => {
    for (let n = 1; n <= leaves.length; n++) {
      const expected = rootOf(leaves, 0, n).toString('hex');
      for (let m = 0; m < n; m++) await expect(rootFromInclusionProof(m, n, leaves[m].toString('hex'), proof(m, n))).resolves.toBe(expected);
    }
  });

  it('does not reach the root from a changed leaf, a changed path, a wrong index or a short path', async () => {
    const path = proof(5);
    await expect(rootFromInclusionProof(5, 13, leafHash('forged').toString('hex'), path)).resolves.not.toBe(root);
    const altered = [...path];
    altered[1] = altered[1].replace(/^./, (c) => (c === '0' ? '1' : '0'));
    await expect(rootFromInclusionProof(5, 13, leaves[5].toString('hex'), altered)).resolves.not.toBe(root);
    await expect(rootFromInclusionProof(6, 13, leaves[5].toString('hex'), path)).resolves.not.toBe(root);
    await expect(rootFromInclusionProof(5, 13, leaves[5].toString('hex'), path.slice(1))).resolves.toBeUndefined();
    await expect(rootFromInclusionProof(13, 13, leaves[5].toString('hex'), path)).resolves.toBeUndefined();
  });

  it('verifies the checkpoint JWS (Ed25519) and key id as the hub signs them, and refuses a changed payload or another key', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const checkpoint = await signCheckpoint({ kid: keyIdOf(publicKey), privateKey }, 13, Buffer.from(root, 'hex'), 1_767_225_600_000);
    const payload = checkpointPayload(13, Buffer.from(root, 'hex'), 1_767_225_600_000);
    const jws = checkpointJws(checkpoint);
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    await expect(checkpointSignatureValid(pem, payload, jws)).resolves.toBe(true);
    await expect(checkpointSignatureValid(pem, payload.replace('\n13\n', '\n14\n'), jws)).resolves.toBe(false);
    const forged = checkpointJws({ ...checkpoint, treeSize: 14 });
    await expect(checkpointSignatureValid(pem, checkpointPayload(14, Buffer.from(root, 'hex'), 1_767_225_600_000), forged)).resolves.toBe(false);
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    await expect(checkpointSignatureValid(other, payload, jws)).resolves.toBe(false);
    await expect(keyIdOfPem(pem)).resolves.toBe(keyIdOf(publicKey));
  });
});

import { generateKeyPairSync, sign } from 'node:crypto';
import { checkpointPayload } from '../../src/audit/checkpoint-format.js';
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

  it('verifies the checkpoint Ed25519 signature and key id as the hub makes them, and refuses a changed payload', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const payload = checkpointPayload(13, Buffer.from(root, 'hex'), 1_767_225_600_000);
    const signature = sign(null, Buffer.from(payload), privateKey).toString('base64');
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    await expect(checkpointSignatureValid(pem, payload, signature)).resolves.toBe(true);
    await expect(checkpointSignatureValid(pem, payload.replace('\n13\n', '\n14\n'), signature)).resolves.toBe(false);
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    await expect(checkpointSignatureValid(other, payload, signature)).resolves.toBe(false);
    await expect(keyIdOfPem(pem)).resolves.toBe(keyIdOf(publicKey));
  });
});

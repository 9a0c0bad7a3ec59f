import { verify, type KeyObject } from 'node:crypto';
import { CompactSign, compactVerify, type CryptoKey } from 'jose';

/** A signed tree head: the hub's statement that the log had `treeSize` leaves with `rootHash` at `timestamp`. */
export interface SignedCheckpoint {
  treeSize: number;
  rootHash: Buffer;
  /** Milliseconds since the epoch (the database clock when signed). */
  timestamp: number;
  keyId: string;
  /** The JWS signature (Ed25519) over the checkpoint's compact JWS signing input. */
  signature: Buffer;
}

export const CHECKPOINT_HEADER = 'sharehub-audit-checkpoint/v2';
export const CHECKPOINT_TYPE = 'sharehub-checkpoint+jws';

/** The checkpoint statement, the JWS payload: four lines, each ending in \n. */
export function checkpointPayload(treeSize: number, rootHash: Buffer, timestamp: number): string {
  return `${CHECKPOINT_HEADER}\n${treeSize}\n${rootHash.toString('hex')}\n${timestamp}\n`;
}

/** The protected header of every checkpoint signed with key `kid`: fixed, so only the signature is stored. */
function protectedHeader(kid: string) {
  return { alg: 'EdDSA', kid, typ: CHECKPOINT_TYPE };
}

/** The checkpoint as a compact JWS (EdDSA): any JOSE library verifies it with the hub's JWKS. */
export function checkpointJws(checkpoint: Omit<SignedCheckpoint, 'signature'> & { signature: Buffer }): string {
  const header = Buffer.from(JSON.stringify(protectedHeader(checkpoint.keyId))).toString('base64url');
  const payload = Buffer.from(checkpointPayload(checkpoint.treeSize, checkpoint.rootHash, checkpoint.timestamp)).toString('base64url');
  return `${header}.${payload}.${checkpoint.signature.toString('base64url')}`;
}

export async function signCheckpoint(key: { kid: string; privateKey: CryptoKey | KeyObject }, treeSize: number, rootHash: Buffer, timestamp: number): Promise<SignedCheckpoint> {
  const jws = await new CompactSign(new TextEncoder().encode(checkpointPayload(treeSize, rootHash, timestamp)))
    .setProtectedHeader(protectedHeader(key.kid))
    .sign(key.privateKey);
  const [header, payload, signature] = jws.split('.');
  const checkpoint = { treeSize, rootHash, timestamp, keyId: key.kid, signature: Buffer.from(signature, 'base64url') };
  // Only the signature is stored; the rest of the JWS must come back byte for byte.
  if (checkpointJws(checkpoint) !== `${header}.${payload}.${signature}`) throw new Error('checkpoint JWS is not reproducible from its fields');
  return checkpoint;
}

/**
 * Checks the checkpoint's JWS with a public key (jose; the payload must be this checkpoint's).
 * Checkpoints signed before they were JWS (v1: a bare Ed25519 signature over the v1 statement) are
 * still accepted, so a log kept across the upgrade verifies whole.
 */
export async function checkpointSignatureValid(checkpoint: Omit<SignedCheckpoint, 'keyId'> & { keyId: string }, publicKey: KeyObject | CryptoKey): Promise<boolean> {
  try {
    const { payload } = await compactVerify(checkpointJws(checkpoint), publicKey, { algorithms: ['EdDSA'] });
    return Buffer.from(payload).toString('utf8') === checkpointPayload(checkpoint.treeSize, checkpoint.rootHash, checkpoint.timestamp);
  } catch {
    return legacyV1SignatureValid(checkpoint, publicKey);
  }
}

/** The v1 statement: the same four lines under the v1 header, signed without a JWS envelope. */
export function legacyV1Payload(treeSize: number, rootHash: Buffer, timestamp: number): string {
  return checkpointPayload(treeSize, rootHash, timestamp).replace(CHECKPOINT_HEADER, 'sharehub-audit-checkpoint/v1');
}

function legacyV1SignatureValid(checkpoint: Omit<SignedCheckpoint, 'keyId'>, publicKey: KeyObject | CryptoKey): boolean {
  if (!('export' in publicKey)) return false;
  try {
    return verify(null, Buffer.from(legacyV1Payload(checkpoint.treeSize, checkpoint.rootHash, checkpoint.timestamp)), publicKey, checkpoint.signature);
  } catch {
    return false;
  }
}

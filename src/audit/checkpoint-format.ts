import { sign, verify, type KeyObject } from 'node:crypto';
import type { SigningKey } from '../config/key-store.js';

/** A signed tree head: the hub's statement that the log had `treeSize` leaves with `rootHash` at `timestamp`. */
export interface SignedCheckpoint {
  treeSize: number;
  rootHash: Buffer;
  /** Milliseconds since the epoch (the database clock when signed). */
  timestamp: number;
  keyId: string;
  signature: Buffer;
}

export const CHECKPOINT_HEADER = 'sharehub-audit-checkpoint/v1';

/** The exact bytes the Ed25519 signature covers: four lines, each ending in \n. */
export function checkpointPayload(treeSize: number, rootHash: Buffer, timestamp: number): string {
  return `${CHECKPOINT_HEADER}\n${treeSize}\n${rootHash.toString('hex')}\n${timestamp}\n`;
}

export function signCheckpoint(key: SigningKey, treeSize: number, rootHash: Buffer, timestamp: number): SignedCheckpoint {
  const signature = sign(null, Buffer.from(checkpointPayload(treeSize, rootHash, timestamp)), key.privateKey);
  return { treeSize, rootHash, timestamp, keyId: key.kid, signature };
}

export function checkpointSignatureValid(checkpoint: Omit<SignedCheckpoint, 'keyId'>, publicKey: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(checkpointPayload(checkpoint.treeSize, checkpoint.rootHash, checkpoint.timestamp)), publicKey, checkpoint.signature);
  } catch {
    return false;
  }
}

import type { KeyObject } from 'node:crypto';
import { keyIdOf } from '../config/key-store.js';
import { checkpointSignatureValid } from './checkpoint-format.js';
import { verifyConsistency, verifyInclusion } from './merkle.js';

/** The JSON of an AuditCheckpoint as the API returns it. */
export interface CheckpointJson {
  treeSize: number;
  rootHash: string;
  timestamp: string;
  keyId: string;
  signature: string;
}

export interface InclusionProofJson {
  eventId?: string;
  leafIndex: number;
  treeSize: number;
  leafHash: string;
  rootHash: string;
  path: string[];
  checkpoint: CheckpointJson | null;
}

export interface ConsistencyProofJson {
  fromSize: number;
  toSize: number;
  fromRoot: string;
  toRoot: string;
  path: string[];
  fromCheckpoint: CheckpointJson | null;
  toCheckpoint: CheckpointJson | null;
}

export type ProofCheck = { ok: true; message: string } | { ok: false; message: string };

const HASH = /^[0-9a-f]{64}$/i;

/**
 * Checks a proof document offline with nothing but the hub's public key: the checkpoint's
 * JWS signature (EdDSA, checked by jose), that the proof's root is the signed root, and the RFC 9162 proof itself.
 * Accepts the bare proof object or a whole GraphQL response ({ data: { auditProof | auditConsistency } }).
 */
export async function checkProofDocument(document: unknown, publicKey: KeyObject): Promise<ProofCheck> {
  const data = (document as { data?: Record<string, unknown> })?.data;
  const proof = (data?.auditProof ?? data?.auditConsistency ?? document) as Record<string, unknown> | null;
  if (!proof || typeof proof !== 'object') return { ok: false, message: 'not a proof document' };
  try {
    if ('leafHash' in proof) return await checkInclusion(proof as unknown as InclusionProofJson, publicKey);
    if ('fromSize' in proof) return await checkConsistency(proof as unknown as ConsistencyProofJson, publicKey);
  } catch (error) {
    return { ok: false, message: `malformed proof: ${(error as Error).message}` };
  }
  return { ok: false, message: 'not an inclusion or consistency proof (no leafHash / fromSize)' };
}

function hash(value: unknown, what: string): Buffer {
  if (typeof value !== 'string' || !HASH.test(value)) throw new Error(`${what} is not a 32-byte hex hash`);
  return Buffer.from(value, 'hex');
}

async function checkSigned(checkpoint: CheckpointJson | null, size: number, root: Buffer, publicKey: KeyObject, what: string): Promise<string | undefined> {
  if (!checkpoint) return `${what}: no signed checkpoint of size ${size} in the document`;
  if (checkpoint.treeSize !== size) return `${what}: the checkpoint is of size ${checkpoint.treeSize}, the proof of size ${size}`;
  if (!hash(checkpoint.rootHash, `${what} checkpoint root`).equals(root)) return `${what}: the proof's root is not the signed root`;
  const timestamp = Date.parse(checkpoint.timestamp);
  if (!Number.isFinite(timestamp)) return `${what}: the checkpoint time is not a timestamp`;
  const kid = keyIdOf(publicKey);
  if (checkpoint.keyId !== kid) return `${what}: signed by key ${checkpoint.keyId}, not by the given public key ${kid}`;
  const valid = await checkpointSignatureValid({ treeSize: size, rootHash: root, timestamp, keyId: checkpoint.keyId, signature: Buffer.from(checkpoint.signature, 'base64') }, publicKey);
  return valid ? undefined : `${what}: the checkpoint signature is not valid`;
}

async function checkInclusion(proof: InclusionProofJson, publicKey: KeyObject): Promise<ProofCheck> {
  const root = hash(proof.rootHash, 'rootHash');
  const unsigned = await checkSigned(proof.checkpoint, proof.treeSize, root, publicKey, 'inclusion');
  if (unsigned) return { ok: false, message: unsigned };
  const path = (proof.path ?? []).map((entry, i) => hash(entry, `path[${i}]`));
  if (!verifyInclusion(proof.leafIndex, proof.treeSize, hash(proof.leafHash, 'leafHash'), path, root)) {
    return { ok: false, message: `the inclusion proof does not lead from leaf ${proof.leafIndex} to the signed root of size ${proof.treeSize}` };
  }
  return {
    ok: true,
    message: `event ${proof.eventId ?? '(id not given)'} with leaf hash ${proof.leafHash} is leaf ${proof.leafIndex} of the log of size ${proof.treeSize} signed at ${proof.checkpoint!.timestamp} by key ${proof.checkpoint!.keyId}`,
  };
}

async function checkConsistency(proof: ConsistencyProofJson, publicKey: KeyObject): Promise<ProofCheck> {
  const fromRoot = hash(proof.fromRoot, 'fromRoot');
  const toRoot = hash(proof.toRoot, 'toRoot');
  const problem =
    (await checkSigned(proof.fromCheckpoint, proof.fromSize, fromRoot, publicKey, 'from')) ?? (await checkSigned(proof.toCheckpoint, proof.toSize, toRoot, publicKey, 'to'));
  if (problem) return { ok: false, message: problem };
  const path = (proof.path ?? []).map((entry, i) => hash(entry, `path[${i}]`));
  if (!verifyConsistency(proof.fromSize, proof.toSize, fromRoot, toRoot, path)) {
    return { ok: false, message: `the log of size ${proof.toSize} does not extend the log of size ${proof.fromSize}: the proof fails` };
  }
  return { ok: true, message: `the signed log of size ${proof.toSize} extends the signed log of size ${proof.fromSize} (append-only between them)` };
}

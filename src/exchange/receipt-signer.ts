import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CompactSign, errors, jwtVerify, type JWTPayload } from 'jose';
import { inclusionRanges, leafHash, nodeHash, splitPoint, verifyInclusion, type Range } from '../audit/merkle.js';
import { HubKeys } from '../keys/hub-keys.js';

/** What a disclosure receipt says: who received which items about whom, as of when. */
export interface ReceiptClaims {
  requestId: string;
  consumerDept: string;
  principal: string;
  /** Keyed hash of the subject identifier (the same reference the audit log stores). */
  subjectHash: string;
  items: { itemCode: string; asOf: string }[];
  issuedAt: string;
}

export type ReceiptCheck = { valid: true; claims: ReceiptClaims; keyId: string } | { valid: false; reason: string };

export interface SignedReceipt {
  receipt: string;
  /** SHA-256 of the receipt string, which the audit event stores. */
  hash: string;
  keyId: string;
}

export const RECEIPT_ISSUER = 'sharehub';
/** A receipt signed on its own (before receipts were signed in batches); still verified. */
export const RECEIPT_TYPE = 'sharehub-receipt+jwt';
/** The signed head of a batch of receipts: the Merkle root over their claims. */
export const RECEIPT_BATCH_TYPE = 'sharehub-receipt-batch+jwt';
const MAX_RECEIPT_LENGTH = 64 * 1024;
/** Receipts under one signature at most; a batch's proofs are log2 of this long. */
const MAX_BATCH = 256;

interface BatchHead extends JWTPayload {
  /** base64url of the RFC 9162 Merkle root over the batch's claims (leaf = the claims' bytes). */
  root: string;
  size: number;
}

interface Pending {
  claims: Buffer;
  issuedAt: number;
  resolve: (signed: SignedReceipt) => void;
  reject: (error: unknown) => void;
}

/**
 * Signs disclosure receipts and checks them. A receipt lets a consumer prove later exactly what it
 * was given; the audit event stores its hash.
 *
 * Receipts are signed in batches, as X-Road's security servers sign messages: the receipts asked
 * for while a signature is made wait for the next one, and one ES256 signature (jose, the current
 * generation of the hub's receipt key, named by `kid`) covers the RFC 9162 Merkle root over all of
 * them. A receipt is `<batch head JWS>~<claims>~<index>.<path>`: any JOSE library checks the head
 * with /.well-known/sharehub/jwks.json, and the claims' leaf hash with the inclusion path must give
 * its root (docs/keys.md, "Receipts"). One signature per batch instead of one per receipt is what
 * a lookup under load, a lookupBatch of 100 subjects and a case bundle of many materials save.
 * Nothing waits for a batch to fill: the first receipt of an idle moment is signed at the end of
 * the event-loop turn, alone or with whatever else arrived in that turn.
 */
@Injectable()
export class ReceiptSigner {
  private pending: Pending[] = [];
  private signing = false;

  constructor(@Inject(HubKeys) private readonly keys: HubKeys) {}

  sign(claims: ReceiptClaims): Promise<SignedReceipt> {
    const { requestId, consumerDept, principal, subjectHash, items, issuedAt } = claims;
    const bytes = Buffer.from(JSON.stringify({ requestId, consumerDept, principal, subjectHash, items, issuedAt }));
    return new Promise((resolve, reject) => {
      this.pending.push({ claims: bytes, issuedAt: Date.parse(issuedAt), resolve, reject });
      if (!this.signing && this.pending.length === 1) setImmediate(() => void this.signPending());
    });
  }

  private async signPending(): Promise<void> {
    this.signing = true;
    try {
      while (this.pending.length) {
        const batch = this.pending.splice(0, MAX_BATCH);
        try {
          settle(batch, await this.signBatch(batch));
        } catch (error) {
          for (const waiting of batch) waiting.reject(error);
        }
      }
    } finally {
      this.signing = false;
    }
  }

  private async signBatch(batch: Pending[]): Promise<{ receipts: string[]; keyId: string }> {
    const key = await this.keys.signing('receipt');
    const leaves = batch.map((waiting) => leafHash(waiting.claims));
    const subtree = memoizedRoots(leaves);
    // iat is the latest claims' issuedAt, which the callers took from the hub's Clock: one source of "now".
    const head: BatchHead = { iss: RECEIPT_ISSUER, iat: Math.floor(Math.max(...batch.map((waiting) => waiting.issuedAt)) / 1000), root: subtree([0, leaves.length]).toString('base64url'), size: leaves.length };
    const jws = await new CompactSign(Buffer.from(JSON.stringify(head)))
      .setProtectedHeader({ alg: 'ES256', typ: RECEIPT_BATCH_TYPE, kid: key.kid })
      .sign(key.privateKey);
    const receipts = batch.map((waiting, index) => {
      const path = inclusionRanges(index, leaves.length).map((range) => subtree(range).toString('base64url'));
      return [`${jws}~${waiting.claims.toString('base64url')}~${index}`, ...path].join('.');
    });
    return { receipts, keyId: key.kid };
  }

  async verify(receipt: string): Promise<ReceiptCheck> {
    if (typeof receipt !== 'string' || receipt.length > MAX_RECEIPT_LENGTH) return { valid: false, reason: 'Receipt is too long' };
    const parts = receipt.trim().split('~');
    if (parts.length === 1) return this.verifySingle(parts[0]);
    if (parts.length !== 3) return { valid: false, reason: 'Not a receipt (malformed JWS)' };
    const [jws, encodedClaims, proof] = parts;
    const head = await this.verifySignature<BatchHead>(jws, RECEIPT_BATCH_TYPE);
    if (!head.valid) return head;
    const [index, ...path] = proof.split('.');
    const claims = Buffer.from(encodedClaims, 'base64url');
    const included =
      typeof head.payload.root === 'string' &&
      /^\d{1,9}$/.test(index) &&
      verifyInclusion(Number(index), Number(head.payload.size), leafHash(claims), path.map((node) => Buffer.from(node, 'base64url')), Buffer.from(head.payload.root, 'base64url'));
    if (!included) return { valid: false, reason: 'Signature does not match the content (altered or forged)' };
    try {
      return { valid: true, keyId: head.keyId, claims: claimsOf(JSON.parse(claims.toString('utf8')) as ReceiptClaims) };
    } catch {
      return { valid: false, reason: 'Not a receipt (malformed JWS)' };
    }
  }

  /** A receipt from before batches: one compact JWS whose payload is the claims. */
  private async verifySingle(jws: string): Promise<ReceiptCheck> {
    const checked = await this.verifySignature<ReceiptClaims & JWTPayload>(jws, RECEIPT_TYPE);
    return checked.valid ? { valid: true, keyId: checked.keyId, claims: claimsOf(checked.payload) } : checked;
  }

  private async verifySignature<T extends JWTPayload>(jws: string, typ: string): Promise<{ valid: true; payload: T; keyId: string } | { valid: false; reason: string }> {
    let keyId = '';
    try {
      const { payload } = await jwtVerify<T>(
        jws,
        async (header) => {
          if (header.typ !== typ) throw new NotAReceipt('Not a sharehub receipt');
          const key = typeof header.kid === 'string' ? await this.keys.verificationKey('receipt', header.kid) : undefined;
          if (!key) throw new NotAReceipt('Signed by a key this hub does not hold');
          keyId = header.kid!;
          return key;
        },
        { algorithms: ['ES256'], issuer: RECEIPT_ISSUER, typ },
      );
      return { valid: true, payload, keyId };
    } catch (error) {
      if (error instanceof NotAReceipt) return { valid: false, reason: error.message };
      if (error instanceof errors.JWSSignatureVerificationFailed) return { valid: false, reason: 'Signature does not match the content (altered or forged)' };
      if (error instanceof errors.JWTClaimValidationFailed) return { valid: false, reason: 'Not a sharehub receipt (issuer)' };
      return { valid: false, reason: 'Not a receipt (malformed JWS)' };
    }
  }
}

function settle(batch: Pending[], { receipts, keyId }: { receipts: string[]; keyId: string }): void {
  batch.forEach((waiting, index) => {
    const receipt = receipts[index];
    waiting.resolve({ receipt, hash: createHash('sha256').update(receipt).digest('hex'), keyId });
  });
}

/** Subtree roots (RFC 9162 MTH) of one batch, each hashed once however many inclusion paths share it. */
function memoizedRoots(leaves: Buffer[]): (range: Range) => Buffer {
  const known = new Map<number, Buffer>();
  const root = ([start, end]: Range): Buffer => {
    if (end - start === 1) return leaves[start];
    const id = start * (leaves.length + 1) + end;
    let hash = known.get(id);
    if (!hash) {
      const split = start + splitPoint(end - start);
      hash = nodeHash(root([start, split]), root([split, end]));
      known.set(id, hash);
    }
    return hash;
  };
  return root;
}

function claimsOf({ requestId, consumerDept, principal, subjectHash, items, issuedAt }: ReceiptClaims): ReceiptClaims {
  return { requestId, consumerDept, principal, subjectHash, items, issuedAt };
}

class NotAReceipt extends Error {}

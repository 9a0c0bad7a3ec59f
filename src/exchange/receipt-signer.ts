import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CompactSign, errors, jwtVerify, type JWTPayload } from 'jose';
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

export const RECEIPT_ISSUER = 'sharehub';
export const RECEIPT_TYPE = 'sharehub-receipt+jwt';
const MAX_RECEIPT_LENGTH = 64 * 1024;
const encoder = new TextEncoder();

/**
 * Signs disclosure receipts (compact JWS, ES256, the current generation of the hub's receipt key,
 * named by `kid`) and checks them against every generation ever used, so a receipt stays
 * verifiable after the key is rotated. The public keys are in /.well-known/sharehub/jwks.json:
 * any JOSE library verifies a receipt with them. A receipt lets a consumer prove later exactly
 * what it was given; the audit event stores the receipt's hash.
 */
@Injectable()
export class ReceiptSigner {
  constructor(@Inject(HubKeys) private readonly keys: HubKeys) {}

  async sign(claims: ReceiptClaims): Promise<{ receipt: string; hash: string; keyId: string }> {
    const key = await this.keys.signing('receipt');
    // iat is the claims' issuedAt, which the caller took from the hub's Clock: one source of "now".
    const payload = { ...claims, iat: Math.floor(Date.parse(claims.issuedAt) / 1000), iss: RECEIPT_ISSUER };
    const receipt = await new CompactSign(encoder.encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: 'ES256', typ: RECEIPT_TYPE, kid: key.kid })
      .sign(key.privateKey);
    return { receipt, hash: createHash('sha256').update(receipt).digest('hex'), keyId: key.kid };
  }

  async verify(receipt: string): Promise<ReceiptCheck> {
    if (typeof receipt !== 'string' || receipt.length > MAX_RECEIPT_LENGTH) return { valid: false, reason: 'Receipt is too long' };
    let keyId = '';
    try {
      const { payload } = await jwtVerify<JWTPayload & ReceiptClaims>(
        receipt.trim(),
        async (header) => {
          if (header.typ !== RECEIPT_TYPE) throw new NotAReceipt('Not a sharehub receipt');
          const key = typeof header.kid === 'string' ? await this.keys.verificationKey('receipt', header.kid) : undefined;
          if (!key) throw new NotAReceipt('Signed by a key this hub does not hold');
          keyId = header.kid!;
          return key;
        },
        { algorithms: ['ES256'], issuer: RECEIPT_ISSUER, typ: RECEIPT_TYPE },
      );
      const { requestId, consumerDept, principal, subjectHash, items, issuedAt } = payload;
      return { valid: true, keyId, claims: { requestId, consumerDept, principal, subjectHash, items, issuedAt } };
    } catch (error) {
      if (error instanceof NotAReceipt) return { valid: false, reason: error.message };
      if (error instanceof errors.JWSSignatureVerificationFailed) return { valid: false, reason: 'Signature does not match the content (altered or forged)' };
      if (error instanceof errors.JWTClaimValidationFailed) return { valid: false, reason: 'Not a sharehub receipt (issuer)' };
      return { valid: false, reason: 'Not a receipt (malformed JWS)' };
    }
  }
}

class NotAReceipt extends Error {}

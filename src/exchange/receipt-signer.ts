import { createHash, createPublicKey, sign as signBytes, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { ConfigError } from '../config/config.js';
import { keyIdOf, loadOrCreateSigningKey, signingKeyFromPem, type SigningKey } from '../config/key-store.js';

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

const ISSUER = 'sharehub';
const TYPE = 'sharehub-receipt+jwt';

/**
 * Signs disclosure receipts (JWS, ES256, the hub's receipt key) and checks them. A receipt lets a
 * consumer prove later exactly what it was given; the audit event stores the receipt's hash.
 */
@Injectable()
export class ReceiptSigner {
  private readonly key: SigningKey;
  /** The protected header never changes for a key: encoded once. */
  private readonly encodedHeader: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    if (config.exchange.receiptKeyFile) this.key = signingKeyFromPem(readFileSync(config.exchange.receiptKeyFile, 'utf8'));
    else if (config.nodeEnv === 'production') throw new ConfigError('SHAREHUB_RECEIPT_KEY_FILE', 'is required in production (PEM EC P-256 private key)');
    else this.key = loadOrCreateSigningKey(config.dataDir, 'receipt', 'ec-p256');
    if (this.key.alg !== 'ES256') throw new ConfigError('SHAREHUB_RECEIPT_KEY_FILE', 'must be an EC P-256 key');
    this.encodedHeader = base64url(JSON.stringify({ alg: 'ES256', typ: TYPE, kid: this.key.kid }));
  }

  get publicKey(): KeyObject {
    return this.key.publicKey;
  }

  get keyId(): string {
    return this.key.kid;
  }

  /**
   * The compact JWS jsonwebtoken would make (header alg/typ/kid; payload the claims, then `iat`
   * and `iss`), signed by node:crypto directly: in the running hub jsonwebtoken's option checks
   * and DER→JOSE conversion cost about as much again as the ECDSA signature itself.
   */
  sign(claims: ReceiptClaims): { receipt: string; hash: string } {
    const payload = { ...claims, iat: Math.floor(Date.now() / 1000), iss: ISSUER };
    const signingInput = `${this.encodedHeader}.${base64url(JSON.stringify(payload))}`;
    // JWS ES256 wants r‖s (64 bytes), which is what the ieee-p1363 encoding gives.
    const signature = signBytes('sha256', Buffer.from(signingInput), { key: this.key.privateKey, dsaEncoding: 'ieee-p1363' });
    const receipt = `${signingInput}.${signature.toString('base64url')}`;
    return { receipt, hash: createHash('sha256').update(receipt).digest('hex') };
  }

  verify(receipt: string): ReceiptCheck {
    if (receipt.length > 64 * 1024) return { valid: false, reason: 'Receipt is too long' };
    const decoded = jwt.decode(receipt, { complete: true });
    if (!decoded || typeof decoded.payload === 'string') return { valid: false, reason: 'Not a receipt (malformed JWS)' };
    if (decoded.header.typ !== TYPE) return { valid: false, reason: 'Not a sharehub receipt' };
    if (decoded.header.kid !== this.key.kid) return { valid: false, reason: 'Signed by a key this hub does not hold' };
    try {
      const payload = jwt.verify(receipt, this.key.publicKey, { algorithms: ['ES256'], issuer: ISSUER }) as jwt.JwtPayload & ReceiptClaims;
      const { requestId, consumerDept, principal, subjectHash, items, issuedAt } = payload;
      return { valid: true, keyId: this.key.kid, claims: { requestId, consumerDept, principal, subjectHash, items, issuedAt } };
    } catch {
      return { valid: false, reason: 'Signature does not match the content (altered or forged)' };
    }
  }

  /** The receipt key as a JWK, for anyone verifying receipts offline. */
  publicJwk(): Record<string, unknown> {
    return { ...createPublicKey(this.key.publicKey).export({ format: 'jwk' }), kid: keyIdOf(this.key.publicKey), alg: 'ES256', use: 'sig' };
  }
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}

/**
 * The signed certificate document (电子证照 with the issuer's electronic seal): a compact JWS
 * whose payload is the canonical JSON (RFC 8785, common/canonical-json.ts) of the
 * certificate's metadata and content, signed with the issuing department's seal key and naming
 * it by `kid`. Signed and verified by jose, so any JOSE library verifies a document with the
 * seal keys of seals.json. The hub, the offline verifier (`npm run verify-cert`) and the bench
 * share these functions; nothing here touches a database, a file or the network.
 */
import { createHash, type KeyObject, type JsonWebKey } from 'node:crypto';
import { CompactSign, compactVerify, decodeProtectedHeader, errors, importJWK, type CryptoKey } from 'jose';
import { canonicalJson } from '../common/canonical-json.js';
import { parseCertificateId } from '../common/identifiers/certificate-id.js';

export const DOCUMENT_TYPE = 'sharehub-certificate+jws';
export const PAYLOAD_VERSION = 'sharehub-certificate/v1';
/** Larger inputs are refused before any parsing. */
export const MAX_DOCUMENT_LENGTH = 256 * 1024;

export type CertificateStatus = 'VALID' | 'REVOKED' | 'EXPIRED';

/** One content field (证面信息) of a certificate, in catalogue order. */
export interface ContentField {
  item: string;
  name: string;
  value: string | null;
}

/** What the seal covers. Every value is a string or null, so the canonical form is unambiguous. */
export interface CertificatePayload {
  v: typeof PAYLOAD_VERSION;
  /** 证照标识 (GB/T 36904). */
  identifier: string;
  /** 证照编号. */
  number: string | null;
  /** 证照名称. */
  name: string;
  /** 证照类型代码. */
  typeCode: string;
  /** The catalogue resource of the certificate type. */
  resourceCode: string;
  holder: { name: string | null; code: string | null; codeType: string | null };
  issuedOn: string | null;
  validFrom: string | null;
  /** null: 长期 (no end). */
  validTo: string | null;
  /** 颁发机构: name and 统一社会信用代码 as the issuer states them, and its department in the hub. */
  issuer: { name: string | null; code: string; department: string };
  /** 管辖属地编码 (GB/T 2260). */
  regionCode: string | null;
  /** At sealing time: the issuer's status, overridden by a revocation in the hub or by expiry. */
  status: CertificateStatus;
  content: ContentField[];
  /** Item codes whose values the consumer's grant masks (the seal covers the masked value). */
  masked: string[];
  /** When the issuer's system says the record was current. */
  asOf: string;
  sealedAt: string;
  /** Who the copy was delivered to and for which case (调取单位, 办件编号). */
  delivery: { consumerDept: string; caseNo: string; requestId: string };
}

export interface JwsHeader {
  alg: 'EdDSA' | 'ES256';
  kid: string;
  typ: typeof DOCUMENT_TYPE;
}

/** The JWS algorithm a key signs with. */
export function algorithmOf(key: KeyObject): JwsHeader['alg'] {
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  throw new Error(`a seal key must be Ed25519 or EC P-256, not ${key.asymmetricKeyType}`);
}

/** Seals a payload: compact JWS over its canonical JSON (jose imports the key once per KeyObject). */
export function sealDocument(payload: CertificatePayload, key: { kid: string; privateKey: KeyObject }): Promise<string> {
  const header: JwsHeader = { alg: algorithmOf(key.privateKey), kid: key.kid, typ: DOCUMENT_TYPE };
  return new CompactSign(Buffer.from(canonicalJson(payload), 'utf8')).setProtectedHeader({ ...header }).sign(key.privateKey);
}

/** SHA-256 of a document, base64url: what audit events and printed copies refer to. */
export function documentDigest(document: string): string {
  return createHash('sha256').update(document).digest('base64url');
}

interface SplitDocument {
  /** The whole compact JWS, trimmed. */
  jws: string;
  header: JwsHeader;
  /** The payload part, still encoded: the seal is checked before it is decoded. */
  encodedPayload: string;
}

/** Splits a document and decodes its header with jose (the payload is left encoded). */
function splitDocument(document: string): { ok: true; value: SplitDocument } | { ok: false; reason: string } {
  if (typeof document !== 'string' || !document.trim() || document.length > MAX_DOCUMENT_LENGTH) return { ok: false, reason: 'Not a certificate document (empty or too long)' };
  const jws = document.trim();
  const parts = jws.split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]*$/.test(part))) return { ok: false, reason: 'Not a certificate document (a compact JWS has three base64url parts)' };
  let header: JwsHeader;
  try {
    header = decodeProtectedHeader(jws) as unknown as JwsHeader;
  } catch {
    return { ok: false, reason: 'Not a certificate document (the header is not JSON)' };
  }
  if (!header || typeof header !== 'object' || header.typ !== DOCUMENT_TYPE) return { ok: false, reason: 'Not a sharehub certificate document (typ)' };
  if (header.alg !== 'EdDSA' && header.alg !== 'ES256') return { ok: false, reason: `Unsupported seal algorithm ${String(header.alg)}` };
  if (typeof header.kid !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(header.kid)) return { ok: false, reason: 'The document names no valid seal key (kid)' };
  return { ok: true, value: { jws, header, encodedPayload: parts[1] } };
}

function decodePayload(encoded: string): CertificatePayload | null {
  try {
    const payload = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as CertificatePayload;
    return payload && typeof payload === 'object' && payload.v === PAYLOAD_VERSION ? payload : null;
  } catch {
    return null;
  }
}

/** The seal key a document names (null if it is not a document). */
export function documentKeyId(document: string): string | null {
  const split = splitDocument(document);
  return split.ok ? split.value.header.kid : null;
}

/** A document's header and payload, without checking its seal (null if it is not one). */
export function readDocument(document: string): { header: JwsHeader; payload: CertificatePayload } | null {
  const split = splitDocument(document);
  if (!split.ok) return null;
  const payload = decodePayload(split.value.encodedPayload);
  return payload ? { header: split.value.header, payload } : null;
}

/** A published seal key (an entry of seals.json). */
export interface SealJwk extends JsonWebKey {
  kid: string;
  alg: 'EdDSA' | 'ES256';
  use: 'sig';
  /** The issuing department (hub code), its name and 统一社会信用代码. */
  dept: string;
  deptName: string;
  creditCode: string;
  validFrom: string;
  /** When the key was retired (rotated out); it still verifies what it sealed. */
  validUntil: string | null;
}

export interface SealKeySet {
  keys: SealJwk[];
}

/** What the signature check alone can tell (no revocation list: see CertificateVerification in the hub). */
export interface SignatureCheck {
  signatureValid: boolean;
  /** The document is well formed and names a known key, but the seal does not match the content. */
  tampered: boolean;
  reason: string | null;
  keyId: string | null;
  key: SealJwk | null;
  payload: CertificatePayload | null;
  identifierValid: boolean | null;
  identifierProblem: string | null;
}

/**
 * Checks a document's seal against published keys (by `kid`) and its 证照标识 check character.
 * The seal is checked over the encoded parts first, so any altered character — even one that
 * leaves the payload undecodable — reads as tampering, not as a malformed document.
 */
export async function checkSeal(document: string, findKey: (kid: string) => SealJwk | undefined): Promise<SignatureCheck> {
  const result: SignatureCheck = { signatureValid: false, tampered: false, reason: null, keyId: null, key: null, payload: null, identifierValid: null, identifierProblem: null };
  const split = splitDocument(document);
  if (!split.ok) return { ...result, reason: split.reason };
  const { jws, header, encodedPayload } = split.value;
  result.keyId = header.kid;
  result.payload = decodePayload(encodedPayload);
  if (result.payload) {
    const identifier = typeof result.payload.identifier === 'string' ? parseCertificateId(result.payload.identifier) : ({ ok: false, reason: '证照标识 is missing' } as const);
    result.identifierValid = identifier.ok;
    result.identifierProblem = identifier.ok ? null : identifier.reason;
  }
  const jwk = findKey(header.kid);
  if (!jwk) return { ...result, reason: `Sealed with a key that is not published (kid ${header.kid})` };
  result.key = jwk;
  if (jwk.alg !== header.alg) return { ...result, tampered: true, reason: 'The header names another algorithm than the published key' };
  const publicKey = await importedKey(jwk);
  if (!publicKey) return { ...result, reason: `Published key ${jwk.kid} is unusable` };
  try {
    await compactVerify(jws, publicKey, { algorithms: [jwk.alg] });
  } catch (error) {
    if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWSInvalid) {
      return { ...result, tampered: true, reason: 'The seal does not match the content: the document was altered' };
    }
    throw error;
  }
  if (!result.payload) return { ...result, reason: 'The sealed payload is not a sharehub certificate' };
  if (result.payload.issuer?.department !== jwk.dept || result.payload.issuer?.code !== jwk.creditCode) {
    return { ...result, reason: `The seal is ${jwk.deptName}'s, but the certificate names another issuer` };
  }
  return { ...result, signatureValid: true };
}

/** Public keys imported by jose, by published JWK object (importing costs more than verifying). */
const importedKeys = new WeakMap<SealJwk, Promise<CryptoKey | null>>();

function importedKey(jwk: SealJwk): Promise<CryptoKey | null> {
  let key = importedKeys.get(jwk);
  if (!key) {
    key = (importJWK(publicJwk(jwk), jwk.alg) as Promise<CryptoKey>).catch(() => null);
    importedKeys.set(jwk, key);
  }
  return key;
}

/** Status at `today` (YYYY-MM-DD, China date) from the sealed status, expiry and a revocation known now. */
export function statusNow(payload: CertificatePayload, today: string, revoked: boolean): CertificateStatus {
  if (revoked || payload.status === 'REVOKED') return 'REVOKED';
  if (payload.status === 'EXPIRED' || (payload.validTo && payload.validTo < today)) return 'EXPIRED';
  return 'VALID';
}

/** The public members of a JWK (whatever else an entry carries). */
export function publicJwk(jwk: JsonWebKey): JsonWebKey {
  return jwk.kty === 'OKP' ? { kty: 'OKP', crv: jwk.crv, x: jwk.x } : { kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y };
}


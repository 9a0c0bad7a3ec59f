/** Why the policy decision point refused an item (for one subject); the exchange lists these in `denied`. */
export enum DenialReason {
  NO_GRANT = 'NO_GRANT',
  EXPIRED = 'EXPIRED',
  REVOKED = 'REVOKED',
  NOT_SHAREABLE = 'NOT_SHAREABLE',
  SCOPE = 'SCOPE',
  UNKNOWN_ITEM = 'UNKNOWN_ITEM',
  /** The item is about another kind of subject (a person's item asked about a legal entity). */
  WRONG_SUBJECT = 'WRONG_SUBJECT',
  /** The grant is limited to a matter (事项编码) other than the request's purpose.matterCode. */
  PURPOSE_MISMATCH = 'PURPOSE_MISMATCH',
  /** The matter needs the subject's consent, and none is on record. */
  CONSENT_REQUIRED = 'CONSENT_REQUIRED',
  /** The grant's daily quota is used up (one unit: one subject's items from one grant in one request). */
  QUOTA_EXCEEDED = 'QUOTA_EXCEEDED',
  /** The principal's request rate is exceeded. */
  RATE_LIMITED = 'RATE_LIMITED',
  /** Too many non-matching verify answers for this department, subject and item in 24 h. */
  VERIFY_LIMITED = 'VERIFY_LIMITED',
}

/** What a grant allows: reading values, or only yes/no verification of claimed values. */
export enum GrantScope {
  READ = 'READ',
  VERIFY = 'VERIFY',
}

/** Why an item was not allowed; the exchange lists these in `denied`. */
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

export interface GrantRecord {
  id: string;
  consumerDept: string;
  itemCode: string;
  providerDept: string;
  scope: GrantScope;
  unmasked: boolean;
  purpose: string;
  validFrom: Date;
  validUntil: Date;
  dailyQuota: number | null;
  grantedBy: string;
  applicationId: string | null;
  createdAt: Date;
  revokedAt: Date | null;
  revokedBy: string | null;
  revokeReason: string | null;
  /** The matter (事项编码) the grant is limited to; null: any matter. */
  matterCode: string | null;
}

export enum ApplicationStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  PARTIALLY_APPROVED = 'PARTIALLY_APPROVED',
  REJECTED = 'REJECTED',
}

export enum ItemDecision {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  NOT_SHAREABLE = 'NOT_SHAREABLE',
}

export interface ApplicationRecord {
  id: string;
  consumerDept: string;
  providerDept: string;
  applicantSub: string;
  applicantName: string | null;
  scope: GrantScope;
  unmasked: boolean;
  purpose: string;
  legalBasis: string;
  validUntil: Date;
  status: ApplicationStatus;
  submittedAt: Date;
  dueAt: Date;
  decidedAt: Date | null;
  decidedBy: string | null;
  decisionReason: string | null;
  items: { itemCode: string; decision: ItemDecision }[];
}

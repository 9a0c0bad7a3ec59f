/** What a grant allows: reading values, or only yes/no verification of claimed values. */
export enum GrantScope {
  READ = 'READ',
  VERIFY = 'VERIFY',
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

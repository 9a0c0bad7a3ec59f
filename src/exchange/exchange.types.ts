import type { DenialReason } from '../policy/denial-reason.js';
import type { Subject } from '../common/subject.js';

/** Why data is asked for: mandatory on every data operation (case number and matter). */
export interface Purpose {
  caseNo: string;
  matter: string;
  reason?: string | null;
  legalBasis?: string | null;
  /** 事项编码: the structured matter; a grant limited to a matter serves only requests naming it. */
  matterCode?: string | null;
}

export interface ReleasedValue {
  itemCode: string;
  name: string;
  value: string | null;
  resourceCode: string;
  department: string;
  asOf: string;
  masked: boolean;
}

export interface DeniedValue {
  itemCode: string;
  reason: DenialReason;
}

export interface SourceFailure {
  resourceCode: string;
  code: string;
  message: string;
}

export interface LookupOutcome {
  requestId: string;
  subject: Subject;
  maskedId: string;
  values: ReleasedValue[];
  denied: DeniedValue[];
  failures: SourceFailure[];
  /** Resources the subject is not found in (no record at the source). */
  notFound: string[];
  receipt: string;
}

export interface VerifyOutcome {
  requestId: string;
  subject: Subject;
  maskedId: string;
  results: { itemCode: string; match: boolean }[];
  denied: DeniedValue[];
  failures: SourceFailure[];
  notFound: string[];
}

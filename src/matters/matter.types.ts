/**
 * The matter catalogue's domain: a matter (事项) requires materials (申请材料); each material is
 * proven by catalogue data items (DATA), by an electronic certificate (CERTIFICATE) or only by the
 * applicant (SUBMIT), and is about one subject role of the case.
 */
import type { SubjectType } from '../common/subject.js';

export enum MaterialKind {
  DATA = 'DATA',
  CERTIFICATE = 'CERTIFICATE',
  SUBMIT = 'SUBMIT',
}

/** Whose material it is within a case. APPLICANT is the applicant given to prepareCase. */
export enum SubjectRole {
  APPLICANT = 'APPLICANT',
  SPOUSE = 'SPOUSE',
  CHILD = 'CHILD',
  DECEASED = 'DECEASED',
  LEGAL_REPRESENTATIVE = 'LEGAL_REPRESENTATIVE',
  PROPERTY_CO_OWNER = 'PROPERTY_CO_OWNER',
  TRANSFEREE = 'TRANSFEREE',
}

/** What prepareCase made of a material. */
export enum MaterialStatus {
  /** Fetched through the exchange: the applicant need not bring it (免提交). */
  OBTAINED = 'OBTAINED',
  /** Only the applicant can provide it (a SUBMIT material, or its subject was not given). */
  MUST_SUBMIT = 'MUST_SUBMIT',
  /** The policy decision point refused it (reason: NO_GRANT, PURPOSE_MISMATCH, CONSENT_REQUIRED…). */
  DENIED = 'DENIED',
  /** The providing department's source failed (SOURCE_UNAVAILABLE, SOURCE_ERROR). */
  FAILED = 'FAILED',
  /** The source has no such record about the subject. */
  NOT_HELD = 'NOT_HELD',
}

export interface MaterialRecord {
  code: string;
  name: string;
  kind: MaterialKind;
  role: SubjectRole;
  required: boolean;
  /** DATA: the catalogue items that prove it. */
  itemCodes: string[];
  /** CERTIFICATE: the certificate type's resource code (class 105). */
  certificateType: string | null;
  note: string | null;
}

/**
 * How a related subject is found within the same case: from the values an earlier material
 * released about the applicant. `OTHER_THAN_SUBJECT`: of the identifiers in `itemCodes`, the one
 * that is not the source subject's own (a marriage record names both parties); `VALUE`: the
 * first item's value (the enterprise record's 法定代表人证件号码). `when`: item values the source
 * record must have (a current marriage, not a divorce).
 */
export interface Derivation {
  role: SubjectRole;
  fromMaterial: string;
  itemCodes: string[];
  pick: 'OTHER_THAN_SUBJECT' | 'VALUE';
  when?: Record<string, string>;
  label: string;
}

export interface MatterRecord {
  code: string;
  name: string;
  category: string;
  /** A multi-department 一件事 bundle. */
  bundle: boolean;
  /** The department in charge (牵头部门). */
  departmentCode: string;
  departmentName: string;
  applicantType: SubjectType;
  legalBasis: string;
  keywords: string[];
  derivations: Derivation[];
  materials: MaterialRecord[];
}

/** The subject type of a role: the applicant's for APPLICANT, a person for every other role. */
export function roleSubjectType(matter: Pick<MatterRecord, 'applicantType'>, role: SubjectRole): SubjectType {
  return role === SubjectRole.APPLICANT ? matter.applicantType : ('PERSON' as SubjectType);
}

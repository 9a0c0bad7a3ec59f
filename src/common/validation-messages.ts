/**
 * Messages of the input checks a window clerk meets most (purpose and subject identifier), in
 * Chinese for the clerk and English for the integrator, instead of class-validator's English
 * defaults. The validation pipe prefixes the field path.
 */
export const INPUT_MESSAGES = {
  caseNo: { message: '办件编号必填，1–64 个字符 / caseNo is required, 1 to 64 characters' },
  matter: { message: '办理事项必填，1–200 个字符 / matter is required, 1 to 200 characters' },
  reason: { message: '申请理由不超过 500 个字符 / reason is at most 500 characters' },
  legalBasis: { message: '依据不超过 500 个字符 / legalBasis is at most 500 characters' },
  matterCode: { message: '事项编码为 1–64 个字符 / matterCode is 1 to 64 characters' },
  consentRef: { message: '授权书编号为 1–200 个字符 / consentRef is 1 to 200 characters' },
  subjectType: { message: '主体类型应为 PERSON（自然人）或 LEGAL_ENTITY（法人） / type must be PERSON or LEGAL_ENTITY' },
  subjectId: { message: '证件号码必填，不超过 64 个字符 / id is required, at most 64 characters' },
  /** The purpose of a grant or an access application (申请用途) and its legal basis (申请依据). */
  grantPurpose: { message: '用途必填，2–500 个字符 / purpose is required, 2 to 500 characters' },
  grantLegalBasis: { message: '申请依据必填，2–500 个字符 / legalBasis is required, 2 to 500 characters' },
} as const;

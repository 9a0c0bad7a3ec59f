/**
 * 证照标识 (GB/T 36904-2018):
 * `1.2.156.3005.2.<证照类型代码>.<颁发机构代码>.<流水号>.<版本号>.<校验位>`.
 */
import { CREDIT_CODE_CHARSET } from './credit-code.js';

export interface CertificateIdParts {
  /** 证照类型代码: the defining authority's 统一社会信用代码 + a 3-digit sequence. */
  typeCode: string;
  /** 颁发机构代码: the issuer's 统一社会信用代码. */
  issuerCode: string;
  /** 流水号, assigned by the issuer. */
  serial: string;
  /** 版本号, 3 digits. */
  version: string;
}

export type CertificateIdCheck =
  | ({
      ok: true;
      /** The identifier in upper case. */
      normalized: string;
      checkChar: string;
    } & CertificateIdParts)
  | { ok: false; reason: string };

export const CERTIFICATE_ID_PREFIX = '1.2.156.3005.2';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

// Only the shape of the embedded credit codes is checked: their own check characters are the
// issuer's business, and a certificate must still be recognised if one of them is off.
const CREDIT_CODE_SHAPE = `[${CREDIT_CODE_CHARSET}]{18}`;
const TYPE_CODE = new RegExp(`^${CREDIT_CODE_SHAPE}\\d{3}$`);
const ISSUER_CODE = new RegExp(`^${CREDIT_CODE_SHAPE}$`);
const SERIAL = /^[0-9A-Z]+$/;
const VERSION = /^\d{3}$/;

/**
 * ISO 7064 MOD 37,36 (hybrid) check character over 类型代码 + 颁发机构代码 + 流水号 + 版本号
 * concatenated without dots. Throws RangeError if `payload` has a character outside 0-9A-Z.
 */
export function certificateIdCheckChar(payload: string): string {
  let p = 36;
  for (const char of payload) {
    const value = ALPHABET.indexOf(char);
    if (value < 0) throw new RangeError(`'${char}' cannot appear in a 证照标识 payload`);
    const s = (p + value) % 36 || 36;
    p = (2 * s) % 37;
  }
  return ALPHABET[(37 - p) % 36];
}

/** Assembles a 证照标识 with its check character. Throws RangeError if a part is malformed. */
export function buildCertificateId(parts: {
  typeCode: string;
  issuerCode: string;
  serial: string;
  /** A number up to 999, or the 3-digit string. */
  version: number | string;
}): string {
  const typeCode = parts.typeCode.toUpperCase();
  const issuerCode = parts.issuerCode.toUpperCase();
  const serial = parts.serial.toUpperCase();
  const version = typeof parts.version === 'number' ? String(parts.version).padStart(3, '0') : parts.version;
  const problem = partsProblem({ typeCode, issuerCode, serial, version });
  if (problem) throw new RangeError(problem);
  const checkChar = certificateIdCheckChar(typeCode + issuerCode + serial + version);
  return [CERTIFICATE_ID_PREFIX, typeCode, issuerCode, serial, version, checkChar].join('.');
}

/** Splits and validates a 证照标识; lower-case letters are accepted. */
export function parseCertificateId(id: string): CertificateIdCheck {
  const normalized = id.toUpperCase();
  if (!normalized.startsWith(CERTIFICATE_ID_PREFIX + '.')) {
    return { ok: false, reason: `证照标识应以 ${CERTIFICATE_ID_PREFIX}. 开头 / 证照标识 must start with ${CERTIFICATE_ID_PREFIX}.` };
  }
  const fields = normalized.slice(CERTIFICATE_ID_PREFIX.length + 1).split('.');
  if (fields.length !== 5) {
    return {
      ok: false,
      reason: '证照标识在前缀后应有 5 段，以点分隔 / 证照标识 must have 5 dot-separated fields after the prefix: 类型代码.颁发机构代码.流水号.版本号.校验位',
    };
  }
  const [typeCode, issuerCode, serial, version, checkChar] = fields;
  const problem = partsProblem({ typeCode, issuerCode, serial, version });
  if (problem) return { ok: false, reason: problem };
  if (!/^[0-9A-Z]$/.test(checkChar)) {
    return { ok: false, reason: '证照标识校验位应为一个数字或大写字母 / 证照标识 校验位 must be one character 0-9 or A-Z' };
  }
  if (checkChar !== certificateIdCheckChar(typeCode + issuerCode + serial + version)) {
    return { ok: false, reason: '证照标识校验位不符（可能输错了一个字符） / 证照标识 校验位 does not match (mistyped character?)' };
  }
  return { ok: true, normalized, typeCode, issuerCode, serial, version, checkChar };
}

function partsProblem(parts: CertificateIdParts): string | undefined {
  if (!TYPE_CODE.test(parts.typeCode)) {
    return '证照标识 类型代码 must be an 18-character 统一社会信用代码 followed by 3 digits';
  }
  if (!ISSUER_CODE.test(parts.issuerCode)) {
    return '证照标识 颁发机构代码 must be an 18-character 统一社会信用代码';
  }
  if (!SERIAL.test(parts.serial)) {
    return '证照标识 流水号 must be one or more digits or letters A-Z';
  }
  if (!VERSION.test(parts.version)) {
    return '证照标识 版本号 must be 3 digits';
  }
  return undefined;
}

/**
 * 统一社会信用代码 (GB 32100-2015): registration authority (1) + organisation kind (1) +
 * region code of the registering office (6) + organisation code, GB 11714 (9) + check (1).
 */
import { isKnownProvinceOf } from './region-codes.js';

export type CreditCodeCheck =
  | {
      ok: true;
      /** The code in upper case. */
      normalized: string;
      registrationAuthority: string;
      organisationKind: string;
      regionCode: string;
      organisationCode: string;
    }
  | { ok: false; reason: string };

/** The code's 31 characters; I, O, Z, S and V are left out so they can't be misread. */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/**
 * 登记管理部门代码 values: 1 机构编制 … 9 工商, A 中央军委改革和编制办公室, Y 其他, with B–G
 * reserved for further authorities, plus N, which 农业农村 departments use for 农村集体经济组织.
 */
const REGISTRATION_AUTHORITIES = new Set('123456789ABCDEFGNY');

/** Organisations registered by central authorities carry 100000 ("national"), not a GB/T 2260 code. */
const CENTRAL_REGION_CODE = '100000';

const SHAPE = new RegExp(`^[${CREDIT_CODE_CHARSET}]{18}$`);

/** The check character for the first 17 characters. Throws RangeError on any other input. */
export function creditCodeCheckChar(body17: string): string {
  if (body17.length !== 17) {
    throw new RangeError('A 统一社会信用代码 body must be exactly 17 characters');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_CHARSET.indexOf(body17[i]);
    if (value < 0) {
      throw new RangeError(`'${body17[i]}' is not a 统一社会信用代码 character`);
    }
    sum += value * WEIGHTS[i];
  }
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31];
}

/** Validates an 18-character 统一社会信用代码; lower-case letters are accepted. */
export function validateCreditCode(code: string): CreditCodeCheck {
  if (code.length !== 18) {
    return { ok: false, reason: `统一社会信用代码应为 18 位，实际 ${code.length} 位 / 统一社会信用代码 must be 18 characters, got ${code.length}` };
  }
  const normalized = code.toUpperCase();
  if (!SHAPE.test(normalized)) {
    return {
      ok: false,
      reason: '统一社会信用代码只能包含数字和除 I、O、S、V、Z 以外的大写字母 / 统一社会信用代码 may only contain digits and the letters A–Y except I, O, S, V, Z',
    };
  }

  const registrationAuthority = normalized[0];
  if (!REGISTRATION_AUTHORITIES.has(registrationAuthority)) {
    return {
      ok: false,
      reason: `统一社会信用代码的登记管理部门代码 '${registrationAuthority}' 不存在 / 统一社会信用代码 has an unknown registration authority '${registrationAuthority}'`,
    };
  }

  const regionCode = normalized.slice(2, 8);
  if (regionCode !== CENTRAL_REGION_CODE && !isKnownProvinceOf(regionCode)) {
    return { ok: false, reason: `统一社会信用代码的行政区划码 ${regionCode} 不存在 / 统一社会信用代码 has an unknown region code ${regionCode}` };
  }

  if (normalized[17] !== creditCodeCheckChar(normalized.slice(0, 17))) {
    return { ok: false, reason: '统一社会信用代码校验码不符（可能输错了一位） / 统一社会信用代码 check character does not match (mistyped character?)' };
  }

  return {
    ok: true,
    normalized,
    registrationAuthority,
    organisationKind: normalized[1],
    regionCode,
    organisationCode: normalized.slice(8, 17),
  };
}

/**
 * The consent rule of case bundles (PolicyDecisionPoint.caseConsent): a material whose items include one of the highest
 * sensitivity (4) — a medical cause, a disability grade, another person's identifier — is fetched
 * only with the applicant's signed authorization (consentRef). The subject's own identifier (the
 * lookup key, 持证主体代码) does not count: the window has it already.
 */
import type { AccessItem } from '../catalog/model.js';

export const HIGHEST_SENSITIVITY = 4;

/** Item names that are the subject's own identifier on a resource or a certificate. */
const OWN_IDENTIFIER = new Set(['公民身份号码', '统一社会信用代码', '持证主体代码']);

/** The items of a material that need the applicant's consent (empty: none needed). */
export function itemsNeedingConsent(items: readonly Pick<AccessItem, 'itemCode' | 'itemName' | 'sensitivity'>[]): string[] {
  return items.filter((item) => item.sensitivity >= HIGHEST_SENSITIVITY && !OWN_IDENTIFIER.has(item.itemName)).map((item) => item.itemCode);
}

import { Role, type Principal } from '../auth/principal.js';

/**
 * Which grants and applications a principal may list: admins and auditors all; a consumer those
 * of its own department; a provider those on its department's items (both, if it is both).
 */
export function listingVisibility(principal: Principal): { consumerDept?: string; providerDept?: string } | undefined {
  if (principal.roles.includes(Role.ADMIN) || principal.roles.includes(Role.AUDITOR)) return undefined;
  return {
    consumerDept: principal.roles.includes(Role.CONSUMER) ? principal.dept : undefined,
    providerDept: principal.roles.includes(Role.PROVIDER) ? principal.dept : undefined,
  };
}

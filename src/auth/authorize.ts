import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Principal } from './principal.js';
import { requestOf } from './decorators.js';

/**
 * What an entry point asks permission for. The vocabulary lives here, beside the guard that
 * reads it, so that every module can name its action without importing the policy module; the
 * rules that answer it live only in `src/policy/` (PolicyDecisionPoint), which provides the
 * `Authorizer` below.
 */
export enum Action {
  /** lookup: released values about one subject (then decided per item by the release pipeline). */
  READ = 'READ',
  /** lookupBatch: released values about up to 100 subjects. */
  BATCH = 'BATCH',
  /** verify: match / no match of claimed values. */
  VERIFY = 'VERIFY',
  /** certificates and the printable copy: whole certificates of a holder. */
  CERTIFICATE = 'CERTIFICATE',
  /** Would items be released (checkAccess, myAccess): the consumer's own grants, no data. */
  ACCESS_CHECK = 'ACCESS_CHECK',
  /** The catalogue's queries (metadata, no source data). */
  CATALOG_READ = 'CATALOG_READ',
  /** The whole catalogue as CSV (every status). */
  EXPORT = 'EXPORT',
  /** The published catalogue as DCAT-AP, for harvesters: needs no token. */
  PUBLISH = 'PUBLISH',
  /** Auditor queries, alerts, statistics and the audit CSV export. */
  AUDIT_READ = 'AUDIT_READ',
  /** Platform administration: catalogue changes, direct grants, bindings, seal keys, departments. */
  ADMIN = 'ADMIN',
  /** Apply for access to items (a consumer department). */
  APPLY = 'APPLY',
  /** Review an application: its providing department or an admin. */
  PROVIDER_REVIEW = 'PROVIDER_REVIEW',
  /** Revoke a grant: its providing department or an admin. */
  GRANT_REVOKE = 'GRANT_REVOKE',
  /** Revoke a certificate: its issuing department or an admin. */
  CERTIFICATE_REVOKE = 'CERTIFICATE_REVOKE',
  /** List grants and applications: rows narrowed to what the caller may see. */
  GRANT_LIST = 'GRANT_LIST',
  /** prepareCase: a window's evidence bundle for a matter (its materials then decided per item by the release pipeline). */
  CASE = 'CASE',
  /** A recorded case, its material list and the matter statistics: rows narrowed to the caller's department (admins, auditors: all). */
  CASE_READ = 'CASE_READ',
}

/**
 * The object an action is about, named by the path of the operation's argument that holds its
 * identifier (GraphQL args, or the HTTP route's params and query): e.g. `{ grant: 'id' }`.
 */
export interface ResourceArgs {
  grant?: string;
  application?: string;
  certificate?: string;
}

export interface AuthorizeMetadata {
  action: Action;
  resource?: ResourceArgs;
}

export const AUTHORIZE_KEY = 'sharehub:authorize';

/**
 * The operation's action for the policy decision point. The global guard verifies the token
 * (unless @Public) and hands principal, action and the named resource to the `Authorizer`; an
 * operation without @Authorize and without @Public is refused.
 */
export const Authorize = (action: Action, resource?: ResourceArgs) => SetMetadata(AUTHORIZE_KEY, { action, resource } satisfies AuthorizeMetadata);

/** Row filters a permission comes with (obligations), e.g. the departments whose grants a listing may show. */
export interface Permission {
  /** Listings: only rows of these departments (undefined: all rows). */
  visibleTo?: { consumerDept?: string; providerDept?: string };
}

export interface AuthorizationRequest {
  /** Undefined on a @Public operation. */
  principal: Principal | undefined;
  action: Action;
  /** The resource's identifiers, read from the operation's arguments. */
  resource: { grant?: string; application?: string; certificate?: string };
}

/**
 * Answers "may this principal do this action (on this resource)?": throws ForbiddenError
 * (or NotFound for an unknown resource) or returns the permission with its obligations.
 * Implemented by the policy module; the auth module only defines the token.
 */
export abstract class Authorizer {
  abstract authorize(request: AuthorizationRequest): Promise<Permission>;
}

/** The permission the guard obtained for this request (its obligations apply to the operation). */
export const CurrentPermission = createParamDecorator((_: unknown, context: ExecutionContext): Permission => {
  return (requestOf(context) as { permission?: Permission }).permission ?? {};
});

/** The roles a token may carry (claim `roles`). */
export enum Role {
  CONSUMER = 'consumer',
  PROVIDER = 'provider',
  ADMIN = 'admin',
  AUDITOR = 'auditor',
}

export const ALL_ROLES: readonly Role[] = Object.values(Role);

/**
 * Who is calling, taken only from a verified token. `sub` is a system or a person; `dept` is
 * the department the token speaks for (it exists and is enabled); `name` is the operator's
 * display name (e.g. the window clerk), if the token names one.
 */
export interface Principal {
  sub: string;
  dept: string;
  roles: readonly Role[];
  name?: string;
  /** The token's `jti`, kept for the audit trail. */
  tokenId?: string;
}

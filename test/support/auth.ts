import { signDevToken, type DevTokenClaims } from '../../src/auth/dev-tokens.js';
import type { TestHub } from './hub.js';

/** A token the test hub trusts (its own dev key), for a department that must exist in its catalogue. */
export function tokenFor(hub: TestHub, claims: DevTokenClaims): string {
  return signDevToken(hub.config.dataDir, hub.config.auth, claims);
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

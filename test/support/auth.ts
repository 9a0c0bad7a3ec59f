import { signDevToken, type DevTokenClaims } from '../../src/auth/dev-tokens.js';
import { Clock } from '../../src/common/clock.js';
import type { TestHub } from './hub.js';

/**
 * A token the test hub trusts (its own dev key), for a department that must exist in its
 * catalogue. It is issued at the hub's clock (which a test may hold at a fixed instant and move),
 * valid for 30 days unless the test says otherwise.
 */
export function tokenFor(hub: TestHub, claims: DevTokenClaims): string {
  return signDevToken(hub.config.dataDir, hub.config.auth, { ttlSeconds: 30 * 86_400, issuedAt: hub.app.get(Clock).now(), ...claims });
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

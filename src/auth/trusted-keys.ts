import { readFileSync } from 'node:fs';
import type { AuthConfig } from '../config/config.js';
import { loadOrCreateSigningKey, type SigningKey } from '../config/key-store.js';
import { keyFromDevSigningKey, keyFromHs256Secret, keysFromJwks, type TrustedKey } from './key-ring.js';
import type { KeyLookup } from './token-verifier.js';

/** The hub's development token key, in the data dir; `npm run token` signs with it. */
export function devTokenKey(dataDir: string): SigningKey {
  return loadOrCreateSigningKey(dataDir, 'dev-token', 'ec-p256');
}

const JWKS_REFRESH_MS = 10 * 60_000;
/** An unknown kid may mean the issuer rotated keys: refetch, but at most this often. */
const JWKS_MISS_REFETCH_MS = 30_000;
const JWKS_TIMEOUT_MS = 3_000;
const JWKS_MAX_BYTES = 256 * 1024;

/**
 * Every key the hub trusts for tokens: a JWKS file (read at start), a JWKS URL (cached,
 * refreshed, refetched on an unknown kid no more than every 30 s), an explicit HS256 secret,
 * and in non-production the dev key.
 */
export class TrustedKeys implements KeyLookup {
  private readonly fixed = new Map<string, TrustedKey>();
  private remote = new Map<string, TrustedKey>();
  private remoteFetchedAt = 0;
  private remoteFetching: Promise<void> | undefined;

  constructor(private readonly config: AuthConfig, dataDir: string) {
    if (config.jwksFile) for (const key of keysFromJwks(readFileSync(config.jwksFile, 'utf8'), 'jwks-file')) this.fixed.set(key.kid, key);
    if (config.hs256Secret) this.fixed.set('hs256', keyFromHs256Secret(config.hs256Secret));
    if (config.trustDevKey) {
      const dev = keyFromDevSigningKey(devTokenKey(dataDir));
      this.fixed.set(dev.kid, dev);
    }
  }

  async find(kid: string | undefined): Promise<TrustedKey | undefined> {
    if (this.config.jwksUrl && Date.now() - this.remoteFetchedAt > JWKS_REFRESH_MS) await this.refresh();
    // A request that arrives while the first fetch is in flight waits for it; otherwise it would
    // see no keys yet and, the fetch counting as recent, be refused as signed with an unknown key.
    else if (this.remoteFetching) await this.remoteFetching;
    if (kid === undefined) {
      const all = [...this.fixed.values(), ...this.remote.values()];
      return all.length === 1 ? all[0] : undefined;
    }
    const known = this.fixed.get(kid) ?? this.remote.get(kid);
    if (known || !this.config.jwksUrl || Date.now() - this.remoteFetchedAt < JWKS_MISS_REFETCH_MS) return known;
    await this.refresh();
    return this.remote.get(kid);
  }

  private refresh(): Promise<void> {
    this.remoteFetching ??= this.fetchRemote().finally(() => (this.remoteFetching = undefined));
    return this.remoteFetching;
  }

  private async fetchRemote(): Promise<void> {
    this.remoteFetchedAt = Date.now();
    try {
      const response = await fetch(this.config.jwksUrl!, { signal: AbortSignal.timeout(JWKS_TIMEOUT_MS), redirect: 'error' });
      const text = await response.text();
      if (!response.ok || text.length > JWKS_MAX_BYTES) throw new Error(`JWKS answered ${response.status}`);
      this.remote = new Map(keysFromJwks(text, 'jwks-url').map((key) => [key.kid, key]));
    } catch {
      // Keep the keys we had: an unreachable JWKS endpoint must not log everybody out.
    }
  }
}

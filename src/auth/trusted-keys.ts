import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createLocalJWKSet, createRemoteJWKSet, customFetch, type JWK } from 'jose';
import type { AuthConfig } from '../config/config.js';
import { loadOrCreateSigningKey, signingKeyFromPem, type SigningKey } from '../config/key-store.js';
import type { HubKeys } from '../keys/hub-keys.js';
import { findInKeySet, HS256_KID, keyFromHs256Secret, validateJwks, type KeyRequest, type TrustedKey } from './key-ring.js';
import type { KeyLookup } from './token-verifier.js';

/**
 * The hub's development token key on this host, newest generation first: `<keyDir>/dev-token-<n>.pem`
 * after `npm run keys -- rotate token`, else the data dir's `dev-token.pem`. `npm run token` signs with it.
 */
export function devTokenKey(dataDir: string, keyDir = join(dataDir, 'keys')): SigningKey {
  let newest: string | undefined;
  for (let generation = 2; existsSync(join(keyDir, `dev-token-${generation}.pem`)); generation++) newest = join(keyDir, `dev-token-${generation}.pem`);
  return newest ? signingKeyFromPem(readFileSync(newest, 'utf8')) : loadOrCreateSigningKey(dataDir, 'dev-token', 'ec-p256');
}

export interface JwksRefreshRules {
  /** A fetched JWKS is used this long, then fetched again. */
  maxAgeMs: number;
  /** An unknown kid may mean the issuer rotated keys: refetch, but at most this often. */
  cooldownMs: number;
}

const JWKS_TIMEOUT_MS = 3_000;
const JWKS_MAX_BYTES = 256 * 1024;
/** The JWKS file is checked for changes at most this often (an edit takes effect without restart). */
const FILE_CHECK_MS = 2_000;
/** The hub's own token key generations are re-read this often, and on an unknown kid at most every second. */
const HUB_KEYS_TTL_MS = 30_000;
const HUB_KEYS_MISS_MS = 1_000;

type LocalSet = ReturnType<typeof createLocalJWKSet>;

/**
 * Every key the hub trusts for tokens, each source a jose key set: a JWKS file (re-read when it
 * changes), a JWKS URL (jose's remote set: cached, refreshed, refetched on an unknown kid no more
 * often than the cooldown; an unreachable endpoint keeps the keys it had), an explicit HS256
 * secret, and outside production the hub's own token key — every generation that is current or
 * was retired less than the overlap window ago. An issuer rotates by publishing the new key next
 * to the old one (several kids), then withdrawing the old one.
 */
export class TrustedKeys implements KeyLookup {
  private file: { set: LocalSet; mtimeMs: number; checkedAt: number } | undefined;
  private readonly remote: ReturnType<typeof createRemoteJWKSet> | undefined;
  private remoteFailedAt = -Infinity;
  private readonly hs256: TrustedKey | undefined;
  private hub: { keys: { jwk: JWK; retiredAt: number | null }[]; loadedAt: number } | undefined;

  constructor(
    private readonly config: AuthConfig,
    private readonly hubKeys: HubKeys | undefined,
    private readonly rules: JwksRefreshRules = { maxAgeMs: config.jwksMaxAgeSeconds * 1000, cooldownMs: config.jwksCooldownSeconds * 1000 },
  ) {
    if (config.jwksFile) this.readFile();
    if (config.jwksUrl) {
      this.remote = createRemoteJWKSet(new URL(config.jwksUrl), {
        cacheMaxAge: rules.maxAgeMs,
        cooldownDuration: rules.cooldownMs,
        timeoutDuration: JWKS_TIMEOUT_MS,
        [customFetch]: boundedJwksFetch,
      });
    }
    if (config.hs256Secret) this.hs256 = keyFromHs256Secret(config.hs256Secret);
  }

  async find(request: KeyRequest): Promise<TrustedKey | undefined> {
    if (request.alg === 'HS256') {
      if (request.kid === undefined || request.kid === HS256_KID) return this.hs256;
      // HS256 naming a public key's kid (the key-confusion attack): answer with that key, so the
      // verifier refuses the algorithm by name rather than calling the key unknown.
      for (const alg of ['ES256', 'RS256', 'EdDSA'] as const) {
        const key = await this.find({ alg, kid: request.kid });
        if (key) return key;
      }
      return undefined;
    }
    return (await this.fromFile(request)) ?? (await this.fromHub(request)) ?? (await this.fromUrl(request));
  }

  private async fromFile(request: KeyRequest): Promise<TrustedKey | undefined> {
    if (!this.file) return undefined;
    if (Date.now() - this.file.checkedAt > FILE_CHECK_MS) this.readFile();
    return findInKeySet(this.file.set, request, 'jwks-file');
  }

  private readFile(): void {
    const file = this.config.jwksFile!;
    const mtimeMs = statSync(file).mtimeMs;
    if (this.file && this.file.mtimeMs === mtimeMs) {
      this.file.checkedAt = Date.now();
      return;
    }
    try {
      this.file = { set: createLocalJWKSet(validateJwks(JSON.parse(readFileSync(file, 'utf8')))), mtimeMs, checkedAt: Date.now() };
    } catch (error) {
      // At start a bad file is a configuration error; later, a half-written edit keeps the keys we had.
      if (!this.file) throw error;
      this.file.checkedAt = Date.now();
    }
  }

  private async fromUrl(request: KeyRequest): Promise<TrustedKey | undefined> {
    if (!this.remote) return undefined;
    const previous = this.remote.jwks();
    // After a failed fetch, answer from the keys we had until the cooldown passed: an unreachable
    // JWKS endpoint must neither log everybody out nor make every request wait for its timeout.
    if (previous && Date.now() - this.remoteFailedAt < this.rules.cooldownMs) return findInKeySet(createLocalJWKSet(previous), request, 'jwks-url');
    try {
      return await findInKeySet(this.remote, request, 'jwks-url');
    } catch {
      // Unreachable, timed out, not a valid JWKS: keep what we had.
      this.remoteFailedAt = Date.now();
      return previous ? findInKeySet(createLocalJWKSet(previous), request, 'jwks-url') : undefined;
    }
  }

  private async fromHub(request: KeyRequest): Promise<TrustedKey | undefined> {
    if (!this.config.trustDevKey || !this.hubKeys) return undefined;
    const find = async () => {
      const overlapMs = this.config.tokenKeyOverlapSeconds * 1000;
      const now = Date.now();
      const trusted = this.hub!.keys.filter((k) => k.retiredAt === null || now < k.retiredAt + overlapMs).map((k) => k.jwk);
      return findInKeySet(createLocalJWKSet({ keys: trusted }), request, 'hub');
    };
    const age = this.hub ? Date.now() - this.hub.loadedAt : Infinity;
    if (age > HUB_KEYS_TTL_MS) await this.loadHub();
    const found = await find();
    if (found || age <= HUB_KEYS_MISS_MS || Date.now() - this.hub!.loadedAt <= HUB_KEYS_MISS_MS) return found;
    await this.loadHub();
    return find();
  }

  private async loadHub(): Promise<void> {
    const generations = await this.hubKeys!.list('token');
    this.hub = {
      keys: generations.filter((g) => g.publicJwk).map((g) => ({ jwk: { ...g.publicJwk!, kid: g.kid, alg: g.alg }, retiredAt: g.retiredAt?.getTime() ?? null })),
      loadedAt: Date.now(),
    };
  }
}

/** jose's fetch for the JWKS URL, bounded: no redirects, at most 256 KiB, a valid public JWKS or an error. */
async function boundedJwksFetch(url: string, options: RequestInit): Promise<Response> {
  const response = await fetch(url, { ...options, redirect: 'error' });
  const text = await response.text();
  if (!response.ok || text.length > JWKS_MAX_BYTES) throw new Error(`JWKS answered ${response.status} (${text.length} bytes)`);
  return new Response(JSON.stringify(validateJwks(JSON.parse(text))), { status: 200, headers: { 'content-type': 'application/json' } });
}

import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal.js';
import { RateLimitedError } from '../common/errors.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { chinaDate } from '../common/working-days.js';
import { GrantRepository } from '../grants/grant.repository.js';

interface Bucket {
  tokens: number;
  refilledAt: number;
}

const MAX_BUCKETS = 100_000;

/**
 * Two limits on data requests: a token bucket per principal (in process: each hub process
 * allows the configured rate), and the daily quota of a grant (in PostgreSQL, shared by all
 * processes, counted per China calendar day).
 */
@Injectable()
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(GrantRepository) private readonly grants: GrantRepository,
  ) {}

  /** Takes `cost` tokens from the principal's bucket or throws RATE_LIMITED with a retry hint. */
  take(principal: Principal, cost = 1): void {
    const { principalRatePerSecond: rate, principalBurst: burst } = this.config.exchange;
    const key = `${principal.dept}/${principal.sub}`;
    const now = Date.now();
    const bucket = this.buckets.get(key) ?? { tokens: burst, refilledAt: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.refilledAt) / 1000) * rate);
    bucket.refilledAt = now;
    if (bucket.tokens < cost) {
      throw new RateLimitedError(`Too many requests from ${principal.sub}`, Math.max(1, Math.ceil((cost - bucket.tokens) / rate)));
    }
    bucket.tokens -= cost;
    if (!this.buckets.has(key) && this.buckets.size >= MAX_BUCKETS) this.buckets.clear();
    this.buckets.set(key, bucket);
  }

  /**
   * Counts `uses` against each grant's daily quota; grants over quota are returned (their items
   * must not be released). One statement for all grants of the request.
   */
  async useQuota(grants: { id: string; dailyQuota: number | null }[], uses = 1): Promise<Set<string>> {
    const limited = grants.filter((g) => g.dailyQuota !== null);
    if (!limited.length) return new Set();
    const used = await this.grants.countUses(limited.map((g) => g.id), chinaDate(new Date()), uses);
    return new Set(limited.filter((g) => (used.get(g.id) ?? 0) > g.dailyQuota!).map((g) => g.id));
  }
}

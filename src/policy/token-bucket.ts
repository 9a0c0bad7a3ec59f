import { Inject, Injectable } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import type { Principal } from '../auth/principal.js';
import { RateLimitedError } from '../common/errors.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';

interface Bucket {
  tokens: number;
  refilledAt: number;
}

const MAX_BUCKETS = 100_000;

/**
 * The per-principal request rate: a token bucket in this process. Each hub process allows the
 * configured rate, so N replicas allow up to N times it; quotas, which must hold across
 * replicas, are counted in PostgreSQL instead (QuotaRepository). Refill is measured on the
 * monotonic clock (a duration, not a date).
 */
@Injectable()
export class TokenBucket {
  private readonly buckets = new Map<string, Bucket>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Takes `cost` tokens from the principal's bucket or throws RATE_LIMITED with a retry hint. */
  take(principal: Principal, cost = 1): void {
    const { principalRatePerSecond: rate, principalBurst: burst } = this.config.exchange;
    const key = `${principal.dept}/${principal.sub}`;
    const now = performance.now();
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
}

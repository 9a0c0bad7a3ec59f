import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import {
  BrokenCircuitError,
  BulkheadRejectedError,
  ConsecutiveBreaker,
  ConstantBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  bulkhead,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  type BulkheadPolicy,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { HubError, SourceError, SourceUnavailableError } from '../common/errors.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { SourceBinding } from './binding.js';
import { HttpAdapter } from './http-adapter.js';
import type { SourceRecord } from './source-record.js';
import { SqlAdapter } from './sql-adapter.js';

/** Resilience of one department system: its breaker and bulkhead, shared by all its resources. */
interface SourceGuard {
  breaker: CircuitBreakerPolicy;
  bulkhead: BulkheadPolicy;
  /** Outcomes of the recent calls (this process), for the error rate the console shows. */
  recent: { at: number; ok: boolean }[];
  lastError?: { at: number; message: string };
}

/** The window of the error rate, and the most outcomes kept per source. */
const HEALTH_WINDOW_MS = 5 * 60_000;
const HEALTH_MAX_SAMPLES = 2000;

/** How one department system is doing, seen from this hub process. */
export interface SourceHealthSnapshot {
  source: string;
  breaker: 'CLOSED' | 'OPEN' | 'HALF_OPEN' | 'ISOLATED' | 'UNUSED';
  calls: number;
  failures: number;
  lastError?: { at: Date; message: string };
}

/**
 * Aggressive: a call over its time is abandoned at once (its signal aborted, undici and pg stop).
 * abortOnReturn off: cockatiel would otherwise abort every finished call's signal as well, which
 * builds an AbortError (a DOMException with its stack) per source call; a call that returned has
 * read its whole answer and released its connection, so there is nothing left to stop.
 */
const CALL_TIMEOUT = { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false };

/** A retry must leave at least this much of the request's time for the second attempt. */
const RETRY_BUDGET_MS = 200;

/**
 * The hub's only way to call department systems. Per source: a timeout (the binding's, capped
 * by the request deadline), a circuit breaker (open after consecutive failures, half-open probe,
 * fast SOURCE_UNAVAILABLE while open), a bulkhead (bounded concurrent calls), and one retry for
 * reads that failed to connect or got 5xx, only if the deadline allows. Knows nothing of grants
 * or audit.
 */
@Injectable()
export class SourceGateway implements OnModuleDestroy {
  private readonly http: HttpAdapter;
  private readonly sql: SqlAdapter;
  private readonly guards = new Map<string, SourceGuard>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const settings = (name: string) => config.sources.settings[name];
    this.http = new HttpAdapter(settings, config.sources.maxResponseBytes, config.sources.maxConcurrentPerSource);
    this.sql = new SqlAdapter(settings);
  }

  setting(name: string): string | undefined {
    return this.config.sources.settings[name];
  }

  /** The department system behind a binding (several resources may share one). */
  sourceOf(binding: SourceBinding): string {
    return binding.adapter === 'http' ? this.http.sourceOf(binding) : this.sql.sourceOf(binding);
  }

  async fetchOne(binding: SourceBinding, subjectId: string, itemCodes: string[], deadline: number): Promise<SourceRecord> {
    return this.guarded(binding, deadline, (signal) =>
      binding.adapter === 'http' ? this.http.fetchOne(binding, subjectId, itemCodes, signal) : this.sql.fetchOne(binding, subjectId, itemCodes, signal),
    );
  }

  /** Many subjects at once: one batch call where the source offers it, else one call each. */
  async fetchMany(binding: SourceBinding, subjectIds: string[], itemCodes: string[], deadline: number): Promise<Map<string, SourceRecord | HubError>> {
    if (binding.adapter === 'http' && binding.batchEndpoint) {
      try {
        const records = await this.guarded(binding, deadline, (signal) => this.http.fetchMany(binding, subjectIds, itemCodes, signal));
        return new Map(subjectIds.map((id) => [id, records.get(id)!]));
      } catch (error) {
        return new Map(subjectIds.map((id) => [id, error as HubError]));
      }
    }
    const settled = await Promise.all(
      subjectIds.map((id) => this.fetchOne(binding, id, itemCodes, deadline).catch((error: HubError) => error)),
    );
    return new Map(subjectIds.map((id, i) => [id, settled[i]]));
  }

  /** Breaker state and the last five minutes' calls and failures of a source (this process). */
  health(source: string): SourceHealthSnapshot {
    const guard = this.guards.get(source);
    if (!guard) return { source, breaker: 'UNUSED', calls: 0, failures: 0 };
    const since = Date.now() - HEALTH_WINDOW_MS;
    const recent = guard.recent.slice(-HEALTH_MAX_SAMPLES).filter((sample) => sample.at >= since);
    const states = ['CLOSED', 'OPEN', 'HALF_OPEN', 'ISOLATED'] as const;
    return {
      source,
      breaker: states[guard.breaker.state as number] ?? 'CLOSED',
      calls: recent.length,
      failures: recent.filter((sample) => !sample.ok).length,
      ...(guard.lastError ? { lastError: { at: new Date(guard.lastError.at), message: guard.lastError.message } } : {}),
    };
  }

  private note(guard: SourceGuard, ok: boolean, message?: string): void {
    guard.recent.push({ at: Date.now(), ok });
    // Trimmed in bulk (health() reads the last HEALTH_MAX_SAMPLES): one splice per thousand calls, not a 2,000-slot shift per call.
    if (guard.recent.length > 2 * HEALTH_MAX_SAMPLES) guard.recent.splice(0, guard.recent.length - HEALTH_MAX_SAMPLES);
    if (!ok) guard.lastError = { at: Date.now(), message: message ?? 'failed' };
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.http.close(), this.sql.close()]);
  }

  private async guarded<T>(binding: SourceBinding, deadline: number, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const source = this.sourceOf(binding);
    const guard = this.guardOf(source);
    const budget = Math.min(binding.timeoutMs, deadline - Date.now());
    if (budget <= 0) throw new SourceUnavailableError(`No time left to call the source for ${binding.resourceCode}`);
    const retryPolicy = retry(
      handleWhen((error) => error instanceof SourceUnavailableError && deadline - Date.now() > RETRY_BUDGET_MS),
      { maxAttempts: 1, backoff: new ConstantBackoff(50) },
    );
    try {
      const result = await guard.bulkhead.execute(() =>
        guard.breaker.execute(() =>
          retryPolicy.execute(() => timeout(Math.max(1, Math.min(binding.timeoutMs, deadline - Date.now())), CALL_TIMEOUT).execute(({ signal }) => call(signal))),
        ),
      );
      this.note(guard, true);
      return result;
    } catch (error) {
      // "Not found" and bad data are answers of a healthy source (as for the breaker).
      const unavailable = error instanceof SourceUnavailableError || error instanceof BrokenCircuitError || error instanceof BulkheadRejectedError || error instanceof TaskCancelledError;
      this.note(guard, !unavailable && !(error instanceof SourceError), (error as Error).message);
      if (error instanceof HubError) throw error;
      if (error instanceof BrokenCircuitError) throw new SourceUnavailableError(`Source ${source} is failing; calls are paused (circuit open)`);
      if (error instanceof BulkheadRejectedError) throw new SourceUnavailableError(`Source ${source} is at its concurrency limit`);
      if (error instanceof TaskCancelledError) throw new SourceUnavailableError(`Source for ${binding.resourceCode} did not answer within ${budget} ms`);
      throw new SourceError(`Source for ${binding.resourceCode} failed: ${(error as Error).message}`, error);
    }
  }

  private guardOf(source: string): SourceGuard {
    let guard = this.guards.get(source);
    if (!guard) {
      const { breakerFailures, breakerOpenMs, maxConcurrentPerSource } = this.config.sources;
      guard = {
        // Only a failing source trips its breaker: "not found" and bad data from a healthy source do not.
        breaker: circuitBreaker(
          handleWhen((error) => error instanceof SourceUnavailableError || error instanceof TaskCancelledError),
          { halfOpenAfter: breakerOpenMs, breaker: new ConsecutiveBreaker(breakerFailures) },
        ),
        bulkhead: bulkhead(maxConcurrentPerSource, 0),
        recent: [],
      };
      this.guards.set(source, guard);
    }
    return guard;
  }
}

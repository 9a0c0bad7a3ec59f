import { Inject, Injectable } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { CatalogRepository } from '../catalog/catalog.repository.js';
import type { AccessItem } from '../catalog/model.js';
import { ALL_DEPARTMENTS, GrantChangeFeed } from '../grants/grant-change-feed.js';
import { GrantRepository } from '../grants/grant.repository.js';
import { GrantScope, type GrantRecord } from '../grants/grant.types.js';
import { DenialReason } from './denial-reason.js';

export interface MatchedItem {
  item: AccessItem;
  /** The grant that allows it (its `unmasked` flag and quota apply). */
  grant: GrantRecord;
}

export interface UnmatchedItem {
  itemCode: string;
  reason: DenialReason;
  /** Present when the item exists. */
  item?: AccessItem;
}

export interface GrantMatch {
  allowed: MatchedItem[];
  denied: UnmatchedItem[];
}

/** Grants of one consumer department, by item code, as loaded from the database. */
interface DepartmentGrants {
  byItem: Map<string, GrantRecord[]>;
  loadedAt: number;
}

/** A safety net under LISTEN/NOTIFY: even a missed notification is forgotten after this. */
const GRANT_CACHE_TTL_MS = 60_000;
const ITEM_CACHE_TTL_MS = 30_000;
const MAX_CACHED_DEPARTMENTS = 1_000;
const MAX_CACHED_ITEMS = 50_000;

/**
 * The decision point's first question: which grant (if any) lets a consumer department have
 * each item, for this scope and matter, at this instant? Grants are cached per consumer
 * department and dropped when any hub process announces a change (GrantChangeFeed); validity is
 * evaluated against the given instant, so a grant stops working the moment it expires. Cache
 * ages are measured on the monotonic clock (they are durations, not dates).
 */
@Injectable()
export class GrantMatcher {
  private readonly grants = new Map<string, DepartmentGrants>();
  private readonly items = new Map<string, { item: AccessItem | null; until: number }>();

  constructor(
    @Inject(GrantRepository) private readonly grantRepository: GrantRepository,
    @Inject(CatalogRepository) private readonly catalog: CatalogRepository,
    @Inject(GrantChangeFeed) private readonly feed: GrantChangeFeed,
  ) {
    feed.subscribe((consumerDept) => (consumerDept === ALL_DEPARTMENTS ? this.grants.clear() : this.grants.delete(consumerDept)));
  }

  async match(consumerDept: string, itemCodes: readonly string[], scope: GrantScope, now: Date, matterCode: string | null | undefined): Promise<GrantMatch> {
    const codes = [...new Set(itemCodes)];
    const [items, grants] = await Promise.all([this.itemsFor(codes), this.grantsFor(consumerDept)]);
    const matter = matterCode?.trim() || null;
    const result: GrantMatch = { allowed: [], denied: [] };
    for (const code of codes) {
      const item = items.get(code);
      if (!item) {
        result.denied.push({ itemCode: code, reason: DenialReason.UNKNOWN_ITEM });
        continue;
      }
      if (item.shareType === 'NOT_SHARED' || item.resourceStatus !== 'PUBLISHED') {
        result.denied.push({ itemCode: code, reason: DenialReason.NOT_SHAREABLE, item });
        continue;
      }
      const outcome = judge(grants.byItem.get(code) ?? [], scope, now, matter);
      if ('grant' in outcome) result.allowed.push({ item, grant: outcome.grant });
      else result.denied.push({ itemCode: code, reason: outcome.reason, item });
    }
    return result;
  }

  /** Drops every cached grant and item (the bench measures uncached decisions this way). */
  forgetAll(): void {
    this.grants.clear();
    this.items.clear();
  }

  private async grantsFor(consumerDept: string): Promise<DepartmentGrants> {
    const cached = this.grants.get(consumerDept);
    // Without a live feed we could miss a revoke: read the database every time until it is back.
    if (cached && this.feed.live && performance.now() - cached.loadedAt < GRANT_CACHE_TTL_MS) return cached;
    const loadedAt = performance.now();
    const byItem = new Map<string, GrantRecord[]>();
    for (const grant of await this.grantRepository.forConsumer(consumerDept)) {
      const list = byItem.get(grant.itemCode) ?? [];
      list.push(grant);
      byItem.set(grant.itemCode, list);
    }
    const loaded = { byItem, loadedAt };
    if (this.grants.size >= MAX_CACHED_DEPARTMENTS) this.grants.clear();
    this.grants.set(consumerDept, loaded);
    return loaded;
  }

  private async itemsFor(codes: string[]): Promise<Map<string, AccessItem>> {
    const now = performance.now();
    const found = new Map<string, AccessItem>();
    const missing: string[] = [];
    for (const code of codes) {
      const cached = this.items.get(code);
      if (cached && cached.until > now) {
        if (cached.item) found.set(code, cached.item);
      } else missing.push(code);
    }
    if (missing.length) {
      const loaded = await this.catalog.findItemsForAccess(missing);
      if (this.items.size + missing.length > MAX_CACHED_ITEMS) this.items.clear();
      const byCode = new Map(loaded.map((item) => [item.itemCode, item]));
      for (const code of missing) {
        const item = byCode.get(code) ?? null;
        this.items.set(code, { item, until: now + ITEM_CACHE_TTL_MS });
        if (item) found.set(code, item);
      }
    }
    return found;
  }
}

/** The best usable grant for the scope and matter, or why there is none. */
function judge(grants: GrantRecord[], scope: GrantScope, now: Date, matterCode: string | null): { grant: GrantRecord } | { reason: DenialReason } {
  const usable = grants.filter((g) => !g.revokedAt && g.validFrom <= now && now < g.validUntil);
  const inScope = usable.filter((g) => scope === GrantScope.VERIFY || g.scope === GrantScope.READ);
  // A grant limited to a matter serves only requests whose purpose names that matter.
  const fitting = inScope.filter((g) => g.matterCode === null || g.matterCode === matterCode);
  if (fitting.length) {
    // Prefer an unmasked grant, then the one valid longest.
    fitting.sort((a, b) => Number(b.unmasked) - Number(a.unmasked) || b.validUntil.getTime() - a.validUntil.getTime());
    return { grant: fitting[0] };
  }
  if (inScope.length) return { reason: DenialReason.PURPOSE_MISMATCH };
  if (usable.length) return { reason: DenialReason.SCOPE };
  const latest = [...grants].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
  if (!latest) return { reason: DenialReason.NO_GRANT };
  if (latest.revokedAt) return { reason: DenialReason.REVOKED };
  if (latest.validUntil <= now) return { reason: DenialReason.EXPIRED };
  return { reason: DenialReason.NO_GRANT };
}

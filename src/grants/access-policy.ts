import { Inject, Injectable } from '@nestjs/common';
import { Principal, Role } from '../auth/principal.js';
import { CatalogRepository } from '../catalog/catalog.repository.js';
import type { AccessItem } from '../catalog/model.js';
import { ForbiddenError } from '../common/errors.js';
import { ALL_DEPARTMENTS, GrantChangeFeed } from './grant-change-feed.js';
import { GrantRepository } from './grant.repository.js';
import { DenialReason, GrantScope, type GrantRecord } from './grant.types.js';

export interface AllowedItem {
  item: AccessItem;
  /** The grant that allows it (its `unmasked` flag and quota apply). */
  grant: GrantRecord;
}

export interface DeniedItem {
  itemCode: string;
  reason: DenialReason;
  /** Present when the item exists. */
  item?: AccessItem;
}

export interface AccessDecision {
  allowed: AllowedItem[];
  denied: DeniedItem[];
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
 * The policy decision point: the only code that answers "may this principal read (or verify)
 * these items now?". Grants are cached per consumer department and dropped when any hub process
 * announces a change (GrantChangeFeed); validity is evaluated against the clock at each decision,
 * so a grant stops working the instant it expires, with no job running.
 */
@Injectable()
export class AccessPolicy {
  private readonly grants = new Map<string, DepartmentGrants>();
  private readonly items = new Map<string, { item: AccessItem | null; until: number }>();

  constructor(
    @Inject(GrantRepository) private readonly grantRepository: GrantRepository,
    @Inject(CatalogRepository) private readonly catalog: CatalogRepository,
    @Inject(GrantChangeFeed) private readonly feed: GrantChangeFeed,
  ) {
    feed.subscribe((consumerDept) => (consumerDept === ALL_DEPARTMENTS ? this.grants.clear() : this.grants.delete(consumerDept)));
  }

  async decide(principal: Principal, itemCodes: readonly string[], scope: GrantScope, now = new Date(), matterCode?: string | null): Promise<AccessDecision> {
    if (!principal.roles.includes(Role.CONSUMER)) {
      throw new ForbiddenError('Only a consumer system may query shared data', { requiredRoles: [Role.CONSUMER] });
    }
    const codes = [...new Set(itemCodes)];
    const [items, grants] = await Promise.all([this.itemsFor(codes), this.grantsFor(principal.dept)]);
    const decision: AccessDecision = { allowed: [], denied: [] };
    for (const code of codes) {
      const item = items.get(code);
      if (!item) {
        decision.denied.push({ itemCode: code, reason: DenialReason.UNKNOWN_ITEM });
        continue;
      }
      if (item.shareType === 'NOT_SHARED' || item.resourceStatus !== 'PUBLISHED') {
        decision.denied.push({ itemCode: code, reason: DenialReason.NOT_SHAREABLE, item });
        continue;
      }
      const outcome = judge(grants.byItem.get(code) ?? [], scope, now, matterCode?.trim() || null);
      if ('grant' in outcome) decision.allowed.push({ item, grant: outcome.grant });
      else decision.denied.push({ itemCode: code, reason: outcome.reason, item });
    }
    return decision;
  }

  /** Drops every cached grant and item (the bench measures uncached decisions this way). */
  forgetAll(): void {
    this.grants.clear();
    this.items.clear();
  }

  /** Drops this process's cache for a department at once (the feed tells the others). */
  forget(consumerDept: string): void {
    this.grants.delete(consumerDept);
  }

  private async grantsFor(consumerDept: string): Promise<DepartmentGrants> {
    const cached = this.grants.get(consumerDept);
    // Without a live feed we could miss a revoke: read the database every time until it is back.
    if (cached && this.feed.live && Date.now() - cached.loadedAt < GRANT_CACHE_TTL_MS) return cached;
    const loadedAt = Date.now();
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
    const now = Date.now();
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

/** The best usable grant for the scope, or why there is none. */
function judge(grants: GrantRecord[], scope: GrantScope, now: Date, matterCode: string | null): { grant: GrantRecord } | { reason: DenialReason } {
  const usable = grants.filter((g) => !g.revokedAt && g.validFrom <= now && now < g.validUntil);
  const inScope = usable.filter((g) => scope === GrantScope.VERIFY || g.scope === GrantScope.READ);
  // A grant limited to a matter serves only requests whose purpose names that matter.
  const fitting = inScope.filter((g) => g.matterCode === null || g.matterCode === matterCode);
  if (inScope.length && !fitting.length) return { reason: DenialReason.PURPOSE_MISMATCH };
  if (fitting.length) {
    // Prefer an unmasked grant, then the one valid longest.
    fitting.sort((a, b) => Number(b.unmasked) - Number(a.unmasked) || b.validUntil.getTime() - a.validUntil.getTime());
    return { grant: fitting[0] };
  }
  if (usable.length) return { reason: DenialReason.SCOPE };
  const latest = [...grants].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
  if (!latest) return { reason: DenialReason.NO_GRANT };
  if (latest.revokedAt) return { reason: DenialReason.REVOKED };
  if (latest.validUntil <= now) return { reason: DenialReason.EXPIRED };
  return { reason: DenialReason.NO_GRANT };
}

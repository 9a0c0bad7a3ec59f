import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { encodeCursor } from '../common/cursor.js';
import { Conditions, newestFirstPage } from '../database/newest-first-page.js';
import type { GrantRecord, GrantScope } from './grant.types.js';

const COLUMNS = `id, consumer_dept, item_code, provider_dept, scope, unmasked, purpose, valid_from, valid_until,
  daily_quota, granted_by, application_id, created_at, revoked_at, revoked_by, revoke_reason, matter_code`;

type Row = Record<string, unknown>;

function toGrant(row: Row): GrantRecord {
  return {
    id: row.id as string,
    consumerDept: row.consumer_dept as string,
    itemCode: row.item_code as string,
    providerDept: row.provider_dept as string,
    scope: row.scope as GrantScope,
    unmasked: row.unmasked as boolean,
    purpose: row.purpose as string,
    validFrom: row.valid_from as Date,
    validUntil: row.valid_until as Date,
    dailyQuota: row.daily_quota as number | null,
    grantedBy: row.granted_by as string,
    applicationId: row.application_id as string | null,
    createdAt: row.created_at as Date,
    revokedAt: row.revoked_at as Date | null,
    revokedBy: row.revoked_by as string | null,
    revokeReason: row.revoke_reason as string | null,
    matterCode: (row.matter_code as string | null) ?? null,
  };
}

export interface NewGrant {
  consumerDept: string;
  itemCode: string;
  providerDept: string;
  scope: GrantScope;
  unmasked: boolean;
  purpose: string;
  validUntil: Date;
  dailyQuota: number | null;
  grantedBy: string;
  applicationId: string | null;
  /** Limits the grant to requests for this matter (事项编码); absent: any matter. */
  matterCode?: string | null;
}

export interface GrantFilter {
  consumerDept?: string;
  providerDept?: string;
  itemCode?: string;
  /** Only grants usable now (not revoked, within validity). */
  activeOnly?: boolean;
  /** Row visibility for non-admins: the consumer's own grants, or those on the provider's items. */
  visibleTo?: { consumerDept?: string; providerDept?: string };
}

/** Grants in PostgreSQL; the one place with grant SQL. */
@Injectable()
export class GrantRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async insert(grants: NewGrant[], manager: EntityManager): Promise<GrantRecord[]> {
    if (!grants.length) return [];
    const rows: Row[] = await manager.query(
      `INSERT INTO grants (consumer_dept, item_code, provider_dept, scope, unmasked, purpose, valid_until, daily_quota, granted_by, application_id, matter_code)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::text[], $7::timestamptz[], $8::int[], $9::text[], $10::uuid[], $11::text[])
       RETURNING ${COLUMNS}`,
      [
        grants.map((g) => g.consumerDept),
        grants.map((g) => g.itemCode),
        grants.map((g) => g.providerDept),
        grants.map((g) => g.scope),
        grants.map((g) => g.unmasked),
        grants.map((g) => g.purpose),
        grants.map((g) => g.validUntil.toISOString()),
        grants.map((g) => g.dailyQuota),
        grants.map((g) => g.grantedBy),
        grants.map((g) => g.applicationId),
        grants.map((g) => g.matterCode ?? null),
      ],
    );
    return rows.map(toGrant);
  }

  /**
   * Every grant of a consumer department that can still matter to a decision: usable ones, and
   * those revoked or expired in the last 90 days (so a refusal can say REVOKED or EXPIRED).
   */
  async forConsumer(consumerDept: string): Promise<GrantRecord[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM grants
        WHERE consumer_dept = $1
          AND (revoked_at IS NULL OR revoked_at > now() - interval '90 days')
          AND valid_until > now() - interval '90 days'`,
      [consumerDept],
    );
    return rows.map(toGrant);
  }

  async findById(id: string, manager?: EntityManager): Promise<GrantRecord | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const rows: Row[] = await (manager ?? this.dataSource).query(`SELECT ${COLUMNS} FROM grants WHERE id = $1`, [id]);
    return rows[0] ? toGrant(rows[0]) : undefined;
  }

  /** Revokes a grant that is not revoked yet; undefined when it already was. */
  async revoke(id: string, revokedBy: string, reason: string, manager: EntityManager): Promise<GrantRecord | undefined> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affectedCount].
    const [rows]: [Row[], number] = await manager.query(
      `UPDATE grants SET revoked_at = now(), revoked_by = $2, revoke_reason = $3
        WHERE id = $1 AND revoked_at IS NULL RETURNING ${COLUMNS}`,
      [id, revokedBy, reason],
    );
    return rows[0] ? toGrant(rows[0]) : undefined;
  }

  /** Newest first, keyset-paged on (created_at, id). */
  async list(filter: GrantFilter, first: number, after?: string): Promise<{ grants: GrantRecord[]; hasNextPage: boolean; totalCount: number }> {
    const where = new Conditions()
      .equals('consumer_dept', filter.consumerDept)
      .equals('provider_dept', filter.providerDept)
      .equals('item_code', filter.itemCode);
    if (filter.activeOnly) where.add('revoked_at IS NULL AND valid_from <= now() AND valid_until > now()');
    if (filter.visibleTo) {
      where.anyOf([
        ['consumer_dept', filter.visibleTo.consumerDept],
        ['provider_dept', filter.visibleTo.providerDept],
      ]);
    }
    const page = await newestFirstPage<Row>(this.dataSource, {
      select: COLUMNS,
      from: 'grants',
      timeColumn: 'created_at',
      idColumn: 'id',
      conditions: where,
      first,
      after,
    });
    return { grants: page.rows.map(toGrant), hasNextPage: page.hasNextPage, totalCount: page.totalCount };
  }

  /** Adds `uses` to each grant's count for `day`; returns the counts after adding. One statement. */
  async countUses(grantIds: string[], day: string, uses: number): Promise<Map<string, number>> {
    const rows: { grant_id: string; used: number }[] = await this.dataSource.query(
      `INSERT INTO grant_usage (grant_id, day, used) SELECT id, $2::date, $3 FROM unnest($1::uuid[]) AS id
       ON CONFLICT (grant_id, day) DO UPDATE SET used = grant_usage.used + EXCLUDED.used
       RETURNING grant_id, used`,
      [grantIds, day, uses],
    );
    return new Map(rows.map((row) => [row.grant_id, row.used]));
  }

  static cursorOf(grant: GrantRecord): string {
    return encodeCursor([grant.createdAt.toISOString(), grant.id]);
  }
}

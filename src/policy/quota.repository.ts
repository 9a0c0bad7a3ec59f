import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Daily grant quotas in PostgreSQL (table grant_usage), shared by every hub process. */
@Injectable()
export class QuotaRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * Takes up to `units` of each grant's quota for `day` and returns how many each got. One
   * statement: the row lock of INSERT … ON CONFLICT DO UPDATE orders concurrent requests (of any
   * process), and each adds only what is left below the quota, so no two ever exceed it together.
   */
  async take(wanted: { grantId: string; units: number }[], day: string): Promise<Map<string, number>> {
    if (!wanted.length) return new Map();
    const rows: { grant_id: string; taken: number }[] = await this.dataSource.query(
      `INSERT INTO grant_usage AS u (grant_id, day, used, taken)
       SELECT a.grant_id, $3::date, LEAST(a.units, g.daily_quota), LEAST(a.units, g.daily_quota)
         FROM unnest($1::uuid[], $2::int[]) AS a(grant_id, units) JOIN grants g ON g.id = a.grant_id
        WHERE g.daily_quota IS NOT NULL
       ON CONFLICT (grant_id, day) DO UPDATE
         SET used = u.used + GREATEST(0, LEAST(EXCLUDED.taken, (SELECT daily_quota FROM grants WHERE id = u.grant_id) - u.used)),
             taken = GREATEST(0, LEAST(EXCLUDED.taken, (SELECT daily_quota FROM grants WHERE id = u.grant_id) - u.used))
       RETURNING grant_id, taken`,
      [wanted.map((w) => w.grantId), wanted.map((w) => w.units), day],
    );
    return new Map(rows.map((row) => [row.grant_id, Number(row.taken)]));
  }
}

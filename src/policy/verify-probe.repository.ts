import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

const WINDOW = `interval '24 hours'`;

export interface CountedMismatch {
  itemCode: string;
  /** This answer reached the limit: the window's alert is due. */
  tripped: boolean;
  windowStart: Date;
}

/**
 * Non-matching verify answers per consumer department × subject (keyed HMAC) × item, in
 * PostgreSQL (table verify_probes) so that every hub process counts the same.
 */
@Injectable()
export class VerifyProbeRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** The items among `itemCodes` whose limit is reached in the current window. */
  async limited(consumerDept: string, subjectHash: string, itemCodes: string[], limit: number, now: Date): Promise<Set<string>> {
    if (!itemCodes.length) return new Set();
    const rows: { item_code: string }[] = await this.dataSource.query(
      `SELECT item_code FROM verify_probes
        WHERE consumer_dept = $1 AND subject_hash = $2 AND item_code = ANY($3::text[])
          AND mismatches >= $4 AND window_start > $5::timestamptz - ${WINDOW}`,
      [consumerDept, subjectHash, itemCodes, limit, now],
    );
    return new Set(rows.map((row) => row.item_code));
  }

  /**
   * Counts one non-matching answer per item, each only while its window is below the limit (one
   * statement, so concurrent calls of any process cannot both take the last one). Items missing
   * from the answer were at the limit already: their answer must not be given.
   */
  async count(consumerDept: string, principalSub: string, subjectHash: string, itemCodes: string[], limit: number, now: Date): Promise<CountedMismatch[]> {
    if (!itemCodes.length) return [];
    const fresh = `p.window_start <= $4::timestamptz - ${WINDOW}`;
    const next = `CASE WHEN ${fresh} THEN 1 ELSE p.mismatches + 1 END`;
    const rows: { item_code: string; mismatches: number; limited_at: Date | null; window_start: Date }[] = await this.dataSource.query(
      `INSERT INTO verify_probes AS p (consumer_dept, subject_hash, item_code, window_start, mismatches, limited_at, limited_by)
       SELECT $1::text, $2::text, code, $4::timestamptz, 1, CASE WHEN $5::int <= 1 THEN $4::timestamptz END, CASE WHEN $5::int <= 1 THEN $6::text END
         FROM unnest($3::text[]) AS code
       ON CONFLICT (consumer_dept, subject_hash, item_code) DO UPDATE
         SET window_start = CASE WHEN ${fresh} THEN $4::timestamptz ELSE p.window_start END,
             mismatches = ${next},
             limited_at = CASE WHEN ${next} >= $5::int THEN $4::timestamptz END,
             limited_by = CASE WHEN ${next} >= $5::int THEN $6::text END
         WHERE ${fresh} OR p.mismatches < $5::int
       RETURNING item_code, mismatches, limited_at, window_start`,
      [consumerDept, subjectHash, itemCodes, now, limit, principalSub],
    );
    return rows.map((row) => ({ itemCode: row.item_code, tripped: row.mismatches >= limit, windowStart: row.window_start }));
  }

  /** How many distinct subjects this principal reached the limit on in the hour before `now`. */
  async subjectsLimitedBy(consumerDept: string, principalSub: string, now: Date): Promise<number> {
    const rows: { n: number }[] = await this.dataSource.query(
      `SELECT count(DISTINCT subject_hash)::int AS n FROM verify_probes
        WHERE consumer_dept = $1 AND limited_by = $2 AND limited_at > $3::timestamptz - interval '1 hour' AND limited_at <= $3::timestamptz`,
      [consumerDept, principalSub, now],
    );
    return rows[0]?.n ?? 0;
  }
}

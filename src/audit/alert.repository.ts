import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { decodePosition, encodeCursor } from '../common/cursor.js';
import type { Principal } from '../auth/principal.js';
import type { AuditAlertConfig } from '../config/config.js';
import { afterPosition, Conditions, orderAndLimit, takePage, type Keyset } from '../database/listing.js';
import type { Queryable } from './pg-connection.js';

export type AlertRule = 'DISTINCT_SUBJECTS' | 'OFF_HOURS' | 'SUBJECT_CASES' | 'DENIED_BURST' | 'VERIFY_PROBING' | 'VERIFY_PROBING_SUBJECTS';

/** One alert: a rule's window with what was observed there. */
export interface AlertRecord {
  id: string;
  rule: AlertRule;
  windowStart: Date;
  windowEnd: Date;
  consumerDept: string | null;
  principalSub: string | null;
  subjectMasked: string | null;
  itemCode: string | null;
  observed: number;
  threshold: number;
  eventIds: string[];
  raisedAt: Date;
  updatedAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  acknowledgementNote: string | null;
}

interface AlertRow {
  id: string;
  rule: AlertRule;
  window_start: Date;
  window_end: Date;
  consumer_dept: string | null;
  principal_sub: string | null;
  subject_masked: string | null;
  item_code: string | null;
  observed: number;
  threshold: number;
  event_ids: string[];
  raised_at: Date;
  updated_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  acknowledgement_note: string | null;
}

const ALERT_COLUMNS =
  'id, rule, window_start, window_end, consumer_dept, principal_sub, subject_masked, item_code, observed, threshold, event_ids, raised_at, updated_at, acknowledged_at, acknowledged_by, acknowledgement_note';

function toRecord(row: AlertRow): AlertRecord {
  return {
    id: row.id,
    rule: row.rule,
    windowStart: row.window_start,
    windowEnd: row.window_end,
    consumerDept: row.consumer_dept,
    principalSub: row.principal_sub,
    subjectMasked: row.subject_masked,
    itemCode: row.item_code,
    observed: row.observed,
    threshold: row.threshold,
    eventIds: row.event_ids,
    raisedAt: row.raised_at,
    updatedAt: row.updated_at,
    acknowledgedAt: row.acknowledged_at,
    acknowledgedBy: row.acknowledged_by,
    acknowledgementNote: row.acknowledgement_note,
  };
}

/**
 * Alerts (`audit_alert`) and the rules' progress through the log (`audit_alert_cursor`): the one
 * place with their SQL. The rules are SQL over `audit_event`: each re-counts, over the whole
 * log, the windows that the events in [from, to) fall in, and upserts one row per rule and
 * window. The evaluator (alerts.ts) runs them in its transaction. The verify limit's alerts are
 * written when the rule trips instead (the policy counts verify answers as they are given).
 */
@Injectable()
export class AlertRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * Locks the cursor row for this round unless another process holds it: where the last round
   * stopped and the log's size now, or undefined when the round is another process's.
   */
  async lockCursor(client: Queryable): Promise<{ evaluatedTo: number; treeSize: number } | undefined> {
    const { rows } = await client.query<{ evaluated_to: string; tree_size: string }>(
      `SELECT c.evaluated_to, (SELECT tree_size FROM audit_log_head WHERE id = 1) AS tree_size
         FROM audit_alert_cursor c WHERE c.id = 1 FOR UPDATE SKIP LOCKED`,
    );
    return rows[0] ? { evaluatedTo: Number(rows[0].evaluated_to), treeSize: Number(rows[0].tree_size) } : undefined;
  }

  async advanceCursor(client: Queryable, to: number): Promise<void> {
    await client.query('UPDATE audit_alert_cursor SET evaluated_to = $1 WHERE id = 1', [to]);
  }

  /** Runs every rule over the windows of the events with leaf index in [from, to). */
  async evaluate(client: Queryable, from: number, to: number, config: AuditAlertConfig): Promise<void> {
    const c = config;
    const upsert = `INSERT INTO audit_alert (id, rule, dedupe_key, window_start, window_end, consumer_dept, principal_sub, subject_masked, observed, threshold, event_ids)
      SELECT gen_random_uuid(), a.rule, a.dedupe_key, a.window_start, a.window_end, a.consumer_dept, a.principal_sub, a.subject_masked, a.observed, a.threshold, a.event_ids
        FROM alerts a
      ON CONFLICT (dedupe_key) DO UPDATE
        SET observed = EXCLUDED.observed, event_ids = EXCLUDED.event_ids, updated_at = now()
        WHERE audit_alert.observed <> EXCLUDED.observed`;
    const fresh = `SELECT * FROM audit_event WHERE leaf_index >= $1 AND leaf_index < $2 AND kind <> 'ADMIN'`;

    // One principal, more than N distinct subjects in one clock hour.
    await client.query(
      `WITH fresh AS (${fresh}),
       windows AS (SELECT DISTINCT consumer_dept, principal_sub, date_trunc('hour', recorded_at) AS h FROM fresh WHERE subject_hash IS NOT NULL),
       alerts AS (
         SELECT 'DISTINCT_SUBJECTS' AS rule, 'DISTINCT_SUBJECTS:' || w.consumer_dept || ':' || w.principal_sub || ':' || extract(epoch FROM w.h)::bigint AS dedupe_key,
                w.h AS window_start, w.h + interval '1 hour' AS window_end, w.consumer_dept, w.principal_sub, NULL::text AS subject_masked,
                count(DISTINCT e.subject_hash)::int AS observed, $3::int AS threshold, (array_agg(e.id ORDER BY e.leaf_index))[1:100] AS event_ids
           FROM windows w JOIN audit_event e
             ON e.consumer_dept = w.consumer_dept AND e.principal_sub = w.principal_sub
            AND e.recorded_at >= w.h AND e.recorded_at < w.h + interval '1 hour' AND e.subject_hash IS NOT NULL AND e.kind <> 'ADMIN'
          GROUP BY w.consumer_dept, w.principal_sub, w.h
         HAVING count(DISTINCT e.subject_hash) > $3)
       ${upsert}`,
      [from, to, c.distinctSubjectsPerHour],
    );

    // Access outside working hours or days (local time), one alert per principal and day.
    const [startH, startM] = c.workingHours.start.split(':').map(Number);
    const [endH, endM] = c.workingHours.end.split(':').map(Number);
    const start = startH * 60 + startM;
    const end = endH * 60 + endM;
    const minute = `(extract(hour FROM e.recorded_at AT TIME ZONE $3) * 60 + extract(minute FROM e.recorded_at AT TIME ZONE $3))`;
    const hours = start <= end ? `(${minute} >= ${start} AND ${minute} < ${end})` : `(${minute} >= ${start} OR ${minute} < ${end})`;
    // A public holiday (SHAREHUB_HOLIDAYS) is off hours all day, like a weekend.
    const inside = `(${hours} AND NOT (to_char(e.recorded_at AT TIME ZONE $3, 'YYYY-MM-DD') = ANY($5::text[])))`;
    await client.query(
      `WITH e AS (${fresh}),
       off AS (SELECT e.*, date_trunc('day', e.recorded_at AT TIME ZONE $3) AS local_day FROM e
                WHERE NOT (extract(isodow FROM e.recorded_at AT TIME ZONE $3)::int = ANY($4::int[]) AND ${inside})),
       days AS (SELECT DISTINCT consumer_dept, principal_sub, local_day FROM off),
       alerts AS (
         SELECT 'OFF_HOURS' AS rule, 'OFF_HOURS:' || d.consumer_dept || ':' || d.principal_sub || ':' || to_char(d.local_day, 'YYYY-MM-DD') AS dedupe_key,
                d.local_day AT TIME ZONE $3 AS window_start, (d.local_day + interval '1 day') AT TIME ZONE $3 AS window_end,
                d.consumer_dept, d.principal_sub, NULL::text AS subject_masked,
                count(*)::int AS observed, 1 AS threshold, (array_agg(x.id ORDER BY x.leaf_index))[1:100] AS event_ids
           FROM days d JOIN LATERAL (
             SELECT e.id, e.leaf_index FROM audit_event e
              WHERE e.consumer_dept = d.consumer_dept AND e.principal_sub = d.principal_sub AND e.kind <> 'ADMIN'
                AND e.recorded_at >= d.local_day AT TIME ZONE $3 AND e.recorded_at < (d.local_day + interval '1 day') AT TIME ZONE $3
                AND NOT (extract(isodow FROM e.recorded_at AT TIME ZONE $3)::int = ANY($4::int[]) AND ${inside})) x ON true
          GROUP BY d.consumer_dept, d.principal_sub, d.local_day)
       ${upsert}`,
      [from, to, c.timeZone, c.workingDays, c.holidays ?? []],
    );

    // One subject read under at least N different case numbers in one (local) day.
    await client.query(
      `WITH fresh AS (${fresh}),
       days AS (SELECT DISTINCT subject_hash, date_trunc('day', recorded_at AT TIME ZONE $3) AS local_day FROM fresh WHERE subject_hash IS NOT NULL AND case_no IS NOT NULL),
       alerts AS (
         SELECT 'SUBJECT_CASES' AS rule, 'SUBJECT_CASES:' || d.subject_hash || ':' || to_char(d.local_day, 'YYYY-MM-DD') AS dedupe_key,
                d.local_day AT TIME ZONE $3 AS window_start, (d.local_day + interval '1 day') AT TIME ZONE $3 AS window_end,
                NULL::text AS consumer_dept, NULL::text AS principal_sub, min(e.subject_masked) AS subject_masked,
                count(DISTINCT e.case_no)::int AS observed, $4::int AS threshold, (array_agg(e.id ORDER BY e.leaf_index))[1:100] AS event_ids
           FROM days d JOIN audit_event e
             ON e.subject_hash = d.subject_hash AND e.case_no IS NOT NULL AND e.kind <> 'ADMIN'
            AND e.recorded_at >= d.local_day AT TIME ZONE $3 AND e.recorded_at < (d.local_day + interval '1 day') AT TIME ZONE $3
          GROUP BY d.subject_hash, d.local_day
         HAVING count(DISTINCT e.case_no) >= $4)
       ${upsert}`,
      [from, to, c.timeZone, c.casesPerSubjectPerDay],
    );

    // At least N denied requests by one principal within one window of M minutes.
    await client.query(
      `WITH fresh AS (${fresh}),
       windows AS (SELECT DISTINCT consumer_dept, principal_sub,
                          to_timestamp(floor(extract(epoch FROM recorded_at) / ($3::int * 60)) * $3::int * 60) AS w
                     FROM fresh WHERE outcome = 'DENIED'),
       alerts AS (
         SELECT 'DENIED_BURST' AS rule, 'DENIED_BURST:' || w.consumer_dept || ':' || w.principal_sub || ':' || extract(epoch FROM w.w)::bigint AS dedupe_key,
                w.w AS window_start, w.w + make_interval(mins => $3::int) AS window_end, w.consumer_dept, w.principal_sub, NULL::text AS subject_masked,
                count(*)::int AS observed, $4::int AS threshold, (array_agg(e.id ORDER BY e.leaf_index))[1:100] AS event_ids
           FROM windows w JOIN audit_event e
             ON e.consumer_dept = w.consumer_dept AND e.principal_sub = w.principal_sub AND e.outcome = 'DENIED'
            AND e.recorded_at >= w.w AND e.recorded_at < w.w + make_interval(mins => $3::int)
          GROUP BY w.consumer_dept, w.principal_sub, w.w
         HAVING count(*) >= $4)
       ${upsert}`,
      [from, to, c.deniedWindowMinutes, c.deniedBurst],
    );
  }

  /** One page of the alerts whose window starts in [from, to), newest window first, after the previous page's last alert. */
  async page(from: Date | undefined, to: Date | undefined, first: number, after?: string | null): Promise<{ alerts: AlertRecord[]; hasNextPage: boolean }> {
    const where = new Conditions();
    if (from) where.add(`window_start >= ${where.bind(from)}`);
    if (to) where.add(`window_start < ${where.bind(to)}`);
    if (after) afterPosition(where, ALERT_ORDER, decodePosition(after, ['time', 'uuid'], 'alert'));
    const rows: AlertRow[] = await this.dataSource.query(
      `SELECT ${ALERT_COLUMNS}
         FROM audit_alert ${where.sql} ${orderAndLimit(where, ALERT_ORDER, first)}`,
      where.params,
    );
    const page = takePage(rows, first);
    return { alerts: page.rows.map(toRecord), hasNextPage: page.hasNextPage };
  }

  /** A department reached the verify limit for one subject and item (VERIFY_PROBING), in the 24-hour window from `windowStart`. */
  async raiseVerifyProbing(alert: {
    principal: Principal;
    subjectHash: string;
    subjectMasked: string;
    itemCode: string;
    windowStart: Date;
    observed: number;
    eventId: string;
  }): Promise<void> {
    const start = alert.windowStart;
    await this.upsert({
      rule: 'VERIFY_PROBING',
      dedupeKey: `VERIFY_PROBING:${alert.principal.dept}:${alert.subjectHash}:${alert.itemCode}:${Math.floor(start.getTime() / 1000)}`,
      windowStart: start,
      windowEnd: new Date(start.getTime() + 24 * 3_600_000),
      principal: alert.principal,
      subjectMasked: alert.subjectMasked,
      itemCode: alert.itemCode,
      observed: alert.observed,
      threshold: alert.observed,
      eventId: alert.eventId,
    });
  }

  /** One principal reached the verify limit on `observed` subjects within the hour before `at` (VERIFY_PROBING_SUBJECTS). */
  async raiseVerifyProbingSubjects(alert: { principal: Principal; at: Date; observed: number; threshold: number; eventId: string }): Promise<void> {
    const hour = Math.floor(alert.at.getTime() / 3_600_000) * 3_600_000;
    await this.upsert({
      rule: 'VERIFY_PROBING_SUBJECTS',
      dedupeKey: `VERIFY_PROBING_SUBJECTS:${alert.principal.dept}:${alert.principal.sub}:${hour / 1000}`,
      windowStart: new Date(alert.at.getTime() - 3_600_000),
      windowEnd: alert.at,
      principal: alert.principal,
      subjectMasked: null,
      itemCode: null,
      observed: alert.observed,
      threshold: alert.threshold,
      eventId: alert.eventId,
    });
  }

  private async upsert(a: {
    rule: string;
    dedupeKey: string;
    windowStart: Date;
    windowEnd: Date;
    principal: Principal;
    subjectMasked: string | null;
    itemCode: string | null;
    observed: number;
    threshold: number;
    eventId: string;
  }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO audit_alert (id, rule, dedupe_key, window_start, window_end, consumer_dept, principal_sub, subject_masked, item_code, observed, threshold, event_ids)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, ARRAY[$11::uuid])
       ON CONFLICT (dedupe_key) DO UPDATE
         SET observed = GREATEST(audit_alert.observed, EXCLUDED.observed),
             event_ids = (audit_alert.event_ids || EXCLUDED.event_ids)[1:100],
             updated_at = now()`,
      [a.rule, a.dedupeKey, a.windowStart, a.windowEnd, a.principal.dept, a.principal.sub, a.subjectMasked, a.itemCode, a.observed, a.threshold, a.eventId],
    );
  }

  /** Marks an alert as seen by an auditor; undefined if there is no such alert or it was already acknowledged. */
  async acknowledge(id: string, by: string, note: string): Promise<AlertRecord | undefined> {
    const rows: AlertRow[] = await this.dataSource.query(
      // As a CTE, so the driver returns the rows (for a bare UPDATE, TypeORM returns [rows, count]).
      `WITH acknowledged AS (
         UPDATE audit_alert SET acknowledged_at = now(), acknowledged_by = $2, acknowledgement_note = $3
          WHERE id = $1 AND acknowledged_at IS NULL
          RETURNING ${ALERT_COLUMNS})
       SELECT * FROM acknowledged`,
      [id, by, note],
    );
    return rows[0] && toRecord(rows[0]);
  }

  static cursorOf(alert: AlertRecord): string {
    return encodeCursor(['alert', alert.windowStart.toISOString(), alert.id]);
  }
}

/** Newest window first. */
const ALERT_ORDER: Keyset = { columns: [{ sql: 'window_start', type: 'timestamptz' }, { sql: 'id', type: 'uuid' }], direction: 'DESC' };

import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { AuditAlertConfig } from '../config/config.js';
import { withConnection, type Queryable } from './pg-connection.js';

export interface AlertRow {
  id: string;
  rule: 'DISTINCT_SUBJECTS' | 'OFF_HOURS' | 'SUBJECT_CASES' | 'DENIED_BURST' | 'VERIFY_PROBING' | 'VERIFY_PROBING_SUBJECTS';
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

/** Most new events one round looks at; the next round goes on from there. */
const ROUND_LIMIT = 50_000;

/**
 * The alert rules. Each round (every `intervalMs`, in whichever hub process locks the cursor
 * row first) takes the events committed since the last round, finds the windows they fall in
 * (principal × clock hour, principal × day, subject × day, principal × N minutes) and
 * re-counts those windows over the whole log, so alerts are exact however events were spread
 * over processes and rounds. An alert is one row per rule and window, updated as it grows.
 */
export class AlertEvaluator {
  private readonly logger = new Logger('AuditAlerts');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AuditAlertConfig,
  ) {}

  start(): void {
    if (this.config.intervalMs <= 0) return;
    this.timer = setInterval(() => {
      this.running = this.runOnce().catch((error: unknown) => this.logger.warn(`alert rules not evaluated: ${(error as Error).message}`));
    }, this.config.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One round; returns how many events it covered (0 when another process holds the round). */
  async runOnce(): Promise<number> {
    return withConnection(this.dataSource, async (client) => {
      await client.query('BEGIN');
      try {
        const { rows } = await client.query<{ evaluated_to: string; tree_size: string }>(
          `SELECT c.evaluated_to, (SELECT tree_size FROM audit_log_head WHERE id = 1) AS tree_size
             FROM audit_alert_cursor c WHERE c.id = 1 FOR UPDATE SKIP LOCKED`,
        );
        if (!rows.length) {
          await client.query('COMMIT');
          return 0;
        }
        const from = Number(rows[0].evaluated_to);
        const to = Math.min(Number(rows[0].tree_size), from + ROUND_LIMIT);
        if (to > from) {
          await this.evaluate(client, from, to);
          await client.query('UPDATE audit_alert_cursor SET evaluated_to = $1 WHERE id = 1', [to]);
        }
        await client.query('COMMIT');
        return to - from;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  /** Runs rounds until every committed event was looked at (tests, shutdown). */
  async catchUp(): Promise<void> {
    while ((await this.runOnce()) > 0);
  }

  private async evaluate(client: Queryable, from: number, to: number): Promise<void> {
    const c = this.config;
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
    const inside = start <= end ? `(${minute} >= ${start} AND ${minute} < ${end})` : `(${minute} >= ${start} OR ${minute} < ${end})`;
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
      [from, to, c.timeZone, c.workingDays],
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

  /** Alerts whose window starts in [from, to), newest window first, keyset after (windowStart, id). */
  async list(from: Date | undefined, to: Date | undefined, limit: number, after?: { windowStart: string; id: string }): Promise<AlertRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (from) where.push(`window_start >= $${params.push(from)}`);
    if (to) where.push(`window_start < $${params.push(to)}`);
    if (after) where.push(`(window_start, id) < ($${params.push(after.windowStart)}::timestamptz, $${params.push(after.id)}::uuid)`);
    params.push(limit);
    return this.dataSource.query(
      `SELECT ${ALERT_COLUMNS}
         FROM audit_alert ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY window_start DESC, id DESC LIMIT $${params.length}`,
      params,
    );
  }

  /** Marks an alert as seen by an auditor; undefined if there is no such alert or it was already acknowledged. */
  async acknowledge(id: string, by: string, note: string): Promise<AlertRow | undefined> {
    const rows: AlertRow[] = await this.dataSource.query(
      // As a CTE, so the driver returns the rows (for a bare UPDATE, TypeORM returns [rows, count]).
      `WITH acknowledged AS (
         UPDATE audit_alert SET acknowledged_at = now(), acknowledged_by = $2, acknowledgement_note = $3
          WHERE id = $1 AND acknowledged_at IS NULL
          RETURNING ${ALERT_COLUMNS})
       SELECT * FROM acknowledged`,
      [id, by, note],
    );
    return rows[0];
  }
}

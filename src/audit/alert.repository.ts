import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal.js';

/**
 * Alerts raised at the moment a rule trips, rather than by the periodic evaluator over the log:
 * the verify limit is counted by the policy as answers are given, so its alerts are written
 * then (one row per rule and window, as the evaluator's; a repeat only updates it).
 */
@Injectable()
export class AlertRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

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
}

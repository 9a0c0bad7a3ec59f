import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The policy's counters, shared by every hub process:
 * - `grant_usage.taken`: the units the latest counting statement took for a grant, so one
 *   INSERT … ON CONFLICT DO UPDATE … RETURNING both counts and tells how many units it granted
 *   (never read-then-write: two replicas never exceed a quota together).
 * - `verify_probes`: non-matching verify answers per consumer department × subject (the audit
 *   log's keyed HMAC, never the identifier) × item, in a 24-hour window opened by the first one;
 *   `limited_at`/`limited_by` say when and by whom the limit was reached in that window.
 * - `audit_alert.item_code`: the item an alert is about (VERIFY_PROBING names it).
 */
export class PolicyCounters1764300001000 implements MigrationInterface {
  name = 'PolicyCounters1764300001000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE grant_usage ADD COLUMN taken integer NOT NULL DEFAULT 0');
    await runner.query(`
      CREATE TABLE verify_probes (
        consumer_dept text        NOT NULL,
        subject_hash  text        NOT NULL,
        item_code     text        NOT NULL,
        window_start  timestamptz NOT NULL,
        mismatches    integer     NOT NULL,
        limited_at    timestamptz,
        limited_by    text,
        PRIMARY KEY (consumer_dept, subject_hash, item_code)
      )`);
    await runner.query('CREATE INDEX verify_probes_limited ON verify_probes (consumer_dept, limited_by, limited_at) WHERE limited_at IS NOT NULL');
    await runner.query(`DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sharehub_app') THEN
          GRANT SELECT, INSERT, UPDATE, DELETE ON verify_probes TO sharehub_app;
        END IF;
      END $$`);
    await runner.query('ALTER TABLE audit_alert ADD COLUMN item_code text');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE audit_alert DROP COLUMN IF EXISTS item_code');
    await runner.query('DROP TABLE IF EXISTS verify_probes');
    await runner.query('ALTER TABLE grant_usage DROP COLUMN IF EXISTS taken');
  }
}

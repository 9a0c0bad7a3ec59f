import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An auditor acknowledges an alert (who, when, a note); the rules keep updating its counts. */
export class AlertAcknowledgement1764760000000 implements MigrationInterface {
  name = 'AlertAcknowledgement1764760000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE audit_alert
        ADD COLUMN acknowledged_at timestamptz,
        ADD COLUMN acknowledged_by text,
        ADD COLUMN acknowledgement_note text`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE audit_alert DROP COLUMN acknowledged_at, DROP COLUMN acknowledged_by, DROP COLUMN acknowledgement_note');
  }
}

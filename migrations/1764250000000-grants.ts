import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Access applications (one per provider department), their items, and grants. Item codes are
 * not foreign keys: catalogue items are versioned, and the code is what stays stable.
 */
export class Grants1764250000000 implements MigrationInterface {
  name = 'Grants1764250000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE access_applications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        consumer_dept text NOT NULL,
        provider_dept text NOT NULL,
        applicant_sub text NOT NULL,
        applicant_name text,
        scope text NOT NULL CHECK (scope IN ('READ', 'VERIFY')),
        unmasked boolean NOT NULL DEFAULT false,
        purpose text NOT NULL,
        legal_basis text NOT NULL,
        valid_until timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'PARTIALLY_APPROVED', 'REJECTED')),
        submitted_at timestamptz NOT NULL DEFAULT now(),
        due_at timestamptz NOT NULL,
        decided_at timestamptz,
        decided_by text,
        decision_reason text
      )`);
    await runner.query('CREATE INDEX access_applications_consumer ON access_applications (consumer_dept, submitted_at DESC, id DESC)');
    await runner.query('CREATE INDEX access_applications_provider ON access_applications (provider_dept, submitted_at DESC, id DESC)');
    await runner.query(`
      CREATE TABLE access_application_items (
        application_id uuid NOT NULL REFERENCES access_applications (id),
        item_code text NOT NULL,
        decision text NOT NULL CHECK (decision IN ('PENDING', 'APPROVED', 'REJECTED', 'NOT_SHAREABLE')),
        PRIMARY KEY (application_id, item_code)
      )`);
    await runner.query(`
      CREATE TABLE grants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        consumer_dept text NOT NULL,
        item_code text NOT NULL,
        provider_dept text NOT NULL,
        scope text NOT NULL CHECK (scope IN ('READ', 'VERIFY')),
        unmasked boolean NOT NULL DEFAULT false,
        purpose text NOT NULL,
        valid_from timestamptz NOT NULL DEFAULT now(),
        valid_until timestamptz NOT NULL,
        daily_quota integer CHECK (daily_quota IS NULL OR daily_quota > 0),
        granted_by text NOT NULL,
        application_id uuid REFERENCES access_applications (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        revoked_by text,
        revoke_reason text,
        CHECK (valid_until > valid_from)
      )`);
    await runner.query('CREATE INDEX grants_consumer ON grants (consumer_dept, item_code)');
    await runner.query('CREATE INDEX grants_provider ON grants (provider_dept, created_at DESC, id DESC)');
    await runner.query('CREATE INDEX grants_listing ON grants (created_at DESC, id DESC)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE grants');
    await runner.query('DROP TABLE access_application_items');
    await runner.query('DROP TABLE access_applications');
  }
}

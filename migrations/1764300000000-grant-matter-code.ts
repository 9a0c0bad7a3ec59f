import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A grant may be limited to one matter (事项编码): it then serves only requests whose purpose
 * names that matter code. NULL: the grant serves any matter (as every grant did before).
 */
export class GrantMatterCode1764300000000 implements MigrationInterface {
  name = 'GrantMatterCode1764300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE grants ADD COLUMN matter_code text');
    await runner.query(`ALTER TABLE grants ADD CONSTRAINT grants_matter_code_length CHECK (matter_code IS NULL OR length(matter_code) BETWEEN 1 AND 64)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE grants DROP COLUMN IF EXISTS matter_code');
  }
}

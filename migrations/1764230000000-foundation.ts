import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Extensions the later migrations rely on: trigram search for the Chinese catalogue. */
export class Foundation1764230000000 implements MigrationInterface {
  name = 'Foundation1764230000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await runner.query('CREATE EXTENSION IF NOT EXISTS pgcrypto');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP EXTENSION IF EXISTS pgcrypto');
    await runner.query('DROP EXTENSION IF EXISTS pg_trgm');
  }
}

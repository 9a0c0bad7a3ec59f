import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Source bindings: how the hub reaches the system behind each resource (no secrets stored). */
export class Sources1764270000000 implements MigrationInterface {
  name = 'Sources1764270000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE source_bindings (
        resource_code text PRIMARY KEY,
        adapter text NOT NULL CHECK (adapter IN ('http', 'sql')),
        binding jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE grant_usage (
        grant_id uuid NOT NULL,
        day date NOT NULL,
        used integer NOT NULL,
        PRIMARY KEY (grant_id, day)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE grant_usage');
    await runner.query('DROP TABLE source_bindings');
  }
}

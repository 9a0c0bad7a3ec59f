import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the hub's own database role `sharehub_app` (created by the audit migration) may do on the
 * tables of the catalogue, grants, sources and certificates: read and write them as the hub does.
 * The audit tables keep their narrower grants (INSERT and SELECT only), so a hub running as this
 * role cannot UPDATE or DELETE an audit record even if it wanted to.
 */
const WRITABLE_TABLES = [
  'departments',
  'resources',
  'data_items',
  'resource_versions',
  'access_applications',
  'access_application_items',
  'grants',
  'grant_usage',
  'source_bindings',
  'certificate_seal_keys',
  'certificate_revocations',
];

export class AppRole1764290000000 implements MigrationInterface {
  name = 'AppRole1764290000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const table of WRITABLE_TABLES) {
      await runner.query(`DO $$ BEGIN
        IF to_regclass('${table}') IS NOT NULL THEN
          EXECUTE 'GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO sharehub_app';
        END IF;
      END $$`);
    }
    await runner.query('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO sharehub_app');
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of WRITABLE_TABLES) {
      await runner.query(`DO $$ BEGIN
        IF to_regclass('${table}') IS NOT NULL THEN EXECUTE 'REVOKE ALL ON ${table} FROM sharehub_app'; END IF;
      END $$`);
    }
  }
}

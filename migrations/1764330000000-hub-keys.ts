import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `hub_key`: every generation of the keys the hub itself signs with, hashes with or issues
 * tokens with (audit checkpoints, disclosure receipts, subject references, the hub's token key).
 * The private halves stay in files of the key folder; this table holds what every hub process
 * must agree on: which generation is current, and the public half of every generation ever used,
 * so that what an old key signed stays verifiable after a rotation. Seal keys keep their own
 * table (certificate_seal_keys: one chain per department).
 */
export class HubKeys1764330000000 implements MigrationInterface {
  name = 'HubKeys1764330000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE hub_key (
        kind        text        NOT NULL CHECK (kind IN ('checkpoint', 'receipt', 'subject-hash', 'token')),
        generation  integer     NOT NULL CHECK (generation > 0),
        kid         text        NOT NULL UNIQUE,
        alg         text        NOT NULL,
        public_jwk  jsonb,
        created_at  timestamptz NOT NULL DEFAULT now(),
        retired_at  timestamptz,
        PRIMARY KEY (kind, generation)
      )`);
    await runner.query('CREATE UNIQUE INDEX hub_key_current ON hub_key (kind) WHERE retired_at IS NULL');
    await runner.query(`DO $$ BEGIN
      IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sharehub_app') THEN GRANT SELECT, INSERT, UPDATE ON hub_key TO sharehub_app; END IF;
    END $$`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE hub_key');
  }
}

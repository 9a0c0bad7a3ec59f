import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Electronic certificates (电子证照):
 * - `certificate_seal_keys`: the public half and validity of every issuing department's seal key
 *   (its electronic seal, 电子印章). A rotated key is retired, never deleted: documents it sealed
 *   still verify. At most one current key per department. The private keys are files, never here.
 * - `certificate_revocations`: certificates revoked through the hub (by their issuer or an
 *   admin), checked whenever a certificate is delivered or verified. Append-only: a revocation
 *   is neither changed nor withdrawn.
 */
export class Certificates1764280000000 implements MigrationInterface {
  name = 'Certificates1764280000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE certificate_seal_keys (
        kid         text        PRIMARY KEY,
        dept_code   text        NOT NULL,
        seq         integer     NOT NULL CHECK (seq > 0),
        alg         text        NOT NULL CHECK (alg IN ('EdDSA', 'ES256')),
        public_jwk  jsonb       NOT NULL CHECK (NOT public_jwk ? 'd'),
        valid_from  timestamptz NOT NULL DEFAULT now(),
        retired_at  timestamptz,
        UNIQUE (dept_code, seq)
      )`);
    await runner.query('CREATE UNIQUE INDEX certificate_seal_keys_current ON certificate_seal_keys (dept_code) WHERE retired_at IS NULL');
    await runner.query(`
      CREATE TABLE certificate_revocations (
        identifier      text        PRIMARY KEY,
        issuer_dept     text        NOT NULL,
        type_code       text        NOT NULL,
        reason          text        NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        revoked_at      timestamptz NOT NULL DEFAULT now(),
        revoked_by_dept text        NOT NULL,
        revoked_by      text        NOT NULL,
        request_id      text        NOT NULL
      )`);
    await runner.query(`
      CREATE FUNCTION certificate_revocation_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'certificate revocations are permanent: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await runner.query(`
      CREATE TRIGGER certificate_revocations_immutable BEFORE UPDATE OR DELETE ON certificate_revocations
        FOR EACH ROW EXECUTE FUNCTION certificate_revocation_immutable()`);
    // The restricted application role (created by the audit migration) may add, not rewrite.
    await runner.query(`DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sharehub_app') THEN
          GRANT SELECT, INSERT ON certificate_revocations TO sharehub_app;
          GRANT SELECT, INSERT, UPDATE ON certificate_seal_keys TO sharehub_app;
        END IF;
      END $$`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE IF EXISTS certificate_revocations');
    await runner.query('DROP FUNCTION IF EXISTS certificate_revocation_immutable()');
    await runner.query('DROP TABLE IF EXISTS certificate_seal_keys');
  }
}

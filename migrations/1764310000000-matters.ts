import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The matter catalogue (事项) and the case records of one-call evidence bundles (一件事):
 * - `matters`, `matter_materials`: what a matter requires, each material mapped to catalogue
 *   items (DATA), a certificate type (CERTIFICATE) or left to the applicant (SUBMIT), with the
 *   subject role it is about. Loaded from data/matters (src/matters/seed.ts).
 * - `matter_cases`, `matter_case_materials`: what a prepareCase call obtained. They hold
 *   statuses, departments, times, keyed subject hashes and hashes of what was released — never
 *   the values. Append-only for the hub's role: a case record is evidence, not a draft.
 */
export class Matters1764310000000 implements MigrationInterface {
  name = 'Matters1764310000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE matters (
        code            text        PRIMARY KEY CHECK (code ~ '^[A-Z]{2,3}(-[A-Z]{2,8})?-[0-9]{3}$'),
        name            text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        category        text        NOT NULL,
        bundle          boolean     NOT NULL,
        department_code text        NOT NULL REFERENCES departments (code),
        applicant_type  text        NOT NULL CHECK (applicant_type IN ('PERSON', 'LEGAL_ENTITY')),
        legal_basis     text        NOT NULL CHECK (length(legal_basis) BETWEEN 1 AND 1000),
        keywords        text[]      NOT NULL DEFAULT '{}',
        derivations     jsonb       NOT NULL DEFAULT '[]',
        -- Name, keywords, department and material names: what a keyword search matches.
        search_text     text        NOT NULL,
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE matter_materials (
        matter_code      text     NOT NULL REFERENCES matters (code) ON DELETE CASCADE,
        code             text     NOT NULL CHECK (code ~ '^M[0-9]{2}$'),
        position         smallint NOT NULL,
        name             text     NOT NULL,
        kind             text     NOT NULL CHECK (kind IN ('DATA', 'CERTIFICATE', 'SUBMIT')),
        role             text     NOT NULL,
        required         boolean  NOT NULL,
        item_codes       text[]   NOT NULL DEFAULT '{}',
        certificate_type text,
        note             text,
        PRIMARY KEY (matter_code, code),
        CHECK ((kind = 'DATA') = (cardinality(item_codes) > 0)),
        CHECK ((kind = 'CERTIFICATE') = (certificate_type IS NOT NULL))
      )`);
    await runner.query(`
      CREATE TABLE matter_cases (
        id               uuid        PRIMARY KEY,
        case_no          text        NOT NULL,
        matter_code      text        NOT NULL REFERENCES matters (code),
        consumer_dept    text        NOT NULL,
        principal_sub    text        NOT NULL,
        principal_name   text,
        request_id       text        NOT NULL,
        applicant_type   text        NOT NULL,
        applicant_hash   text        NOT NULL,
        applicant_masked text        NOT NULL,
        consent_ref      text,
        created_at       timestamptz NOT NULL,
        latency_ms       integer     NOT NULL CHECK (latency_ms >= 0),
        exempted         integer     NOT NULL CHECK (exempted >= 0),
        must_submit      integer     NOT NULL CHECK (must_submit >= 0),
        receipt_hash     text        NOT NULL
      )`);
    await runner.query('CREATE INDEX matter_cases_time ON matter_cases (created_at)');
    await runner.query('CREATE INDEX matter_cases_dept ON matter_cases (consumer_dept, created_at)');
    await runner.query('CREATE INDEX matter_cases_case_no ON matter_cases (case_no)');
    await runner.query(`
      CREATE TABLE matter_case_materials (
        case_id        uuid     NOT NULL REFERENCES matter_cases (id),
        material_code  text     NOT NULL,
        position       smallint NOT NULL,
        role           text     NOT NULL,
        subject_type   text,
        subject_hash   text,
        subject_masked text,
        derived_from   text,
        status         text     NOT NULL CHECK (status IN ('OBTAINED', 'MUST_SUBMIT', 'DENIED', 'FAILED', 'NOT_HELD')),
        reason         text,
        message        text,
        department     text,
        request_id     text,
        released_hash  text,
        certificate_identifier text,
        PRIMARY KEY (case_id, material_code)
      )`);
    await runner.query('CREATE INDEX matter_case_materials_failed ON matter_case_materials (department) WHERE status = \'FAILED\'');
    await runner.query(`DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sharehub_app') THEN
          GRANT SELECT, INSERT, UPDATE, DELETE ON matters, matter_materials TO sharehub_app;
          GRANT SELECT, INSERT ON matter_cases, matter_case_materials TO sharehub_app;
        END IF;
      END $$`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE IF EXISTS matter_case_materials, matter_cases, matter_materials, matters');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log (issue 5). Depends on no other module's tables.
 *
 * - `audit_event`: append-only, range-partitioned by month of `recorded_at` (months in
 *   Asia/Shanghai time). Triggers reject UPDATE, DELETE and TRUNCATE for everyone, owner included.
 * - `audit_log_head`: one row — tree size, root, compact range (right edge of the Merkle tree)
 *   and last time. Each batch locks it (row lock), so leaf indexes form one gap-free order
 *   across all hub processes.
 * - `audit_tree_node`: hashes of complete subtrees of 256, 65 536, … leaves (for proofs).
 * - `audit_checkpoint`, `audit_signing_key`: signed tree heads and the public keys that signed.
 * - `audit_archive`: one row per month partition detached after archiving (retention).
 * - `audit_alert`, `audit_alert_cursor`: alerts raised by the rules, and how far they ran.
 * - Role `sharehub_app` (NOLOGIN, cluster-wide, created if missing): INSERT and SELECT only on
 *   the append-only tables.
 */
export class Audit1764260000000 implements MigrationInterface {
  name = 'Audit1764260000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sharehub_app') THEN
          BEGIN
            CREATE ROLE sharehub_app NOLOGIN;
          EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL; -- another database on this server created it at the same moment
          END;
        END IF;
      END $$`);

    await runner.query(`
      CREATE FUNCTION audit_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit log is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);

    await runner.query(`
      CREATE TABLE audit_event (
        leaf_index      bigint      NOT NULL CHECK (leaf_index >= 0),
        id              uuid        NOT NULL,
        recorded_at     timestamptz NOT NULL,
        kind            text        NOT NULL CHECK (kind IN ('LOOKUP', 'VERIFY', 'LOOKUP_BATCH', 'CERTIFICATE', 'ADMIN')),
        action          text,
        request_id      text        NOT NULL,
        consumer_dept   text        NOT NULL,
        principal_sub   text        NOT NULL,
        principal_name  text,
        token_id        text,
        case_no         text,
        matter          text,
        reason          text,
        legal_basis     text,
        subject_type    text        CHECK (subject_type IN ('PERSON', 'LEGAL_ENTITY')),
        subject_hash    text,
        subject_masked  text,
        items_requested text[]      NOT NULL,
        items_released  text[]      NOT NULL,
        items_denied    jsonb       NOT NULL,
        resources       text[]      NOT NULL,
        sources         text[]      NOT NULL,
        outcome         text        CHECK (outcome IN ('OK', 'PARTIAL', 'DENIED', 'ERROR')),
        error_code      text,
        latency_ms      integer,
        receipt_hash    text,
        target          text,
        details         jsonb,
        leaf_hash       bytea       NOT NULL,
        PRIMARY KEY (leaf_index, recorded_at)
      ) PARTITION BY RANGE (recorded_at)`);
    await runner.query('CREATE INDEX audit_event_id ON audit_event (id)');
    // Time only grows with the leaf index: a BRIN index finds time ranges and costs almost nothing to keep.
    await runner.query('CREATE INDEX audit_event_time ON audit_event USING brin (recorded_at)');
    await runner.query('CREATE INDEX audit_event_subject ON audit_event (subject_hash, leaf_index) WHERE subject_hash IS NOT NULL');
    await runner.query('CREATE INDEX audit_event_principal ON audit_event (principal_sub, leaf_index)');
    await runner.query('CREATE INDEX audit_event_dept ON audit_event (consumer_dept, leaf_index)');
    await runner.query('CREATE INDEX audit_event_case ON audit_event (case_no, leaf_index) WHERE case_no IS NOT NULL');
    await runner.query(`CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_reject_change()`);
    // Statement level too, so even a statement that matches no row is refused.
    await runner.query(`CREATE TRIGGER audit_event_no_truncate BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_event
      FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change()`);

    await runner.query(`
      CREATE TABLE audit_log_head (
        id          smallint    PRIMARY KEY CHECK (id = 1),
        tree_size   bigint      NOT NULL CHECK (tree_size >= 0),
        root_hash   bytea       NOT NULL,
        frontier    bytea       NOT NULL,
        last_at     timestamptz NOT NULL
      )`);
    await runner.query(`INSERT INTO audit_log_head VALUES (1, 0, sha256(''::bytea), ''::bytea, 'epoch')`);
    await runner.query(`
      CREATE FUNCTION audit_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'UPDATE' OR NEW.tree_size < OLD.tree_size OR NEW.last_at < OLD.last_at THEN
          RAISE EXCEPTION 'the audit log head only moves forward' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await runner.query(`CREATE TRIGGER audit_log_head_forward_only BEFORE INSERT OR UPDATE OR DELETE ON audit_log_head
      FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only()`);

    await runner.query(`
      CREATE TABLE audit_tree_node (
        level   smallint NOT NULL CHECK (level > 0),
        idx     bigint   NOT NULL CHECK (idx >= 0),
        hash    bytea    NOT NULL,
        PRIMARY KEY (level, idx)
      )`);

    await runner.query(`
      CREATE TABLE audit_signing_key (
        key_id        text        PRIMARY KEY,
        algorithm     text        NOT NULL,
        public_key    text        NOT NULL,
        first_used_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE audit_checkpoint (
        tree_size   bigint      NOT NULL CHECK (tree_size >= 0),
        root_hash   bytea       NOT NULL,
        signed_at   timestamptz NOT NULL,
        key_id      text        NOT NULL REFERENCES audit_signing_key (key_id),
        signature   bytea       NOT NULL,
        PRIMARY KEY (tree_size, key_id)
      )`);
    await runner.query('CREATE INDEX audit_checkpoint_latest ON audit_checkpoint (tree_size DESC, signed_at DESC)');

    await runner.query(`
      CREATE TABLE audit_archive (
        partition_name   text        PRIMARY KEY,
        first_leaf       bigint      NOT NULL,
        end_leaf         bigint      NOT NULL,
        tail_leaf_hashes bytea[]     NOT NULL,
        detached_at      timestamptz NOT NULL DEFAULT now()
      )`);

    for (const table of ['audit_tree_node', 'audit_signing_key', 'audit_checkpoint', 'audit_archive']) {
      await runner.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change()`);
    }

    await runner.query(`
      CREATE TABLE audit_alert (
        id              uuid        PRIMARY KEY,
        rule            text        NOT NULL,
        dedupe_key      text        NOT NULL UNIQUE,
        window_start    timestamptz NOT NULL,
        window_end      timestamptz NOT NULL,
        consumer_dept   text,
        principal_sub   text,
        subject_masked  text,
        observed        integer     NOT NULL,
        threshold       integer     NOT NULL,
        event_ids       uuid[]      NOT NULL,
        raised_at       timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX audit_alert_window ON audit_alert (window_start DESC, id DESC)');
    await runner.query(`CREATE TABLE audit_alert_cursor (id smallint PRIMARY KEY CHECK (id = 1), evaluated_to bigint NOT NULL)`);
    await runner.query('INSERT INTO audit_alert_cursor VALUES (1, 0)');

    // Partitions: the current month and the next ones, in Asia/Shanghai months. SECURITY DEFINER
    // so the hub role can call it without owning the table; the search path is fixed to this one.
    await runner.query(`
      CREATE FUNCTION audit_ensure_partitions(months_ahead integer DEFAULT 2) RETURNS integer
      LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
      DECLARE
        this_month timestamp := date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai');
        month_start timestamp;
        part text;
        created integer := 0;
      BEGIN
        IF months_ahead < 0 OR months_ahead > 24 THEN
          RAISE EXCEPTION 'months_ahead must be between 0 and 24';
        END IF;
        FOR i IN 0..months_ahead LOOP
          month_start := this_month + make_interval(months => i);
          part := 'audit_event_' || to_char(month_start, 'YYYY_MM');
          CONTINUE WHEN to_regclass(part) IS NOT NULL
            OR EXISTS (SELECT 1 FROM audit_archive WHERE partition_name = part);
          PERFORM pg_advisory_xact_lock(7312026001);
          CONTINUE WHEN to_regclass(part) IS NOT NULL;
          EXECUTE format('CREATE TABLE %I PARTITION OF audit_event FOR VALUES FROM (%L) TO (%L)',
            part, month_start AT TIME ZONE 'Asia/Shanghai', (month_start + interval '1 month') AT TIME ZONE 'Asia/Shanghai');
          EXECUTE format('CREATE TRIGGER audit_event_no_truncate BEFORE UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change()', part);
          EXECUTE format('REVOKE ALL ON %I FROM PUBLIC', part);
          created := created + 1;
        END LOOP;
        RETURN created;
      END $$`);
    await runner.query('SELECT audit_ensure_partitions(2)');

    // Retention: after archiving the oldest month (pg_dump -t / COPY), its owner detaches it.
    // The tail of leaf hashes after the last complete 256-leaf subtree is kept so that
    // `npm run audit -- verify` can go on from the first leaf still present.
    await runner.query(`
      CREATE FUNCTION audit_detach_partition(month text) RETURNS text
      LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      DECLARE
        part text;
        first_leaf bigint;
        end_leaf bigint;
        prior_end bigint;
        prior_tail bytea[];
        chunk_start bigint;
        tail bytea[];
      BEGIN
        IF month !~ '^\\d{4}-\\d{2}$' THEN
          RAISE EXCEPTION 'month must be YYYY-MM, got %', month;
        END IF;
        part := 'audit_event_' || replace(month, '-', '_');
        IF to_regclass(part) IS NULL THEN
          RAISE EXCEPTION 'no attached partition %', part;
        END IF;
        -- Only a month the log has left behind (by wall clock or by the log's own last time).
        IF ((to_date(month, 'YYYY-MM') + interval '1 month')::timestamp AT TIME ZONE 'Asia/Shanghai')
            > greatest(now(), (SELECT h.last_at FROM audit_log_head h WHERE h.id = 1)) THEN
          RAISE EXCEPTION 'month % is not over yet', month;
        END IF;
        SELECT coalesce(max(a.end_leaf), 0) INTO prior_end FROM audit_archive a;
        SELECT a.tail_leaf_hashes INTO prior_tail FROM audit_archive a ORDER BY a.end_leaf DESC LIMIT 1;
        EXECUTE format('SELECT min(leaf_index), max(leaf_index) + 1 FROM %I', part) INTO first_leaf, end_leaf;
        IF first_leaf IS NULL THEN
          first_leaf := prior_end;
          end_leaf := prior_end;
        END IF;
        IF first_leaf <> prior_end OR EXISTS (SELECT 1 FROM audit_event e WHERE e.leaf_index < first_leaf) THEN
          RAISE EXCEPTION 'detach the oldest month first: % starts at leaf %, archived leaves end at %', part, first_leaf, prior_end;
        END IF;
        chunk_start := end_leaf - end_leaf % 256;
        tail := ARRAY(SELECT e.leaf_hash FROM audit_event e WHERE e.leaf_index >= greatest(chunk_start, first_leaf) AND e.leaf_index < end_leaf ORDER BY e.leaf_index);
        IF chunk_start < first_leaf THEN
          tail := coalesce(prior_tail[(array_length(prior_tail, 1) - (first_leaf - chunk_start) + 1)::int:], '{}') || tail;
        END IF;
        INSERT INTO audit_archive (partition_name, first_leaf, end_leaf, tail_leaf_hashes) VALUES (part, first_leaf, end_leaf, tail);
        EXECUTE format('ALTER TABLE audit_event DETACH PARTITION %I', part);
        RETURN part;
      END $$`);
    await runner.query('REVOKE ALL ON FUNCTION audit_detach_partition(text) FROM PUBLIC');

    await runner.query('REVOKE ALL ON FUNCTION audit_ensure_partitions(integer) FROM PUBLIC');
    await runner.query('GRANT EXECUTE ON FUNCTION audit_ensure_partitions(integer) TO sharehub_app');
    await runner.query('GRANT SELECT, INSERT ON audit_event, audit_tree_node, audit_checkpoint, audit_signing_key TO sharehub_app');
    await runner.query('GRANT SELECT, UPDATE ON audit_log_head TO sharehub_app');
    await runner.query('GRANT SELECT, INSERT, UPDATE ON audit_alert, audit_alert_cursor TO sharehub_app');
    await runner.query('GRANT SELECT ON audit_archive TO sharehub_app');
    // A hub started under this role reads which migrations ran (and finds none pending).
    await runner.query(`DO $$ BEGIN
        IF to_regclass('schema_migrations') IS NOT NULL THEN GRANT SELECT ON schema_migrations TO sharehub_app; END IF;
      END $$`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['audit_alert_cursor', 'audit_alert', 'audit_archive', 'audit_checkpoint', 'audit_signing_key', 'audit_tree_node', 'audit_log_head', 'audit_event']) {
      await runner.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
    }
    await runner.query('DROP FUNCTION IF EXISTS audit_detach_partition(text)');
    await runner.query('DROP FUNCTION IF EXISTS audit_ensure_partitions(integer)');
    await runner.query('DROP FUNCTION IF EXISTS audit_head_forward_only()');
    await runner.query('DROP FUNCTION IF EXISTS audit_reject_change()');
    // The role is cluster-wide and may serve other databases: it stays.
  }
}

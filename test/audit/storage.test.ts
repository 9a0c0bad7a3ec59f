import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { AuditRepository } from '../../src/audit/audit.repository.js';
import { Checkpointer } from '../../src/audit/checkpointer.js';
import { verifyInclusion } from '../../src/audit/merkle.js';
import { withConnection } from '../../src/audit/pg-connection.js';
import { ProofService } from '../../src/audit/proofs.js';
import { verifyAuditLog } from '../../src/audit/verifier.js';
import { loadOrCreateSigningKey } from '../../src/config/key-store.js';
import { appRoleDataSource, auditDb, lookup, type AuditDb } from './support.js';

describe('audit storage', () => {
  let db: AuditDb;
  beforeAll(async () => {
    db = await auditDb();
    await db.writer().record(lookup());
  });
  afterAll(() => db.close());

  const error = async (sql: string, user?: string): Promise<string> => {
    try {
      await db.admin(user ? `SET ROLE ${user}; ${sql}` : sql);
      return 'no error';
    } catch (failure) {
      return (failure as Error).message;
    }
  };

  it('rejects UPDATE, DELETE and TRUNCATE of audit rows even for the owner (trigger)', async () => {
    expect(await error(`UPDATE audit_event SET matter = 'x'`)).toMatch(/append-only: UPDATE on audit_event/);
    expect(await error('DELETE FROM audit_event')).toMatch(/append-only: DELETE/);
    expect(await error('TRUNCATE audit_event')).toMatch(/append-only: TRUNCATE/);
    const [partition] = await db.admin(`SELECT inhrelid::regclass::text AS name FROM pg_inherits WHERE inhparent = 'audit_event'::regclass LIMIT 1`);
    expect(await error(`TRUNCATE ${partition.name}`)).toMatch(/append-only: TRUNCATE/);
    expect(await error(`DELETE FROM ${partition.name}`)).toMatch(/append-only: DELETE/);
    for (const table of ['audit_tree_node', 'audit_checkpoint', 'audit_signing_key']) {
      expect(await error(`DELETE FROM ${table}`)).toMatch(/append-only/);
    }
    expect(await error('UPDATE audit_log_head SET tree_size = tree_size - 1')).toMatch(/only moves forward/);
    expect(await error('DELETE FROM audit_log_head')).toMatch(/only moves forward/);
  });

  it('the hub role sharehub_app may only INSERT and SELECT audit events', async () => {
    const [role] = await db.admin(`SELECT rolcanlogin FROM pg_roles WHERE rolname = 'sharehub_app'`);
    expect(role.rolcanlogin).toBe(false);
    expect(await error(`UPDATE audit_event SET matter = 'x'`, 'sharehub_app')).toMatch(/permission denied for table audit_event/);
    expect(await error('DELETE FROM audit_event', 'sharehub_app')).toMatch(/permission denied for table audit_event/);
    expect(await error('TRUNCATE audit_event', 'sharehub_app')).toMatch(/permission denied/);
    expect(await error('SELECT count(*) FROM audit_event', 'sharehub_app')).toBe('no error');

    // Through a real login that is a member of the role (how the hub is meant to run).
    const app = await appRoleDataSource(db);
    try {
      await expect(app.dataSource.query(`UPDATE audit_event SET matter = 'x'`)).rejects.toThrow(/permission denied for table audit_event/);
      await expect(app.dataSource.query('DELETE FROM audit_event')).rejects.toThrow(/permission denied/);
      await expect(app.dataSource.query('UPDATE audit_checkpoint SET tree_size = 0')).rejects.toThrow(/permission denied/);
      const [partition] = await app.dataSource.query(`SELECT inhrelid::regclass::text AS name FROM pg_inherits WHERE inhparent = 'audit_event'::regclass LIMIT 1`);
      await expect(app.dataSource.query(`UPDATE ${partition.name} SET matter = 'x'`)).rejects.toThrow(/permission denied/);
      const writer = db.writer({}, app.dataSource);
      await expect(writer.record(lookup())).resolves.toMatchObject({ id: expect.any(String) });
      // The hub's role adds month partitions (a SECURITY DEFINER function) but may not detach them.
      const partitions = async () => (await db.admin<{ n: number }>(`SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = 'audit_event'::regclass`))[0].n;
      const before = await partitions();
      const [{ created }] = await app.dataSource.query('SELECT audit_ensure_partitions($1) AS created', [before + 1]);
      expect(created).toBeGreaterThan(0);
      expect(await partitions()).toBe(before + created);
      await expect(app.dataSource.query(`SELECT audit_detach_partition('2020-01')`)).rejects.toThrow(/permission denied/);
    } finally {
      await app.dataSource.destroy();
    }
  });

  it('creating the role again (another database on the same server) is harmless', async () => {
    const { Audit1764260000000 } = await import('../../migrations/1764260000000-audit.js');
    const client = new pg.Client({ connectionString: db.database.url });
    await client.connect();
    try {
      const roleStep = (new Audit1764260000000().up.toString().match(/DO \$\$[\s\S]*?END \$\$/) ?? [])[0];
      expect(roleStep).toMatch(/CREATE ROLE sharehub_app\b/);
      await client.query(roleStep!);
      await client.query(roleStep!);
    } finally {
      await client.end();
    }
  });

  it('has month partitions ahead, created idempotently', async () => {
    const partitions = await db.admin<{ name: string; bound: string }>(
      `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'audit_event'::regclass ORDER BY 1`,
    );
    expect(partitions.length).toBeGreaterThanOrEqual(3);
    const [{ month }] = await db.admin(`SELECT to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY_MM') AS month`);
    expect(partitions[0].name).toBe(`audit_event_${month}`);
    expect(partitions[0].bound).toMatch(/16:00:00\+00/); // Shanghai midnight
    const [again] = await db.admin('SELECT audit_ensure_partitions(2) AS created');
    expect(again.created).toBe(0);
  });

  it('retires a whole month by detaching its partition; verify and proofs go on from the archived prefix', async () => {
    const writer = db.writer();
    const key = loadOrCreateSigningKey(mkdtempSync(join(tmpdir(), 'sharehub-audit-retention-')), 'audit-checkpoint');
    const checkpoints = new Checkpointer(db.dataSource, key);
    await Promise.all(Array.from({ length: 298 }, () => writer.record(lookup())));
    await checkpoints.signIfBehind();
    const [{ month, next }] = await db.admin(
      `SELECT to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month,
              (date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai') + interval '1 month') AT TIME ZONE 'Asia/Shanghai' AS next`,
    );
    await expect(db.admin(`SELECT audit_detach_partition('${month}')`)).rejects.toThrow(/not over yet/);
    // Move the log's clock into next month (the head only moves forward), then write there.
    await db.admin('UPDATE audit_log_head SET last_at = $1', [next]);
    const later = await Promise.all(Array.from({ length: 100 }, () => writer.record(lookup({ requestId: `later-${randomBytes(3).toString('hex')}` }))));
    await checkpoints.signIfBehind();
    expect(later[0].leafIndex).toBe(300);

    const [detached] = await db.admin(`SELECT audit_detach_partition('${month}') AS part`);
    expect(detached.part).toBe(`audit_event_${month.replace('-', '_')}`);
    const [archive] = await db.admin('SELECT first_leaf::int, end_leaf::int, cardinality(tail_leaf_hashes) AS tail FROM audit_archive');
    expect(archive).toEqual({ first_leaf: 0, end_leaf: 300, tail: 300 - 256 });
    expect(Number((await db.admin('SELECT count(*) FROM audit_event'))[0].count)).toBe(100);

    const report = await withConnection(db.dataSource, (client) => verifyAuditLog(client, { trustedKeys: new Map([[key.kid, key.publicKey]]) }));
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ ok: true, archivedBefore: 300, events: 100, treeSize: 400, checkpointsVerified: 2 });

    const proofs = new ProofService(new AuditRepository(db.dataSource), checkpoints);
    const proof = await proofs.inclusion(later[10].id, 400);
    expect(verifyInclusion(310, 400, proof.leafHash, proof.path, proof.rootHash)).toBe(true);

    // Removing the first events that are still attached is not "archiving": verify says so.
    await db.admin(`SET session_replication_role = replica; DELETE FROM audit_event WHERE leaf_index = 300; SET session_replication_role = origin`);
    const broken = await withConnection(db.dataSource, (client) => verifyAuditLog(client, { trustedKeys: new Map([[key.kid, key.publicKey]]) }));
    expect(broken.first).toMatchObject({ kind: 'REMOVED', leafIndex: 300 });
  });
});

import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { eventFromRow, EVENT_SELECT, type EventRow } from '../../src/audit/audit.repository.js';
import { eventLeafHash } from '../../src/audit/canonical.js';
import { Checkpointer } from '../../src/audit/checkpointer.js';
import { withConnection } from '../../src/audit/pg-connection.js';
import { verifyAuditLog, type VerifyReport } from '../../src/audit/verifier.js';
import { loadOrCreateSigningKey } from '../../src/config/key-store.js';
import { adminEvent, auditDb, lookup, type AuditDb } from './support.js';

const CLI = fileURLToPath(new URL('../../dist/src/cli/audit.js', import.meta.url));
const run = promisify(execFile);

/** `npm run audit -- <args>` against the test database (built CLI, as an operator runs it). */
async function cli(db: AuditDb, dataDir: string, ...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: db.database.url, SHAREHUB_DATA_DIR: dataDir, NODE_ENV: 'test' },
    });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout + failed.stderr };
  }
}

describe('npm run audit -- verify', () => {
  let db: AuditDb;
  let dataDir: string;
  let checkpoints: Checkpointer;
  let key: ReturnType<typeof loadOrCreateSigningKey>;

  const verify = (): Promise<VerifyReport> => withConnection(db.dataSource, (client) => verifyAuditLog(client, { trustedKeys: new Map([[key.kid, key.publicKey]]) }));
  /** Runs SQL as a superuser with user triggers off, as an attacker with the superuser password could. */
  const tamper = (sql: string) => db.admin(`SET session_replication_role = replica; ${sql}; SET session_replication_role = origin`);
  const row = async (leaf: number) => eventFromRow((await db.admin<EventRow>(`SELECT ${EVENT_SELECT} FROM audit_event WHERE leaf_index = $1`, [leaf]))[0]);

  beforeAll(async () => {
    db = await auditDb();
    dataDir = mkdtempSync(join(tmpdir(), 'sharehub-audit-verify-'));
    chmodSync(dataDir, 0o755);
    key = loadOrCreateSigningKey(dataDir, 'audit-checkpoint');
    checkpoints = new Checkpointer(db.dataSource, key);
    const writer = db.writer();
    for (const count of [100, 250, 350]) {
      await Promise.all(Array.from({ length: count }, (_, i) => writer.record(i % 7 === 0 ? adminEvent() : lookup())));
      await checkpoints.signIfBehind();
    }
  });
  afterAll(() => db.close());

  it('passes on an intact log, recomputing every leaf, node, the head and all checkpoints', async () => {
    const report = await verify();
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ ok: true, events: 700, treeSize: 700, checkpoints: 3, checkpointsVerified: 3 });
    const { code, out } = await cli(db, dataDir, 'verify');
    expect(out).toContain('OK: the audit log is intact');
    expect(out).toContain('3/3 checkpoint signatures verified');
    expect(code).toBe(0);
  });

  it('names an edited event', async () => {
    const victim = await row(123);
    await tamper(`UPDATE audit_event SET matter = 'nothing to see' WHERE leaf_index = 123`);
    try {
      const report = await verify();
      expect(report.ok).toBe(false);
      expect(report.first).toMatchObject({ kind: 'ALTERED', leafIndex: 123, eventId: victim.id });
      const { code, out } = await cli(db, dataDir, 'verify');
      expect(code).toBe(1);
      expect(out).toContain(`FAILED: event ${victim.id} (leaf 123) was altered`);
    } finally {
      await tamper(`UPDATE audit_event SET matter = $$${victim.matter}$$ WHERE leaf_index = 123`);
    }
    expect((await verify()).ok).toBe(true);
  });

  it('names the position of a deleted event and its neighbours', async () => {
    const [before, victim, after] = [await row(399), await row(400), await row(401)];
    await tamper(`CREATE TABLE saved AS SELECT * FROM audit_event WHERE leaf_index = 400; DELETE FROM audit_event WHERE leaf_index = 400`);
    try {
      const report = await verify();
      expect(report.first).toMatchObject({ kind: 'REMOVED', leafIndex: 400 });
      expect(report.first!.message).toContain(before.id);
      expect(report.first!.message).toContain(after.id);
      const { code, out } = await cli(db, dataDir, 'verify');
      expect(code).toBe(1);
      expect(out).toContain('FAILED: leaf 400 is missing');
    } finally {
      await tamper(`INSERT INTO audit_event SELECT * FROM saved; DROP TABLE saved`);
    }
    expect(victim.leafIndex).toBe(400);
    expect((await verify()).ok).toBe(true);
  });

  it('names both events of a swap', async () => {
    const [a, b] = [await row(10), await row(20)];
    const swap = `UPDATE audit_event SET leaf_index = 999999 WHERE leaf_index = 10;
      UPDATE audit_event SET leaf_index = 10 WHERE leaf_index = 20;
      UPDATE audit_event SET leaf_index = 20 WHERE leaf_index = 999999`;
    await tamper(swap);
    try {
      const report = await verify();
      expect(report.first).toMatchObject({ kind: 'ALTERED', leafIndex: 10, eventId: b.id });
      expect(report.problems).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'ALTERED', leafIndex: 20, eventId: a.id })]));
    } finally {
      await tamper(swap);
    }
    expect((await verify()).ok).toBe(true);
  });

  it('narrows an edit whose leaf hash was recomputed to the stored tree node and the checkpoint it breaks', async () => {
    const victim = await row(300);
    const forged = { ...victim, outcome: 'OK' as const, itemsDenied: [], itemsReleased: victim.itemsRequested };
    const hash = eventLeafHash(forged);
    await tamper(
      `UPDATE audit_event SET outcome = 'OK', items_denied = '[]', items_released = items_requested, leaf_hash = '\\x${hash.toString('hex')}' WHERE leaf_index = 300`,
    );
    try {
      const report = await verify();
      expect(report.ok).toBe(false);
      expect(report.problems.some((problem) => problem.kind === 'ALTERED')).toBe(false);
      // The signed checkpoint of size 350 narrows it to leaves 100..349, the stored node to 256..511.
      expect(report.first).toMatchObject({ kind: 'CHECKPOINT', leafIndex: 349 });
      expect(report.first!.message).toContain('leaves 100..349');
      expect(report.problems).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'TREE_NODE', message: expect.stringContaining('leaves 256..511') })]));
    } finally {
      await tamper(
        `UPDATE audit_event SET outcome = '${victim.outcome}', items_denied = '${JSON.stringify(victim.itemsDenied)}', items_released = '{${victim.itemsReleased.join(',')}}', leaf_hash = '\\x${victim.leafHash.toString('hex')}' WHERE leaf_index = 300`,
      );
    }
    expect((await verify()).ok).toBe(true);
  });

  it('names an event inserted with a taken leaf index, and one beyond the head', async () => {
    const copy = await row(50);
    await tamper(`CREATE TABLE copied AS SELECT * FROM audit_event WHERE leaf_index = 50;
      UPDATE copied SET id = '00000000-0000-4000-8000-000000000001', recorded_at = recorded_at + interval '1 millisecond';
      INSERT INTO audit_event SELECT * FROM copied; DROP TABLE copied`);
    try {
      const report = await verify();
      expect(report.first).toMatchObject({ kind: 'INSERTED', leafIndex: 50 });
      expect([copy.id, '00000000-0000-4000-8000-000000000001']).toContain(report.first!.eventId);
    } finally {
      await tamper(`DELETE FROM audit_event WHERE id = '00000000-0000-4000-8000-000000000001'`);
    }
    await tamper(`INSERT INTO audit_event SELECT leaf_index + 700, gen_random_uuid(), ${'recorded_at'}, kind, action, request_id, consumer_dept, principal_sub,
      principal_name, token_id, case_no, matter, reason, legal_basis, subject_type, subject_hash, subject_masked, items_requested, items_released,
      items_denied, resources, sources, outcome, error_code, latency_ms, receipt_hash, target, details, leaf_hash FROM audit_event WHERE leaf_index = 699`);
    try {
      const report = await verify();
      expect(report.problems).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'INSERTED', leafIndex: 1399 })]));
    } finally {
      await tamper(`DELETE FROM audit_event WHERE leaf_index = 1399`);
    }
    expect((await verify()).ok).toBe(true);
  });

  it('rejects a checkpoint whose signature no longer matches, and one signed by an unknown key', async () => {
    await tamper(`UPDATE audit_checkpoint SET root_hash = sha256('forged'::bytea) WHERE tree_size = 350`);
    try {
      const report = await verify();
      expect(report.problems).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'SIGNATURE', leafIndex: 349 }),
          expect.objectContaining({ kind: 'CHECKPOINT', leafIndex: 349 }),
        ]),
      );
    } finally {
      await tamper(`DELETE FROM audit_checkpoint WHERE tree_size = 350`);
    }
    const stranger = loadOrCreateSigningKey(mkdtempSync(join(tmpdir(), 'sharehub-audit-other-')), 'audit-checkpoint');
    const forger = new Checkpointer(db.dataSource, stranger);
    await db.writer().record(lookup());
    await forger.signIfBehind();
    const report = await verify();
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'SIGNATURE', message: expect.stringContaining('not trusted') })]);
    const keyFile = join(dataDir, 'stranger.pem');
    writeFileSync(keyFile, stranger.publicKey.export({ type: 'spki', format: 'pem' }));
    const { code, out } = await cli(db, dataDir, 'verify', '--public-key', keyFile);
    expect(out).toContain('OK');
    expect(code).toBe(0);
  });
});

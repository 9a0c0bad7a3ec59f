import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Checkpointer } from '../../src/audit/checkpointer.js';
import { withConnection, withConnections } from '../../src/audit/pg-connection.js';
import { verifyAuditLog, type VerifyOptions, type VerifyReport } from '../../src/audit/verifier.js';
import { loadOrCreateSigningKey } from '../../src/config/key-store.js';
import { adminEvent, auditDb, lookup, type AuditDb } from './support.js';

/**
 * The verifier reads ranges of leaves over several connections when it is given more (extraClients),
 * each range one COPY, and checks them in log order. Read over one connection in one range, or
 * over three in ranges of 97 leaves, the report must be the same, problem for problem: the same
 * first event named, in the same words.
 */
describe('audit verify: parallel readers and small ranges give the same report', () => {
  let db: AuditDb;
  let key: ReturnType<typeof loadOrCreateSigningKey>;

  const tamper = (sql: string) => db.admin(`SET session_replication_role = replica; ${sql}; SET session_replication_role = origin`);
  const verify = (options: Partial<VerifyOptions>, readers = 1): Promise<VerifyReport> =>
    withConnections(db.dataSource, readers, ([client, ...extraClients]) =>
      verifyAuditLog(client, { trustedKeys: new Map([[key.kid, key.publicKey]]), extraClients, ...options }),
    );
  /** Both ways; returns the report once they are shown to be equal (apart from the time taken). */
  async function bothWays(): Promise<VerifyReport> {
    const single = await verify({});
    const parallel = await verify({ chunk: 97 }, 3);
    expect({ ...parallel, seconds: 0 }).toEqual({ ...single, seconds: 0 });
    return single;
  }

  beforeAll(async () => {
    db = await auditDb();
    key = loadOrCreateSigningKey(mkdtempSync(join(tmpdir(), 'sharehub-audit-parallel-')), 'audit-checkpoint');
    const checkpoints = new Checkpointer(db.dataSource, key);
    const writer = db.writer();
    for (const count of [300, 500, 400]) {
      await Promise.all(Array.from({ length: count }, (_, i) => writer.record(i % 11 === 0 ? adminEvent() : lookup())));
      await checkpoints.signIfBehind();
    }
  });
  afterAll(() => db.close());

  it('on an intact log', async () => {
    const report = await bothWays();
    expect(report).toMatchObject({ ok: true, events: 1200, treeSize: 1200, checkpoints: 3, checkpointsVerified: 3 });
  });

  it('names the same altered event, and the same tree node and checkpoint it breaks', async () => {
    const [{ id }] = await db.admin<{ id: string }>('SELECT id FROM audit_event WHERE leaf_index = 777');
    await tamper(`UPDATE audit_event SET reason = reason || '.' WHERE leaf_index IN (777, 1001)`);
    try {
      const report = await bothWays();
      expect(report.first).toMatchObject({ kind: 'ALTERED', leafIndex: 777, eventId: id });
      expect(report.problems.map((problem) => problem.kind)).toEqual(['ALTERED', 'CHECKPOINT', 'ALTERED', 'TREE_NODE', 'CHECKPOINT', 'HEAD']);
    } finally {
      await tamper(`UPDATE audit_event SET reason = left(reason, -1) WHERE leaf_index IN (777, 1001)`);
    }
  });

  it('names the same removed leaves and inserted event', async () => {
    await tamper(`CREATE TABLE saved AS SELECT * FROM audit_event WHERE leaf_index BETWEEN 450 AND 452; DELETE FROM audit_event WHERE leaf_index BETWEEN 450 AND 452;
      INSERT INTO audit_event SELECT * FROM saved WHERE leaf_index = 451`);
    await tamper(`UPDATE audit_event SET leaf_index = 1300 WHERE leaf_index = 1199`);
    try {
      const report = await bothWays();
      expect(report.first).toMatchObject({ kind: 'REMOVED', leafIndex: 450 });
      expect(report.problems).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'REMOVED', leafIndex: 452 })]));
    } finally {
      await tamper(`UPDATE audit_event SET leaf_index = 1199 WHERE leaf_index = 1300`);
      await tamper(`DELETE FROM audit_event WHERE leaf_index = 451; INSERT INTO audit_event SELECT * FROM saved; DROP TABLE saved`);
    }
    expect((await withConnection(db.dataSource, (client) => verifyAuditLog(client, { trustedKeys: new Map([[key.kid, key.publicKey]]) }))).ok).toBe(true);
  });
});

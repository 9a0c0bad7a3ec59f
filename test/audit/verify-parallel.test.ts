import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Checkpointer } from '../../src/audit/checkpointer.js';
import type { Submittable } from 'pg';
import { withConnection, withConnections, type Queryable } from '../../src/audit/pg-connection.js';
import { verifyAuditLog, type VerifyOptions, type VerifyReport } from '../../src/audit/verifier.js';
import { loadOrCreateSigningKey } from '../../src/config/key-store.js';
import { adminEvent, auditDb, lookup, type AuditDb } from './support.js';

/**
 * The verifier first reads the events in storage order (one sequential scan) and falls back to
 * reading them by ranges of leaves, each range one COPY in leaf order, over one connection or
 * several, when a row comes out of order. Whichever way it reads, the report must be the same,
 * problem for problem: the same first event named, in the same words.
 */
describe('audit verify: storage order, ranges of leaves and parallel readers give the same report', () => {
  let db: AuditDb;
  let key: ReturnType<typeof loadOrCreateSigningKey>;

  const tamper = (sql: string) => db.admin(`SET session_replication_role = replica; ${sql}; SET session_replication_role = origin`);
  /** The COPY statements of the last verify() (its first connection's). */
  let copies: string[] = [];
  const verify = (options: Partial<VerifyOptions>, readers = 1): Promise<VerifyReport> =>
    withConnections(db.dataSource, readers, ([client, ...extraClients]) => {
      copies = [];
      const watched: Queryable = {
        query: (query: string | Submittable, values?: unknown[]) => {
          const text = typeof query === 'string' ? query : (query as unknown as { text: string }).text;
          if (text.startsWith('COPY')) copies.push(text);
          return (client.query as (query: unknown, values?: unknown[]) => never)(query, values);
        },
      };
      return verifyAuditLog(watched, { trustedKeys: new Map([[key.kid, key.publicKey]]), extraClients, ...options });
    });
  const readInStorageOrderOnly = () => copies.length === 1 && !copies[0].includes('ORDER BY');
  /** Both ways; returns the report once they are shown to be equal (apart from the time taken). */
  async function bothWays(): Promise<VerifyReport> {
    const byRanges = await verify({ storageOrderFirst: false, chunk: 97 }, 3);
    expect(copies.length).toBeGreaterThan(3);
    expect(copies.every((copy) => copy.includes('ORDER BY leaf_index, recorded_at'))).toBe(true);
    const usual = await verify({});
    expect({ ...usual, seconds: 0 }).toEqual({ ...byRanges, seconds: 0 });
    return usual;
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
    expect(readInStorageOrderOnly()).toBe(true);
    expect(report).toMatchObject({ ok: true, events: 1200, treeSize: 1200, checkpoints: 3, checkpointsVerified: 3 });
  });

  it('names the same altered event, and the same tree node and checkpoint it breaks', async () => {
    const [{ id }] = await db.admin<{ id: string }>('SELECT id FROM audit_event WHERE leaf_index = 777');
    await tamper(`UPDATE audit_event SET reason = reason || '.' WHERE leaf_index IN (777, 1001)`);
    try {
      const report = await bothWays();
      expect(readInStorageOrderOnly()).toBe(false); // the updated rows were stored anew, after the others
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

import { createPublicKey } from 'node:crypto';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AuditRepository } from '../../src/audit/audit.repository.js';
import { Checkpointer } from '../../src/audit/checkpointer.js';
import { verifyConsistency, verifyInclusion } from '../../src/audit/merkle.js';
import { withConnection } from '../../src/audit/pg-connection.js';
import { ProofService } from '../../src/audit/proofs.js';
import { verifyAuditLog } from '../../src/audit/verifier.js';
import { signDevToken } from '../../src/auth/dev-tokens.js';
import { Role } from '../../src/auth/principal.js';
import { seedCatalog } from '../../src/catalog/seed.js';
import { keyIdOf, loadOrCreateSigningKey } from '../../src/config/key-store.js';
import { createDataSource, runMigrations } from '../../src/database/data-source.js';
import { runWorker } from '../support/audit-worker.js';
import { killSpawnedHubs, spawnHub } from '../support/hub-process.js';
import { freePort } from '../support/ports.js';
import { auditDb, PERSON_ID, type AuditDb } from './support.js';

const TIMEOUT = 180_000;

const trust = (pems: string[]) => new Map(pems.map((pem) => createPublicKey(pem)).map((key) => [keyIdOf(key), key]));

describe('several processes writing one log', () => {
  let db: AuditDb;
  beforeAll(async () => {
    db = await auditDb();
  });
  afterAll(async () => {
    await killSpawnedHubs();
    await db.close();
  });

  it('two writer processes produce one gap-free, verified log (and proofs over more than 65 536 leaves)', async () => {
    const [a, b] = await Promise.all([0, 1].map(() => runWorker(db.database.url, { events: 36_000, callers: 500, listIds: true })));
    expect(a.events + b.events).toBe(72_000);
    const indexes = [...a.leafIndexes, ...b.leafIndexes].sort((x, y) => x - y);
    expect(indexes[0]).toBe(0);
    expect(indexes.at(-1)).toBe(71_999);
    expect(indexes.every((value, i) => value === i)).toBe(true);
    expect(new Set([...a.ids, ...b.ids]).size).toBe(72_000);
    // They really ran at the same time: each process's leaves are spread over the whole range.
    const spans = (list: number[]) => Math.max(...list) - Math.min(...list);
    expect(spans(a.leafIndexes)).toBeGreaterThan(40_000);
    expect(spans(b.leafIndexes)).toBeGreaterThan(40_000);

    const report = await withConnection(db.dataSource, (client) => verifyAuditLog(client, { trustedKeys: trust([a.publicKeyPem, b.publicKeyPem]) }));
    expect(report.problems).toEqual([]);
    expect(report.treeSize).toBe(72_000);
    expect(report.checkpoints).toBeGreaterThanOrEqual(2);
    expect(report.checkpointsVerified).toBe(report.checkpoints);
    const signers = await db.admin<{ key_id: string }>('SELECT DISTINCT key_id FROM audit_checkpoint');
    expect(signers.length).toBeGreaterThanOrEqual(1);

    // Proofs read stored nodes of levels 8 and 16.
    const [level16] = await db.admin('SELECT count(*)::int AS n FROM audit_tree_node WHERE level = 16');
    expect(level16.n).toBe(1);
    const proofs = new ProofService(new AuditRepository(db.dataSource), new Checkpointer(db.dataSource, loadOrCreateSigningKey(mkdtempSync(join(tmpdir(), 'k-')), 'audit-checkpoint')));
    const [head] = await db.admin('SELECT root_hash FROM audit_log_head');
    for (const leaf of [0, 255, 256, 65_535, 65_536, 70_001, 71_999]) {
      const [{ id }] = await db.admin('SELECT id FROM audit_event WHERE leaf_index = $1', [leaf]);
      const proof = await proofs.inclusion(id, 72_000);
      expect(proof.rootHash.equals(head.root_hash)).toBe(true);
      expect(verifyInclusion(leaf, 72_000, proof.leafHash, proof.path, proof.rootHash)).toBe(true);
    }
    for (const from of [1, 256, 65_536, 65_537, 71_999]) {
      const proof = await proofs.consistency(from, 72_000);
      expect(verifyConsistency(from, 72_000, proof.fromRoot, proof.toRoot, proof.path)).toBe(true);
    }
  }, TIMEOUT);

  it('two hub processes recording concurrently (auditor lookups) extend the same log without gaps or forks', async () => {
    const seeder = createDataSource({ url: db.database.url, poolSize: 2 });
    await seeder.initialize();
    await runMigrations(seeder);
    await seedCatalog(seeder as DataSource);
    await seeder.destroy();
    const dataDir = mkdtempSync(join(tmpdir(), 'sharehub-audit-cluster-'));
    chmodSync(dataDir, 0o755);
    const env = { DATABASE_URL: db.database.url, NODE_ENV: 'test', LOG_LEVEL: 'warn', SHAREHUB_DATA_DIR: dataDir, SHAREHUB_AUDIT_CHECKPOINT_INTERVAL_MS: '200' };
    const hubs = [spawnHub({ ...env, PORT: String(await freePort()) }), spawnHub({ ...env, PORT: String(await freePort()) })];
    await Promise.all(hubs.map((hub) => hub.ready()));
    const [{ before }] = await db.admin('SELECT tree_size::int AS before FROM audit_log_head');

    const token = signDevToken(dataDir, { issuer: 'sharehub', audience: 'sharehub' }, { dept: 'ZJ-DSJJ', roles: [Role.AUDITOR], sub: 'auditor-cluster' });
    const query = JSON.stringify({ query: `query($s: SubjectInput!) { subjectAccessLog(subject: $s, first: 1) { edges { cursor } } }`, variables: { s: { type: 'PERSON', id: PERSON_ID } } });
    const statuses = await Promise.all(
      Array.from({ length: 400 }, (_, i) =>
        fetch(`${hubs[i % 2].url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: query }).then(async (response) => {
          const body = (await response.json()) as { errors?: unknown };
          return body.errors ? JSON.stringify(body.errors) : response.status;
        }),
      ),
    );
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    await Promise.all(hubs.map(async (hub) => {
      hub.child.kill('SIGTERM');
      await hub.exited;
    }));

    const [{ size }] = await db.admin('SELECT tree_size::int AS size FROM audit_log_head');
    expect(size - before).toBe(400);
    const recorded = await db.admin<{ n: number; first: number; last: number }>(
      `SELECT count(*)::int AS n, min(leaf_index)::int AS first, max(leaf_index)::int AS last FROM audit_event WHERE action = 'AUDIT_SUBJECT_LOG'`,
    );
    expect(recorded[0]).toEqual({ n: 400, first: before, last: before + 399 });
    const hubKey = loadOrCreateSigningKey(dataDir, 'audit-checkpoint');
    const report = await withConnection(db.dataSource, async (client) => {
      const keys: { public_key: string }[] = (await client.query<{ public_key: string }>('SELECT public_key FROM audit_signing_key')).rows;
      return verifyAuditLog(client, { trustedKeys: trust([...keys.map((key) => key.public_key), hubKey.publicKey.export({ type: 'spki', format: 'pem' }).toString()]) });
    });
    expect(report.problems).toEqual([]);
    expect(report.treeSize).toBe(size);
    const [latest] = await db.admin('SELECT max(tree_size)::int AS signed FROM audit_checkpoint');
    expect(latest.signed).toBe(size); // the hubs signed the final head on shutdown
  }, TIMEOUT);
});

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { compactVerify, createLocalJWKSet, createRemoteJWKSet, importJWK } from 'jose';
import { AUDIT_KEYS } from '../../src/audit/audit.constants.js';
import { SubjectHasher, type AuditKeys } from '../../src/audit/audit-keys.js';
import { AuditWriter } from '../../src/audit/audit-writer.js';
import { Checkpointer } from '../../src/audit/checkpointer.js';
import { publishedJwks } from '../../src/audit/hub-jwks.controller.js';
import { Role } from '../../src/auth/principal.js';
import { DepartmentRepository } from '../../src/catalog/department.repository.js';
import { checkSeal, sealDocument, PAYLOAD_VERSION, type CertificatePayload } from '../../src/certificates/document.js';
import { SealKeyRepository } from '../../src/certificates/seal-key.repository.js';
import { SealKeyring } from '../../src/certificates/seal-keys.js';
import { ReceiptSigner } from '../../src/exchange/receipt-signer.js';
import { bearer, tokenFor } from '../support/auth.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { lookup, PERSON_ID } from '../audit/support.js';
import { keysWorld, type KeysWorld } from './support.js';

const AUDIT_CLI = fileURLToPath(new URL('../../dist/src/cli/audit.js', import.meta.url));
const run = promisify(execFile);

describe('rotating the audit checkpoint key', () => {
  let world: KeysWorld;
  beforeAll(async () => {
    world = await keysWorld();
  });
  afterAll(() => world.close());

  it('new checkpoints use the new kid, old ones still verify (plain jose + JWKS, and the offline verifier), the rotation is audited', async () => {
    const keys = world.hubKeys();
    const writer = new AuditWriter(world.dataSource, { subjects: await SubjectHasher.load(keys), batchWindowMs: 1, maxBatch: 100, maxBuffer: 1000, commitTimeoutMs: 5000 });
    const checkpoints = new Checkpointer(world.dataSource, keys);
    for (let i = 0; i < 5; i++) await writer.record(lookup());
    const old = (await checkpoints.signIfBehind(true))!;

    expect(await world.cli('rotate', 'checkpoint')).toMatchObject({ code: 0 });

    // A process that starts now (running ones re-read the current generation within 30 s).
    const after = new Checkpointer(world.dataSource, world.hubKeys());
    for (let i = 0; i < 3; i++) await writer.record(lookup());
    const fresh = (await after.signIfBehind(true))!;
    await writer.close();
    expect(fresh.keyId).not.toBe(old.keyId);
    expect(fresh.treeSize).toBe(old.treeSize + 4); // three lookups and the KEY_ROTATE event

    const jwks = createLocalJWKSet(await publishedJwks(world.hubKeys()));
    for (const checkpoint of [old, fresh]) {
      const { payload, protectedHeader } = await compactVerify(checkpoint.jws, jwks);
      expect(protectedHeader).toEqual({ alg: 'EdDSA', kid: checkpoint.keyId, typ: 'sharehub-checkpoint+jws' });
      expect(Buffer.from(payload).toString()).toBe(checkpoint.payload);
    }
    // An altered checkpoint does not verify.
    const [h, , s] = old.jws.split('.');
    const forged = Buffer.from(old.payload.replace(`\n${old.treeSize}\n`, `\n${old.treeSize + 1}\n`)).toString('base64url');
    await expect(compactVerify(`${h}.${forged}.${s}`, jwks)).rejects.toThrow(/signature verification failed/);

    // The offline verifier trusts both generations from audit_signing_key and checks every checkpoint.
    const { stdout } = await run(process.execPath, [AUDIT_CLI, 'verify', '--trust-db-keys'], { env: { PATH: process.env.PATH ?? '', ...world.env } });
    expect(stdout).toMatch(/(\d+)\/\1 checkpoint signatures verified/);
    expect(stdout).toContain('OK: the audit log is intact');

    const events = await world.database.query("SELECT target, details FROM audit_event WHERE action = 'KEY_ROTATE'");
    expect(events).toEqual([{ target: 'checkpoint', details: expect.objectContaining({ kind: 'checkpoint', generation: 2, kid: fresh.keyId, previousKid: old.keyId }) }]);
  });
});

describe('rotating a seal key from the CLI', () => {
  let world: KeysWorld;
  beforeAll(async () => {
    world = await keysWorld();
    await world.database.query(
      "INSERT INTO departments (code, name, short_name, kind, level, region_code, credit_code) VALUES ('ZJ-SCJGJ', '浙江省市场监督管理局', '省市场监管局', 'PROVIDER', 'PROVINCE', '330000', '11330000002482093K')",
    );
  });
  afterAll(() => world.close());

  const payload = (sealedAt: string): CertificatePayload => ({
    v: PAYLOAD_VERSION,
    identifier: '1.2.156.3005.2.11330000002482093K.91330106MA27ABC166.001.Y',
    number: 'L-001',
    name: '营业执照',
    typeCode: '11330000002482093K001',
    resourceCode: '1010201/000001',
    holder: { name: '杭州示例科技有限公司', code: '91330106MA27ABC166', codeType: '统一社会信用代码' },
    issuedOn: '2024-01-02',
    validFrom: '2024-01-02',
    validTo: null,
    issuer: { name: '浙江省市场监督管理局', code: '11330000002482093K', department: 'ZJ-SCJGJ' },
    regionCode: '330000',
    status: 'VALID',
    content: [],
    masked: [],
    asOf: '2026-01-01T00:00:00.000Z',
    sealedAt,
    delivery: { consumerDept: 'HZ-XZFWZX', caseNo: 'C-1', requestId: 'r-1' },
  });

  it('old certificates still verify (hub check and plain jose with seals.json), new ones carry the new kid, the rotation is audited', async () => {
    const keyring = () => new SealKeyring(new SealKeyRepository(world.dataSource), new DepartmentRepository(world.dataSource), world.config);
    const before = await keyring().currentKey('ZJ-SCJGJ');
    const oldDocument = await sealDocument(payload('2026-01-01T00:00:00.000Z'), { kid: before.kid, privateKey: before.signing.privateKey });

    const rotated = await world.cli('rotate', 'seal', '--dept', 'ZJ-SCJGJ');
    expect(rotated).toMatchObject({ code: 0 });
    expect(rotated.stdout).toContain('generation 2');

    const after = await keyring().currentKey('ZJ-SCJGJ');
    expect(after.kid).not.toBe(before.kid);
    const newDocument = await sealDocument(payload('2026-02-01T00:00:00.000Z'), { kid: after.kid, privateKey: after.signing.privateKey });
    const published = await keyring().publishedKeys();
    expect(published.keys.map((k) => [k.kid, k.validUntil === null])).toEqual([
      [before.kid, false],
      [after.kid, true],
    ]);
    for (const document of [oldDocument, newDocument]) {
      expect(await checkSeal(document, (kid) => published.keys.find((k) => k.kid === kid))).toMatchObject({ signatureValid: true, tampered: false });
      // Plain jose: the seals.json entry is a public JWK.
      const kid = JSON.parse(Buffer.from(document.split('.')[0], 'base64url').toString()).kid as string;
      const jwk = published.keys.find((k) => k.kid === kid)!;
      await expect(compactVerify(document, await importJWK({ kty: jwk.kty!, crv: jwk.crv, x: jwk.x, y: jwk.y }, jwk.alg))).resolves.toBeTruthy();
    }
    const events = await world.database.query("SELECT action, target, details FROM audit_event WHERE kind = 'ADMIN'");
    expect(events).toEqual([{ action: 'SEAL_KEY_ROTATE', target: 'ZJ-SCJGJ', details: { kid: after.kid } }]);
  });
});

describe('rotating the subject-hash key', () => {
  const SUBJECT_LOG = `query($s: SubjectInput!) { subjectAccessLog(subject: $s, first: 50) { edges { node { id caseNo subjectRef } } } }`;
  const EVENTS = `query($f: AuditEventFilter) { auditEvents(filter: $f, first: 50) { edges { node { id } } } }`;
  let hub: TestHub;
  let auditor: Record<string, string>;
  beforeAll(async () => {
    hub = await startTestHub({}, { seedCatalog: true });
    auditor = bearer(tokenFor(hub, { dept: 'ZJ-DSJJ', roles: [Role.AUDITOR], sub: 'auditor-1' }));
  });
  afterAll(() => hub.close());

  it('subject access queries and audit filters still find events recorded before the rotation; new events use the new generation', async () => {
    const writer = hub.app.get(AuditWriter);
    const before = await writer.record(lookup({ purpose: { caseNo: 'BEFORE-1', matter: '入学' } }));

    const { spawnSync } = await import('node:child_process');
    const cli = spawnSync(process.execPath, [fileURLToPath(new URL('../../dist/src/cli/keys.js', import.meta.url)), 'rotate', 'subject-hash', '--reason', '密钥轮换演练'], {
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', DATABASE_URL: hub.database.url, SHAREHUB_DATA_DIR: hub.config.dataDir },
      encoding: 'utf8',
    });
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
    // A running hub re-reads the generations every 30 s; the test does not wait for that.
    await hub.app.get<typeof AUDIT_KEYS, AuditKeys>(AUDIT_KEYS).subjects.refresh();

    const after = await writer.record(lookup({ purpose: { caseNo: 'AFTER-1', matter: '入学' } }));
    const refs = await hub.database.query<{ id: string; subject_hash: string }>('SELECT id, subject_hash FROM audit_event WHERE id = ANY($1)', [[before.id, after.id]]);
    const refOf = (id: string) => refs.find((r) => r.id === id)!.subject_hash;
    expect(refOf(before.id)).toMatch(/^[0-9a-f]{64}$/);
    expect(refOf(after.id)).toMatch(/^k2:[0-9a-f]{64}$/);

    const log = await hub.gql<{ subjectAccessLog: { edges: { node: { id: string; caseNo: string } }[] } }>(SUBJECT_LOG, { s: { type: 'PERSON', id: PERSON_ID } }, auditor);
    expect(log.body.errors).toBeUndefined();
    expect(log.body.data!.subjectAccessLog.edges.map((e) => e.node.caseNo)).toEqual(['AFTER-1', 'BEFORE-1']);
    const filtered = await hub.gql<{ auditEvents: { edges: { node: { id: string } }[] } }>(EVENTS, { f: { subject: { type: 'PERSON', id: PERSON_ID } } }, auditor);
    expect(filtered.body.data!.auditEvents.edges.map((e) => e.node.id).sort()).toEqual([before.id, after.id].sort());

    const [rotation] = await hub.database.query<{ principal_sub: string; reason: string; details: Record<string, unknown> }>(
      "SELECT principal_sub, reason, details FROM audit_event WHERE action = 'KEY_ROTATE'",
    );
    expect(rotation).toMatchObject({ reason: '密钥轮换演练', details: { kind: 'subject-hash', generation: 2 } });
  });

  it('rotateHubKey (admin GraphQL) takes effect in this process at once, is audited, and is refused to other roles', async () => {
    const admin = bearer(tokenFor(hub, { dept: 'ZJ-DSJJ', roles: [Role.ADMIN], sub: 'key-admin' }));
    const signer = hub.app.get(ReceiptSigner);
    const claims = { requestId: 'r-1', consumerDept: 'HZXH-XZFWZX', principal: 'w', subjectHash: 'ab'.repeat(32), items: [], issuedAt: '2026-01-01T00:00:00.000Z' };
    const old = await signer.sign(claims);

    const refused = await hub.gql('mutation { rotateHubKey(kind: RECEIPT) { kid } }', {}, auditor);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const rotated = await hub.gql<{ rotateHubKey: { kind: string; generation: number; kid: string; retiredAt: string | null } }>(
      'mutation { rotateHubKey(kind: RECEIPT, reason: "演练") { kind generation kid retiredAt } }',
      {},
      admin,
    );
    expect(rotated.body.errors).toBeUndefined();
    const next = rotated.body.data!.rotateHubKey;
    expect(next).toMatchObject({ kind: 'RECEIPT', generation: 2, retiredAt: null });
    expect(next.kid).not.toBe(old.keyId);
    expect((await signer.sign(claims)).keyId).toBe(next.kid);
    expect(await signer.verify(old.receipt)).toMatchObject({ valid: true, keyId: old.keyId });

    const listed = await hub.gql<{ hubKeys: { kind: string; generation: number; retiredAt: string | null }[] }>('{ hubKeys { kind generation retiredAt } }', {}, auditor);
    expect(listed.body.data!.hubKeys.filter((k) => k.kind === 'RECEIPT').map((k) => [k.generation, k.retiredAt === null])).toEqual([
      [1, false],
      [2, true],
    ]);
    const [event] = await hub.database.query("SELECT principal_sub, reason, details FROM audit_event WHERE action = 'KEY_ROTATE' AND target = 'receipt'");
    expect(event).toMatchObject({ principal_sub: 'key-admin', reason: '演练', details: { kind: 'receipt', generation: 2, kid: next.kid, previousKid: old.keyId } });
  });

  it('publishes its signing keys as a JWKS over HTTP, without a token: plain jose verifies the served checkpoint with it', async () => {
    const response = await hub.gql<{ auditCheckpoint: { jws: string; keyId: string; signedPayload: string } }>('{ auditCheckpoint { jws keyId signedPayload } }');
    expect(response.body.errors).toBeUndefined();
    const checkpoint = response.body.data!.auditCheckpoint;
    const jwks = createRemoteJWKSet(new URL(`${hub.url}/.well-known/sharehub/jwks.json`));
    const { payload, protectedHeader } = await compactVerify(checkpoint.jws, jwks);
    expect(protectedHeader.kid).toBe(checkpoint.keyId);
    expect(Buffer.from(payload).toString()).toBe(checkpoint.signedPayload);
  });
});

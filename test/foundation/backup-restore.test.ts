import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Role } from '../../src/auth/principal.js';
import { SourceBindingRepository } from '../../src/sources/binding.repository.js';
import { validateBinding } from '../../src/sources/binding.js';
import { CONSUMER, LICENCE, PURPOSE, startCertificateWorld, VERIFY, type CertificateWorld, type VerificationGql } from '../certificates/support.js';
import { bearer, tokenFor } from '../support/auth.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startDepartmentApi, type DepartmentApi } from '../support/fake-department.js';
import { startTestHub, type TestHub } from '../support/hub.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const cli = (name: string) => join(ROOT, 'dist', 'src', 'cli', `${name}.js`);
const HUKOU = '101001/000001';
const item = (n: number) => `${HUKOU}/${String(n).padStart(3, '0')}`;
const PERSON = '330106199003071236';
const LOOKUP = `query($s: SubjectInput!, $i: [String!]!, $p: PurposeInput!) { lookup(subject: $s, itemCodes: $i, purpose: $p) { values { itemCode value } receipt } }`;

/** The client tools' folder, when the run names one. */
function pgBinDir(): Record<string, string> {
  return process.env.SHAREHUB_PG_BIN_DIR ? { SHAREHUB_PG_BIN_DIR: process.env.SHAREHUB_PG_BIN_DIR } : {};
}

async function cliRun(name: string, args: string[], env: Record<string, string>): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli(name), ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...pgBinDir(), ...env } });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

/** Whether this machine has pg_dump/pg_restore as new as the test server (CI: PostgreSQL 15 both). */
async function clientToolsMatchServer(): Promise<boolean> {
  const bin = process.env.SHAREHUB_PG_BIN_DIR ? join(process.env.SHAREHUB_PG_BIN_DIR, 'pg_dump') : 'pg_dump';
  const client = await run(bin, ['--version']).then(({ stdout }) => Number(/(\d+)/.exec(stdout)?.[1]), () => 0);
  const database = await createTestDatabase();
  try {
    const [{ num }] = await database.query<{ num: string }>("SELECT current_setting('server_version_num') AS num");
    return client >= Math.floor(Number(num) / 10000);
  } finally {
    await database.drop();
  }
}

const TOOLS = await clientToolsMatchServer();

/**
 * On a machine with Node alone (the embedded PostgreSQL 17 ships no client tools), backup says
 * what is missing instead of failing halfway.
 */
(TOOLS ? it.skip : it)('without pg_dump for the server, backup refuses naming SHAREHUB_PG_BIN_DIR', async () => {
  const database = await createTestDatabase();
  const root = mkdtempSync(join(tmpdir(), 'sharehub-backup-'));
  try {
    const refused = await cliRun('backup', [join(root, 'b')], { DATABASE_URL: database.url, SHAREHUB_DATA_DIR: join(root, 'data') });
    expect(refused).toEqual({ code: 1, output: expect.stringMatching(/^sharehub backup: pg_dump .*(cannot work with the PostgreSQL|not found).*SHAREHUB_PG_BIN_DIR/) });
  } finally {
    await database.drop();
    rmSync(root, { recursive: true, force: true });
  }
});

/**
 * A backup of a hub that has served lookups and certificates, restored into an empty database and
 * data directory: the audit chain verifies offline, the restored hub serves a lookup, and a receipt
 * and a certificate issued before the backup still verify there.
 */
(TOOLS ? describe : describe.skip)('backup and restore', () => {
  let world: CertificateWorld;
  let api: DepartmentApi;
  let target: TestDatabase;
  let restored: TestHub | undefined;
  let root: string;
  let receipt: string;
  let certificate: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'sharehub-backup-'));
    chmodSync(root, 0o755);
    api = await startDepartmentApi('gat-key');
    api.records.set(PERSON, { f1: PERSON, f2: '张三', f6: '1990-03-07' });
    world = await startCertificateWorld({ SOURCE_TEST_GAT: api.url, TEST_SOURCE_KEY: 'gat-key' });
    const hub = world.hub;
    const fields = { [item(1)]: 'f1', [item(2)]: 'f2', [item(6)]: 'f6' };
    await hub.app.get(SourceBindingRepository).save([
      validateBinding({ resourceCode: HUKOU, adapter: 'http', endpoint: '{SOURCE_TEST_GAT}/records/{id}', credentialRef: 'TEST_SOURCE_KEY', timeoutMs: 1000, fields }, Object.keys(fields), (name) => hub.config.sources.settings[name]),
    ]);
    await world.grant([item(2), item(6), ...(await world.itemsOf(LICENCE))], false);
    const looked = await hub.gql<{ lookup: { receipt: string } }>(LOOKUP, { s: { type: 'PERSON', id: PERSON }, i: [item(2), item(6)], p: PURPOSE }, world.consumer);
    expect(looked.body.errors).toBeUndefined();
    receipt = looked.body.data!.lookup.receipt;
    const holder = world.holderWith(LICENCE);
    const { list } = await world.certificates({ type: 'LEGAL_ENTITY', id: holder.id }, [LICENCE]);
    certificate = list[0]!.document!;
    expect(certificate).toBeTruthy();
    target = await createTestDatabase('empty');
  }, 120_000);

  afterAll(async () => {
    await restored?.close();
    await world?.close();
    await api?.close();
    await target?.drop();
    rmSync(root, { recursive: true, force: true });
  });

  it('backs up, refuses a damaged backup or a non-empty database, and restores into an empty one', async () => {
    const source = { DATABASE_URL: world.hub.database.url, SHAREHUB_DATA_DIR: world.hub.config.dataDir };
    const dir = join(root, 'backup');
    const backedUp = await cliRun('backup', [dir], source);
    expect(backedUp).toMatchObject({ code: 0, output: expect.stringMatching(/^backup written to .*: database \(\d+ audit events, \d+ migrations, pg_dump .* of PostgreSQL .*\) and \d+ key file\(s\)/) });
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files: { path: string; restoreTo: string; sha256: string }[]; database: { auditEvents: number } };
    expect(manifest.database.auditEvents).toBeGreaterThanOrEqual(3);
    expect(manifest.files.map((file) => file.restoreTo)).toEqual(expect.arrayContaining(['database', 'data:keys/audit-checkpoint.pem', 'data:keys/subject-hash.secret']));
    expect(manifest.files.every((file) => /^[0-9a-f]{64}$/.test(file.sha256))).toBe(true);
    // A second backup into the same folder is refused rather than mixed.
    expect((await cliRun('backup', [dir], source)).output).toMatch(/is not empty/);

    const dataDir = join(root, 'restored-data');
    const into = { DATABASE_URL: target.url, SHAREHUB_DATA_DIR: dataDir };
    // A damaged file is found before anything is touched.
    const dump = join(dir, 'database.dump');
    const original = readFileSync(dump);
    writeFileSync(dump, Buffer.concat([original, Buffer.from('x')]));
    expect(await cliRun('restore', [dir], into)).toEqual({ code: 1, output: expect.stringMatching(/database\.dump does not match its checksum/) });
    expect(existsSync(dataDir)).toBe(false);
    writeFileSync(dump, original);
    // Into a database that is not empty: refused.
    expect((await cliRun('restore', [dir], { ...source, SHAREHUB_DATA_DIR: join(root, 'elsewhere') })).output).toMatch(/restore needs an empty database/);

    const done = await cliRun('restore', [dir], into);
    expect(done).toMatchObject({ code: 0, output: expect.stringMatching(/^restored /) });

    // The audit chain of the restored database, verified offline with the restored checkpoint key.
    const verified = await cliRun('audit', ['verify'], into);
    expect(verified).toMatchObject({ code: 0, output: expect.stringMatching(/OK/) });
  }, 120_000);

  it('the restored hub serves a lookup and verifies a receipt and a certificate issued before the backup', async () => {
    restored = await startTestHub(
      {
        SHAREHUB_DATA_DIR: join(root, 'restored-data'),
        SOURCE_TEST_GAT: api.url,
        TEST_SOURCE_KEY: 'gat-key',
        SOURCE_DZZZ: world.hub.config.sources.settings.SOURCE_DZZZ!,
        DEMO_SOURCE_KEY: world.hub.config.sources.settings.DEMO_SOURCE_KEY!,
      },
      { databaseUrl: target.url },
    );
    const consumer = bearer(tokenFor(restored, { dept: CONSUMER, roles: [Role.CONSUMER], sub: 'xh-window-03' }));
    const looked = await restored.gql<{ lookup: { values: { itemCode: string; value: string }[] } }>(LOOKUP, { s: { type: 'PERSON', id: PERSON }, i: [item(2)], p: PURPOSE }, consumer);
    expect(looked.body.errors).toBeUndefined();
    expect(looked.body.data!.lookup.values).toEqual([expect.objectContaining({ itemCode: item(2) })]);

    const receiptCheck = await restored.gql<{ verifyReceipt: { valid: boolean } }>('query($r: String!) { verifyReceipt(receipt: $r) { valid reason } }', { r: receipt }, consumer);
    expect(receiptCheck.body.data?.verifyReceipt.valid).toBe(true);
    const certificateCheck = await restored.gql<{ verifyCertificate: VerificationGql }>(VERIFY, { document: certificate });
    expect(certificateCheck.body.data?.verifyCertificate).toMatchObject({ signatureValid: true, tampered: false, status: 'VALID' });
  }, 60_000);
});

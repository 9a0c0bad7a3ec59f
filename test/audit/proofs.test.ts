import { execFile } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { AuditWriter } from '../../src/audit/audit-writer.js';
import { Checkpointer } from '../../src/audit/checkpointer.js';
import { checkProofDocument } from '../../src/audit/proof-check.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { adminEvent, lookup } from './support.js';

const CLI = fileURLToPath(new URL('../../dist/src/cli/audit.js', import.meta.url));
const run = promisify(execFile);

/** `npm run audit -- verify-proof` with no database and no hub config: only the file and the public key. */
async function verifyProof(file: string, keyFile: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, [CLI, 'verify-proof', file, '--public-key', keyFile], { env: { PATH: process.env.PATH ?? '' } });
    return { code: 0, out: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout + failed.stderr };
  }
}

const CHECKPOINT_FIELDS = 'treeSize rootHash timestamp keyId signature signedPayload publicKey';
const PROOF = `query($eventId: ID!, $treeSize: Int) { auditProof(eventId: $eventId, treeSize: $treeSize) {
  eventId leafIndex treeSize leafHash rootHash path checkpoint { ${CHECKPOINT_FIELDS} } } }`;
const CONSISTENCY = `query($from: Int!, $to: Int!) { auditConsistency(from: $from, to: $to) {
  fromSize toSize fromRoot toRoot path fromCheckpoint { ${CHECKPOINT_FIELDS} } toCheckpoint { ${CHECKPOINT_FIELDS} } } }`;

describe('public Merkle endpoints and offline proof checks', () => {
  let hub: TestHub;
  let dir: string;
  let keyFile: string;
  let publicKeyPem: string;
  const eventIds: string[] = [];

  beforeAll(async () => {
    hub = await startTestHub({ SHAREHUB_AUDIT_CHECKPOINT_INTERVAL_MS: '60000' });
    dir = mkdtempSync(join(tmpdir(), 'sharehub-audit-proofs-'));
    const writer = hub.app.get(AuditWriter);
    const checkpoints = hub.app.get(Checkpointer);
    for (const count of [1, 6, 300, 40]) {
      const written = await Promise.all(Array.from({ length: count }, (_, i) => writer.record(i % 3 ? lookup() : adminEvent())));
      eventIds.push(...written.map((event) => event.id));
      await checkpoints.signIfBehind();
    }
    publicKeyPem = (await checkpoints.currentKey()).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    keyFile = join(dir, 'audit-public.pem');
    writeFileSync(keyFile, publicKeyPem);
  });
  afterAll(() => hub.close());

  it('serves the latest signed checkpoint without a token', async () => {
    const response = await hub.gql<{ auditCheckpoint: Record<string, string | number> }>(`{ auditCheckpoint { ${CHECKPOINT_FIELDS} } }`);
    expect(response.body.errors).toBeUndefined();
    const checkpoint = response.body.data!.auditCheckpoint;
    expect(checkpoint.treeSize).toBe(347);
    expect(checkpoint.signedPayload).toBe(`sharehub-audit-checkpoint/v2\n347\n${checkpoint.rootHash}\n${Date.parse(String(checkpoint.timestamp))}\n`);
    expect(checkpoint.publicKey).toBe(publicKeyPem);
  });

  it('inclusion proofs for events of every batch verify with only the public key, offline', async () => {
    const key = createPublicKey(publicKeyPem);
    for (const index of [0, 1, 6, 7, 200, 306, 307, 346]) {
      const response = await hub.gql<{ auditProof: Record<string, unknown> }>(PROOF, { eventId: eventIds[index] });
      expect(response.body.errors).toBeUndefined();
      const proof = response.body.data!.auditProof;
      expect(proof).toMatchObject({ leafIndex: index, treeSize: 347 });
      expect(await checkProofDocument(proof, key)).toMatchObject({ ok: true });
    }
    // Against an older signed size too.
    const older = await hub.gql<{ auditProof: Record<string, unknown> }>(PROOF, { eventId: eventIds[3], treeSize: 7 });
    expect(older.body.data!.auditProof).toMatchObject({ treeSize: 7, checkpoint: { treeSize: 7 } });
    expect((await checkProofDocument(older.body.data!.auditProof, key)).ok).toBe(true);

    // The whole GraphQL response saved to a file, checked by the CLI with nothing but the public key.
    const file = join(dir, 'proof.json');
    writeFileSync(file, JSON.stringify((await hub.gql(PROOF, { eventId: eventIds[200] })).body));
    const ok = await verifyProof(file, keyFile);
    expect(ok.out).toContain(`OK: event ${eventIds[200]}`);
    expect(ok.code).toBe(0);

    const body = JSON.parse(JSON.stringify((await hub.gql(PROOF, { eventId: eventIds[200] })).body));
    const path: string[] = body.data.auditProof.path;
    path[2] = path[2].replace(/^./, (c: string) => (c === '0' ? '1' : '0'));
    writeFileSync(file, JSON.stringify(body));
    const tampered = await verifyProof(file, keyFile);
    expect(tampered.code).toBe(1);
    expect(tampered.out).toContain('FAILED: the inclusion proof does not lead from leaf 200');

    const otherKey = join(dir, 'other.pem');
    const { generateKeyPairSync } = await import('node:crypto');
    writeFileSync(otherKey, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
    writeFileSync(file, JSON.stringify((await hub.gql(PROOF, { eventId: eventIds[200] })).body));
    const wrongKey = await verifyProof(file, otherKey);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.out).toContain('not by the given public key');
  });

  it('consistency proofs between signed checkpoints verify offline; a forged root fails', async () => {
    const key = createPublicKey(publicKeyPem);
    for (const [from, to] of [
      [1, 7],
      [7, 307],
      [1, 347],
      [307, 347],
      [347, 347],
    ]) {
      const response = await hub.gql<{ auditConsistency: Record<string, unknown> }>(CONSISTENCY, { from, to });
      expect(response.body.errors).toBeUndefined();
      expect(await checkProofDocument(response.body.data!.auditConsistency, key)).toMatchObject({ ok: true });
    }
    const file = join(dir, 'consistency.json');
    const body = (await hub.gql(CONSISTENCY, { from: 7, to: 347 })).body;
    writeFileSync(file, JSON.stringify(body));
    const ok = await verifyProof(file, keyFile);
    expect(ok.out).toContain('OK: the signed log of size 347 extends the signed log of size 7');
    const forged = JSON.parse(JSON.stringify(body));
    forged.data.auditConsistency.path[0] = 'ab'.repeat(32);
    writeFileSync(file, JSON.stringify(forged));
    expect((await verifyProof(file, keyFile)).code).toBe(1);

    const unsigned = await hub.gql<{ auditConsistency: Record<string, unknown> }>(CONSISTENCY, { from: 5, to: 347 });
    expect(unsigned.body.data!.auditConsistency.fromCheckpoint).toBeNull();
    expect(await checkProofDocument(unsigned.body.data!.auditConsistency, key)).toMatchObject({ ok: false, message: expect.stringContaining('no signed checkpoint of size 5') });
  });

  it('refuses bad arguments', async () => {
    const code = async (query: string, variables: Record<string, unknown>) => (await hub.gql(query, variables)).body.errors?.[0]?.extensions?.code;
    expect(await code(PROOF, { eventId: 'not-a-uuid' })).toBe('BAD_USER_INPUT');
    expect(await code(PROOF, { eventId: '00000000-0000-4000-8000-000000000000' })).toBe('NOT_FOUND');
    expect(await code(PROOF, { eventId: eventIds[10], treeSize: 5 })).toBe('BAD_USER_INPUT');
    expect(await code(CONSISTENCY, { from: 0, to: 5 })).toBe('BAD_USER_INPUT');
    expect(await code(CONSISTENCY, { from: 5, to: 100000 })).toBe('BAD_USER_INPUT');
  });
});

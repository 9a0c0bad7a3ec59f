import 'reflect-metadata';
import { SubjectHasher } from '../../src/audit/audit-keys.js';
import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AuditWriter, type AuditEventInput, type AuditWriterOptions } from '../../src/audit/audit-writer.js';
import { Checkpointer } from '../../src/audit/checkpointer.js';
import { Role } from '../../src/auth/principal.js';
import { keyIdOf } from '../../src/config/key-store.js';
import { createDataSource } from '../../src/database/data-source.js';
import { HUB_NODE_FLAGS } from '../../src/config/node-flags.js';

/*
 * Another process appending to the same audit log: used by the cluster test and the audit bench.
 * Run as `node dist/test/support/audit-worker.js <databaseUrl> <seconds> <events> <callers> ids|count`.
 */

const PERSONS = ['330106199003071236', '11010519491231002X', '440524188001010014'];

/**
 * A realistic data-access event (three items, one denied), a new request id each time, made
 * the way the hub makes them: a UUID request id, one token per operator, a SHA-256 receipt.
 */
export function sampleEvent(i: number): AuditEventInput {
  const requestId = randomUUID();
  return {
    kind: 'LOOKUP',
    requestId,
    principal: { sub: `window-${i % 50}`, dept: 'HZXH-XZFWZX', roles: [Role.CONSUMER], name: '窗口人员', tokenId: `token-${i % 50}` },
    purpose: { caseNo: `XH2025-${String(i % 100000).padStart(6, '0')}`, matter: '户籍证明开具', legalBasis: '《居民身份证法》' },
    subject: { type: 'PERSON', id: PERSONS[i % PERSONS.length] },
    itemsRequested: ['P001', 'P002', 'P003'],
    itemsReleased: ['P001', 'P002'],
    itemsDenied: [{ itemCode: 'P003', reason: 'NO_GRANT' }],
    resources: ['1010203/000017'],
    sources: ['gaj-hz-population'],
    outcome: 'PARTIAL',
    latencyMs: 12,
    receiptHash: createHash('sha256').update(requestId).digest('hex'),
  };
}

/** Writer settings of the audit bench and its worker processes. */
export const WRITER_DEFAULTS: AuditWriterOptions = {
  subjects: SubjectHasher.fixed(Buffer.from('bench-subject-hash-secret-32-bytes!!')),
  batchWindowMs: 2,
  maxBatch: 1000,
  maxBuffer: 100_000,
  commitTimeoutMs: 10_000,
};

/** A fresh Ed25519 checkpoint key. */
export function makeCheckpointKey() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { kid: keyIdOf(publicKey), alg: 'EdDSA' as const, privateKey, publicKey };
}

export interface WorkerResult {
  events: number;
  seconds: number;
  ids: string[];
  leafIndexes: number[];
  publicKeyPem: string;
}

/** Runs `node dist/test/support/audit-worker.js` (another process writing to the same log) and parses its result. */
export function runWorker(databaseUrl: string, options: { seconds?: number; events?: number; callers?: number; listIds?: boolean }): Promise<WorkerResult> {
  // Under Jest this module is the TypeScript source: run the copy the global setup built.
  const self = fileURLToPath(import.meta.url);
  const script = self.endsWith('.ts') ? fileURLToPath(new URL('../../dist/test/support/audit-worker.js', import.meta.url)) : self;
  const args = [script, databaseUrl, String(options.seconds ?? 3600), String(options.events ?? 1e12), String(options.callers ?? 1000), options.listIds ? 'ids' : 'count'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...HUB_NODE_FLAGS, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`audit worker exited ${code}: ${err}`));
      try {
        resolve(JSON.parse(out) as WorkerResult);
      } catch (error) {
        reject(new Error(`audit worker printed no result: ${(error as Error).message}\n${out}\n${err}`));
      }
    });
  });
}

/** Worker process: records events with its own AuditWriter and signs checkpoints with its own key. */
async function worker(databaseUrl: string, seconds: number, limit: number, callers: number, listIds: boolean): Promise<void> {
  const dataSource = createDataSource({ url: databaseUrl, poolSize: 4, applicationName: 'sharehub-audit-worker' });
  await dataSource.initialize();
  const writer = new AuditWriter(dataSource, WRITER_DEFAULTS);
  const key = makeCheckpointKey();
  const checkpoints = new Checkpointer(dataSource, key);
  checkpoints.start(200);
  const ids: string[] = [];
  const leafIndexes: number[] = [];
  let next = 0;
  let written = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < deadline && next < limit) {
        const recorded = await writer.record(sampleEvent(next++));
        written += 1;
        if (listIds) {
          ids.push(recorded.id);
          leafIndexes.push(recorded.leafIndex);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await writer.close();
  await checkpoints.stop();
  await checkpoints.signIfBehind(true);
  await dataSource.destroy();
  const result: WorkerResult = {
    events: written,
    seconds: elapsed,
    ids,
    leafIndexes,
    publicKeyPem: key.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
  process.stdout.write(JSON.stringify(result));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [, , url, seconds, limit, callers, mode] = process.argv;
  worker(url, Number(seconds), Number(limit), Number(callers), mode === 'ids').catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

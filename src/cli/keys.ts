/**
 * `npm run keys -- <command>`: the hub's keys and their rotation (docs/keys.md).
 *   list [--json]                         every generation of every key, current and retired
 *   rotate <checkpoint|receipt|seal|subject-hash|token> [--dept <code>] [--operator <name>] [--reason <text>]
 * A rotation makes the next generation current (its key file is used if the operator put it in
 * the key folder, else made there, mode 0600), keeps the old public key published so what it
 * signed stays verifiable, and is recorded in the audit log (ADMIN KEY_ROTATE / SEAL_KEY_ROTATE)
 * in the same transaction. Running hubs take the new key within 30 s.
 * Database: DATABASE_URL, else the embedded PostgreSQL of SHAREHUB_DATA_DIR. Exit 0 ok, 2 error.
 */
import 'reflect-metadata';
import { hostname, userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import type { DataSource } from 'typeorm';
import { SubjectHasher } from '../audit/audit-keys.js';
import { AuditWriter } from '../audit/audit-writer.js';
import { Role, type Principal } from '../auth/principal.js';
import { DepartmentRepository } from '../catalog/department.repository.js';
import { SealKeyRepository } from '../certificates/seal-key.repository.js';
import { SealKeyring } from '../certificates/seal-keys.js';
import { ConfigError, loadConfig, type AppConfig } from '../config/config.js';
import { createDataSource } from '../database/data-source.js';
import { resolveDatabase } from '../database/resolve-database.js';
import { HUB_KEY_KINDS, HubKeys, type HubKeyKind } from '../keys/hub-keys.js';

const USAGE = `usage: npm run keys -- <command>
  list [--json]
  rotate <checkpoint|receipt|seal|subject-hash|token> [--dept <code>] [--operator <name>] [--reason <text>]`;
const ROTATABLE = [...HUB_KEY_KINDS, 'seal'] as const;

class UsageError extends Error {}

async function withDatabase<T>(config: AppConfig, work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const database = await resolveDatabase(config, (line) => console.error(`sharehub: ${line}`));
  const dataSource = createDataSource({ url: database.url, poolSize: 3, applicationName: 'sharehub-keys-cli' });
  try {
    await dataSource.initialize();
    return await work(dataSource);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.embedded?.stop();
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, dept: { type: 'string' }, operator: { type: 'string' }, reason: { type: 'string' } },
  });
  const [command, kind, ...extra] = positionals;
  const config = loadConfig();
  if (command === 'list') {
    if (kind) throw new UsageError('list takes no argument');
    return withDatabase(config, async (dataSource) => {
      const hub = await new HubKeys(dataSource, config).list();
      const seals = await new SealKeyring(new SealKeyRepository(dataSource), new DepartmentRepository(dataSource), config).list();
      const rows = [
        ...hub.map((k) => ({ kind: k.kind, generation: k.generation, kid: k.kid, alg: k.alg, department: null as string | null, since: k.createdAt, retired: k.retiredAt })),
        ...seals.map((k) => ({ kind: 'seal', generation: k.seq, kid: k.kid, alg: k.alg, department: k.dept, since: k.validFrom, retired: k.validUntil })),
      ];
      if (values.json) console.log(JSON.stringify(rows, null, 2));
      else {
        console.log('kind          gen  kid                   alg     dept          since                     retired');
        for (const r of rows) {
          console.log(
            `${r.kind.padEnd(13)} ${String(r.generation).padStart(3)}  ${r.kid.padEnd(21)} ${r.alg.padEnd(7)} ${(r.department ?? '-').padEnd(13)} ${r.since.toISOString()}  ${r.retired ? r.retired.toISOString() : 'current'}`,
          );
        }
      }
      return 0;
    });
  }
  if (command !== 'rotate') throw new UsageError(command ? `unknown command ${command}` : 'no command');
  if (!kind || !(ROTATABLE as readonly string[]).includes(kind) || extra.length) throw new UsageError(`rotate needs one of ${ROTATABLE.join(', ')}`);
  if ((kind === 'seal') !== (values.dept !== undefined)) throw new UsageError(kind === 'seal' ? 'rotate seal needs --dept <department code>' : '--dept is only for seal keys');
  const principal: Principal = { sub: `cli:${values.operator ?? userInfo().username}@${hostname()}`.slice(0, 64), dept: 'HUB', roles: [Role.ADMIN], name: 'npm run keys' };
  const requestId = `keys-cli-${Date.now()}`;
  return withDatabase(config, async (dataSource) => {
    const keys = new HubKeys(dataSource, config);
    const writer = new AuditWriter(dataSource, { subjects: await SubjectHasher.load(keys), batchWindowMs: 1, maxBatch: 10, maxBuffer: 10, commitTimeoutMs: 10_000 });
    try {
      if (kind === 'seal') {
        const sealKeys = new SealKeyring(new SealKeyRepository(dataSource), new DepartmentRepository(dataSource), config);
        const info = await sealKeys.rotate(values.dept!, (kid) =>
          writer.record({ kind: 'ADMIN', action: 'SEAL_KEY_ROTATE', requestId, principal, target: values.dept!, reason: values.reason, details: { kid } }),
        );
        console.log(`rotated the seal key of ${info.dept}: generation ${info.seq}, kid ${info.kid} (${info.alg}); the previous key stays in seals.json`);
        return 0;
      }
      const { previous, next } = await keys.rotate(kind as HubKeyKind, (key, old) =>
        writer.record({
          kind: 'ADMIN',
          action: 'KEY_ROTATE',
          requestId,
          principal,
          target: kind,
          reason: values.reason,
          details: { kind, generation: key.generation, kid: key.kid, previousKid: old.kid },
        }),
      );
      console.log(`rotated the ${kind} key: generation ${previous.generation} (${previous.kid}) retired, generation ${next.generation} (${next.kid}) current`);
      console.log(`running hubs take it within 30 s; ${afterwards(kind as HubKeyKind)}`);
      return 0;
    } finally {
      await writer.close();
    }
  });
}

function afterwards(kind: HubKeyKind): string {
  switch (kind) {
    case 'checkpoint':
      return 'old checkpoints verify with the old key (audit_signing_key, jwks.json)';
    case 'receipt':
      return 'old receipts verify with the old key (jwks.json)';
    case 'subject-hash':
      return 'subject queries hash with every generation, so older events are still found';
    case 'token':
      return 'tokens signed with the old key are accepted until SHAREHUB_TOKEN_KEY_OVERLAP_SECONDS after now';
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) console.error(`sharehub keys: ${error.message}\n${USAGE}`);
    else console.error(`sharehub keys: ${error instanceof ConfigError ? `configuration error: ${error.message}` : ((error as Error)?.message ?? String(error))}`);
    process.exit(2);
  },
);

import 'reflect-metadata';
import type { KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { publicKeyFromPem } from '../audit/audit-keys.js';
import { HubKeys, KIND_SPECS } from '../keys/hub-keys.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { signingKeyPems } from '../audit/checkpoint.repository.js';
import { Checkpointer } from '../audit/checkpointer.js';
import { verifyReaders, withConnection, withConnections } from '../audit/pg-connection.js';
import { checkProofDocument } from '../audit/proof-check.js';
import { ProofService } from '../audit/proofs.js';
import { verifyAuditLog } from '../audit/verifier.js';
import { ConfigError, loadConfig, type AppConfig } from '../config/config.js';
import { createDataSource } from '../database/data-source.js';
import { connectDatabase } from '../database/resolve-database.js';

const USAGE = `usage: npm run audit -- <command>
  verify [--public-key <pem>]... [--trust-db-keys] [--json]
        recompute the whole log from the database: leaf hashes, order, tree, head, every
        checkpoint (signature and root); names the first event altered, removed or inserted
  verify-proof <file> [--public-key <pem>]
        check an inclusion or consistency proof (auditProof / auditConsistency JSON) against its
        signed checkpoint, offline, with only the public key
  proof <eventId> [--tree-size <n>]      print an inclusion proof (JSON, as auditProof)
  consistency <from> <to>                print a consistency proof (JSON, as auditConsistency)
  checkpoint                             sign the current head if needed and print the latest checkpoint
  public-key                             print the current checkpoint public key (PEM; every generation: npm run keys -- list)
  ensure-partitions [months-ahead]       create the month partitions ahead (default 2)
  detach <YYYY-MM>                       after archiving it, detach the oldest month partition (table owner)
Database: DATABASE_URL, else the embedded PostgreSQL of SHAREHUB_DATA_DIR. Exit 0 ok, 1 failed check, 2 error.`;

class UsageError extends Error {}

function option(args: string[], name: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === name) {
      if (i + 1 >= args.length) throw new UsageError(`${name} needs a value`);
      values.push(args[++i]);
    }
  }
  return values;
}

function positional(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i].startsWith('--')) {
      if (['--public-key', '--tree-size'].includes(args[i])) i++;
      continue;
    }
    out.push(args[i]);
  }
  return out;
}

function readKeys(files: string[]): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  for (const file of files) {
    const { keyId, publicKey } = publicKeyFromPem(readFileSync(file, 'utf8'));
    keys.set(keyId, publicKey);
  }
  return keys;
}

/**
 * The hub's own checkpoint keys found on this host, without creating one: generation 1 (the
 * configured file or the dev key) and the rotated generations `<keyDir>/audit-checkpoint-<n>.pem`.
 */
function ownPublicKeys(config: AppConfig): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  const files = [config.audit.keyFile ?? join(config.dataDir, 'keys', `${KIND_SPECS.checkpoint.stem}.pem`)];
  for (let generation = 2; existsSync(join(config.keyDir, `${KIND_SPECS.checkpoint.stem}-${generation}.pem`)); generation++) {
    files.push(join(config.keyDir, `${KIND_SPECS.checkpoint.stem}-${generation}.pem`));
  }
  for (const file of files.filter((f) => existsSync(f))) {
    const { keyId, publicKey } = publicKeyFromPem(readFileSync(file, 'utf8'));
    keys.set(keyId, publicKey);
  }
  return keys;
}

async function withDatabase<T>(config: AppConfig, work: (dataSource: ReturnType<typeof createDataSource>) => Promise<T>): Promise<T> {
  const databaseUrl = await connectDatabase(config);
  const dataSource = createDataSource({ url: databaseUrl, poolSize: 5, applicationName: 'sharehub-audit-cli' });
  try {
    await dataSource.initialize();
    return await work(dataSource);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'verify-proof': {
      const [file] = positional(args);
      if (!file) throw new UsageError('verify-proof needs a file');
      const keyFiles = option(args, '--public-key');
      const document: unknown = JSON.parse(readFileSync(file, 'utf8'));
      let publicKey: KeyObject;
      if (keyFiles.length) publicKey = publicKeyFromPem(readFileSync(keyFiles[0], 'utf8')).publicKey;
      else {
        const own = ownPublicKeys(loadConfig());
        const named = JSON.stringify(document).match(/"keyId":"([^"]+)"/)?.[1];
        const found = (named && own.get(named)) || [...own.values()].at(-1);
        if (!found) throw new UsageError('no public key: pass --public-key <pem>');
        publicKey = found;
      }
      const result = await checkProofDocument(document, publicKey);
      console.log(`${result.ok ? 'OK' : 'FAILED'}: ${result.message}`);
      return result.ok ? 0 : 1;
    }
    case 'verify': {
      const config = loadConfig();
      const trusted = readKeys(option(args, '--public-key'));
      for (const [keyId, publicKey] of ownPublicKeys(config)) trusted.set(keyId, publicKey);
      const json = args.includes('--json');
      return withDatabase(config, async (dataSource) => {
        if (args.includes('--trust-db-keys')) {
          for (const pem of await withConnection(dataSource, signingKeyPems)) {
            const key = publicKeyFromPem(pem);
            trusted.set(key.keyId, key.publicKey);
          }
        }
        const report = await withConnections(dataSource, verifyReaders(), ([client, ...extraClients]) =>
          verifyAuditLog(client, { trustedKeys: trusted, extraClients }),
        );
        if (json) console.log(JSON.stringify(report, null, 2));
        else {
          const rate = report.seconds > 0 ? Math.round(report.events / report.seconds) : report.events;
          console.log(
            `${report.events} events (tree size ${report.treeSize}${report.archivedBefore ? `, leaves before ${report.archivedBefore} archived` : ''}), ` +
              `${report.checkpointsVerified}/${report.checkpoints} checkpoint signatures verified, root ${report.rootHash}, ${report.seconds.toFixed(2)} s (${rate} events/s)`,
          );
          if (report.ok) console.log('OK: the audit log is intact');
          else {
            console.log(`FAILED: ${report.first!.message}`);
            for (const problem of report.problems.slice(1, 20)) console.log(`  also: ${problem.message}`);
          }
        }
        return report.ok ? 0 : 1;
      });
    }
    case 'proof':
    case 'consistency':
    case 'checkpoint': {
      const config = loadConfig();
      const { toCheckpoint, toConsistencyProof, toInclusionProof } = await import('../audit/audit.resolver.js');
      return withDatabase(config, async (dataSource) => {
        const checkpoints = new Checkpointer(dataSource, new HubKeys(dataSource, config));
        const proofs = new ProofService(new AuditRepository(dataSource), checkpoints);
        let output: unknown;
        if (command === 'checkpoint') {
          await checkpoints.signIfBehind(true);
          const latest = await checkpoints.latest();
          output = latest ? toCheckpoint(latest) : null;
        } else if (command === 'proof') {
          const [eventId] = positional(args);
          if (!eventId) throw new UsageError('proof needs an event id');
          const size = option(args, '--tree-size')[0];
          output = toInclusionProof(await proofs.inclusion(eventId, size === undefined ? undefined : Number(size)));
        } else {
          const [from, to] = positional(args).map(Number);
          output = toConsistencyProof(await proofs.consistency(from, to));
        }
        console.log(JSON.stringify(output, null, 2));
        return 0;
      });
    }
    case 'public-key': {
      const config = loadConfig();
      return withDatabase(config, async (dataSource) => {
        const key = await new HubKeys(dataSource, config).signing('checkpoint');
        process.stdout.write(key.signing.publicKey.export({ type: 'spki', format: 'pem' }).toString());
        return 0;
      });
    }
    case 'ensure-partitions': {
      const months = Number(positional(args)[0] ?? 2);
      return withDatabase(loadConfig(), async (dataSource) => {
        const created = await new AuditRepository(dataSource).ensurePartitions(months);
        console.log(`created ${created} partition(s)`);
        return 0;
      });
    }
    case 'detach': {
      const [month] = positional(args);
      if (!month) throw new UsageError('detach needs a month YYYY-MM');
      return withDatabase(loadConfig(), async (dataSource) => {
        const part = await new AuditRepository(dataSource).detachPartition(month);
        console.log(`detached ${part}: it is now a plain table; keep the archive, then drop it`);
        return 0;
      });
    }
    default:
      throw new UsageError(command ? `unknown command ${command}` : 'no command');
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) console.error(`sharehub audit: ${error.message}\n${USAGE}`);
    else console.error(`sharehub audit: ${error instanceof ConfigError ? `configuration error: ${error.message}` : ((error as Error)?.message ?? String(error))}`);
    process.exit(2);
  },
);

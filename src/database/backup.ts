import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { ensureAppRole, serverVersion, userTableCount } from './cluster.repository.js';
import type { AppConfig } from '../config/config.js';

const run = promisify(execFile);

/**
 * A backup folder: `database.dump` (pg_dump, custom format: one consistent snapshot of the whole
 * database, audit log, checkpoints and grants included), the key files the hub signs and hashes
 * with, and `manifest.json` listing every file with its SHA-256. Restore checks every checksum
 * before it touches anything.
 */
export const MANIFEST = 'manifest.json';
const DUMP = 'database.dump';

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

export interface ManifestFile {
  /** Path inside the backup folder. */
  path: string;
  sha256: string;
  bytes: number;
  /** Where restore puts it: `data:<path under the data dir>` or an absolute path (a configured key file). */
  restoreTo: string;
}

export interface Manifest {
  format: 1;
  createdAt: string;
  database: { file: string; serverVersion: string; pgDumpVersion: string; migrations: number; auditEvents: number };
  files: ManifestFile[];
  /** Secrets given in the environment, which a backup cannot hold: keep them in your secret store. */
  notInBackup: string[];
}

/** The PostgreSQL client tool `name` from SHAREHUB_PG_BIN_DIR, else PATH. */
function tool(name: 'pg_dump' | 'pg_restore', env: NodeJS.ProcessEnv): string {
  return env.SHAREHUB_PG_BIN_DIR ? join(env.SHAREHUB_PG_BIN_DIR, name) : name;
}

async function toolMajor(name: 'pg_dump' | 'pg_restore', env: NodeJS.ProcessEnv): Promise<{ version: string; major: number }> {
  try {
    const { stdout } = await run(tool(name, env), ['--version']);
    const version = /(\d+)(?:\.(\d+))?/.exec(stdout);
    if (!version) throw new Error(`unexpected output: ${stdout}`);
    return { version: version[0], major: Number(version[1]) };
  } catch (error) {
    throw new BackupError(`${name} not found or not runnable (${(error as Error).message.split('\n')[0]}): install the PostgreSQL client tools or set SHAREHUB_PG_BIN_DIR to their bin folder`);
  }
}

async function versionOfServer(url: string): Promise<{ version: string; major: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await serverVersion(client);
  } finally {
    await client.end();
  }
}

/** pg_dump and pg_restore refuse a newer server; say so before starting, naming the fix. */
async function matchingTool(name: 'pg_dump' | 'pg_restore', url: string, env: NodeJS.ProcessEnv) {
  const [client, server] = await Promise.all([toolMajor(name, env), versionOfServer(url)]);
  if (client.major < server.major) {
    throw new BackupError(
      `${name} ${client.version} cannot work with the PostgreSQL ${server.version} server: install the PostgreSQL ${server.major} client tools and set SHAREHUB_PG_BIN_DIR to their bin folder`,
    );
  }
  return { client, server };
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : entry.isFile() ? [path] : [];
  });
}

/** The key material of this hub: the data dir's key store and every configured key file. */
function keyFiles(config: AppConfig): { source: string; restoreTo: string }[] {
  const store = join(config.dataDir, 'keys');
  const files = filesUnder(store).map((source) => ({ source, restoreTo: `data:${relative(config.dataDir, source)}` }));
  const configured = [config.audit.keyFile, config.exchange.receiptKeyFile, config.auth.jwksFile, ...filesUnder(config.certificates.sealKeyDir ?? '')];
  for (const source of configured) {
    if (source && existsSync(source) && !files.some((file) => file.source === source)) files.push({ source, restoreTo: source });
  }
  return files;
}

/** Writes a backup of the database at `databaseUrl` and the hub's key files into the empty or new folder `dir`. */
export async function backup(config: AppConfig, databaseUrl: string, dir: string, env: NodeJS.ProcessEnv = process.env): Promise<Manifest> {
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new BackupError(`${dir} is not empty: give a new or empty folder`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { client, server } = await matchingTool('pg_dump', databaseUrl, env);
  // One snapshot of the whole database; --no-owner so it restores under any role.
  await run(tool('pg_dump', env), ['--format=custom', '--no-owner', `--file=${join(dir, DUMP)}`, `--dbname=${databaseUrl}`], { maxBuffer: 16 * 1024 * 1024 });
  const counts = await (async () => {
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ migrations: number; events: number }>(
        "SELECT (SELECT count(*)::int FROM schema_migrations) AS migrations, (SELECT coalesce(max(tree_size), 0)::int FROM audit_log_head) AS events",
      );
      return rows[0];
    } finally {
      await db.end();
    }
  })();

  const files: ManifestFile[] = [{ path: DUMP, sha256: sha256(join(dir, DUMP)), bytes: statSync(join(dir, DUMP)).size, restoreTo: 'database' }];
  keyFiles(config).forEach(({ source, restoreTo }, index) => {
    const path = join('keys', String(index).padStart(3, '0'), source.split('/').pop()!);
    mkdirSync(dirname(join(dir, path)), { recursive: true, mode: 0o700 });
    copyFileSync(source, join(dir, path));
    files.push({ path, sha256: sha256(join(dir, path)), bytes: statSync(join(dir, path)).size, restoreTo });
  });
  const manifest: Manifest = {
    format: 1,
    createdAt: new Date().toISOString(),
    database: { file: DUMP, serverVersion: server.version, pgDumpVersion: client.version, migrations: counts.migrations, auditEvents: counts.events },
    files,
    notInBackup: ['SHAREHUB_SUBJECT_HASH_SECRET', 'SHAREHUB_JWT_HS256_SECRET'].filter((name) => !!env[name]),
  };
  writeFileSync(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  return manifest;
}

/** Reads the manifest and checks every file against its checksum. */
export function checkBackup(dir: string): Manifest {
  const file = join(dir, MANIFEST);
  if (!existsSync(file)) throw new BackupError(`${dir} has no ${MANIFEST}: not a sharehub backup`);
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  if (manifest.format !== 1) throw new BackupError(`${MANIFEST} has format ${String(manifest.format)}; this hub reads format 1`);
  for (const entry of manifest.files) {
    const path = join(dir, entry.path);
    if (!existsSync(path)) throw new BackupError(`${entry.path} is missing from the backup`);
    if (sha256(path) !== entry.sha256) throw new BackupError(`${entry.path} does not match its checksum in ${MANIFEST}: the backup is damaged`);
  }
  return manifest;
}

/** Restores a checked backup into the empty database at `databaseUrl` and the empty data dir of `config`. */
export async function restore(config: AppConfig, databaseUrl: string, dir: string, env: NodeJS.ProcessEnv = process.env): Promise<Manifest> {
  const manifest = checkBackup(dir);
  const targets = manifest.files.filter((entry) => entry.restoreTo !== 'database').map((entry) => ({ entry, to: restorePath(config, entry.restoreTo) }));
  for (const { entry, to } of targets) {
    if (existsSync(to) && sha256(to) !== entry.sha256) throw new BackupError(`${to} exists with other content: restore needs an empty data directory (and no other key at a configured key path)`);
  }
  await matchingTool('pg_restore', databaseUrl, env);
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const tables = await userTableCount(db);
    if (tables > 0) throw new BackupError(`the target database has ${tables} tables: restore needs an empty database (create a new one, or drop this one and create it again)`);
    await ensureAppRole(db);
  } finally {
    await db.end();
  }
  await run(tool('pg_restore', env), ['--no-owner', '--exit-on-error', '--single-transaction', `--dbname=${databaseUrl}`, join(dir, manifest.database.file)], {
    maxBuffer: 16 * 1024 * 1024,
  }).catch((error: { stderr?: string; message: string }) => {
    throw new BackupError(`pg_restore failed: ${(error.stderr || error.message).trim().split('\n').slice(0, 3).join(' ')}`);
  });
  for (const { entry, to } of targets) {
    mkdirSync(dirname(to), { recursive: true, mode: 0o700 });
    copyFileSync(join(dir, entry.path), to);
    chmodSync(to, 0o600); // private keys and secrets: the hub's user only
  }
  return manifest;
}

function restorePath(config: AppConfig, restoreTo: string): string {
  return restoreTo.startsWith('data:') ? join(config.dataDir, restoreTo.slice('data:'.length)) : restoreTo;
}

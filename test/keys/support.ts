import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '../../src/config/config.js';
import { createDataSource, runMigrations } from '../../src/database/data-source.js';
import { HubKeys } from '../../src/keys/hub-keys.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

export interface KeysWorld {
  database: TestDatabase;
  dataSource: DataSource;
  config: AppConfig;
  env: Record<string, string>;
  /** A HubKeys as a hub process holds it (each call: another process). */
  hubKeys(): HubKeys;
  /** `npm run keys -- …` against this database and data dir. */
  cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  close(): Promise<void>;
}

const CLI = fileURLToPath(new URL('../../dist/src/cli/keys.js', import.meta.url));
const run = promisify(execFile);

/** A migrated database and a data dir of its own, as one hub deployment. */
export async function keysWorld(extraEnv: Record<string, string> = {}): Promise<KeysWorld> {
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'sharehub-keys-'));
  const env = { NODE_ENV: 'test', LOG_LEVEL: 'silent', SHAREHUB_DATA_DIR: dataDir, DATABASE_URL: database.url, ...extraEnv };
  const config = loadConfig(env);
  const dataSource = createDataSource({ url: database.url, poolSize: 4 });
  await dataSource.initialize();
  await runMigrations(dataSource);
  return {
    database,
    dataSource,
    config,
    env,
    hubKeys: () => new HubKeys(dataSource, config),
    async cli(...args) {
      try {
        const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
        return { code: 0, stdout, stderr };
      } catch (error) {
        const failed = error as { code: number; stdout: string; stderr: string };
        return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
      }
    },
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

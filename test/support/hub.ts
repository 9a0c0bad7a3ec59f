import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.js';
import { seedCatalog } from '../../src/catalog/seed.js';
import type { Clock } from '../../src/common/clock.js';
import { loadConfig, type AppConfig } from '../../src/config/config.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

export interface TestHub {
  app: NestFastifyApplication;
  url: string;
  database: TestDatabase;
  config: AppConfig;
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/** A real hub on a loopback port with its own fresh database; close() stops it and drops the database. */
export interface TestHubOptions {
  /** Load the shipped catalogue (29 providers, consumers, ~2,700 items) before returning. */
  seedCatalog?: boolean;
  /** Use this database (its owner drops it) instead of a fresh one. */
  databaseUrl?: string;
  /** The hub's clock (default: the system clock), e.g. a FixedClock on a Sunday. */
  clock?: Clock;
}

export async function startTestHub(env: Record<string, string> = {}, options: TestHubOptions = {}): Promise<TestHub> {
  const database: TestDatabase = options.databaseUrl
    ? { url: options.databaseUrl, name: new URL(options.databaseUrl).pathname.slice(1), query: async () => [], drop: async () => undefined }
    : await createTestDatabase();
  // Each hub gets its own data dir, so its dev keys and secrets are its own.
  const dataDir = mkdtempSync(join(tmpdir(), 'sharehub-testhub-'));
  chmodSync(dataDir, 0o755);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', SHAREHUB_DATA_DIR: dataDir, ...env });
  let app: NestFastifyApplication;
  try {
    app = await createApp(config, database.url, options.clock);
    await app.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  if (options.seedCatalog) await seedCatalog(app.get(DataSource));
  const url = await app.getUrl();
  return {
    app,
    url,
    database,
    config,
    async gql(query, variables, headers = {}) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse<never>['body'] };
    },
    async close() {
      await app.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

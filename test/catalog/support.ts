import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { Role } from '../../src/auth/principal.js';
import { seedCatalog } from '../../src/catalog/seed.js';
import type { ResourceRecord } from '../../src/catalog/model.js';
import { bearer, tokenFor } from '../support/auth.js';
import { startTestHub, type TestHub } from '../support/hub.js';

export const ADMIN_DEPT = 'ZJ-DSJJ';
export const CONSUMER_DEPT = 'HZXH-XZFWZX';

export interface CatalogHub {
  hub: TestHub;
  admin: Record<string, string>;
  consumer: Record<string, string>;
  dataSource: DataSource;
  /** GraphQL as the admin; fails the test on transport errors only. */
  asAdmin<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): ReturnType<TestHub['gql']> & Promise<{ body: { data?: T | null } }>;
  asConsumer<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): ReturnType<TestHub['gql']> & Promise<{ body: { data?: T | null } }>;
}

/** A real hub with the shipped catalogue seeded, and admin / consumer headers. */
export async function startCatalogHub(): Promise<CatalogHub> {
  const hub = await startTestHub();
  const dataSource = hub.app.get(DataSource);
  await seedCatalog(dataSource);
  const admin = bearer(tokenFor(hub, { dept: ADMIN_DEPT, roles: [Role.ADMIN], sub: 'admin-01', name: '管理员' }));
  const consumer = bearer(tokenFor(hub, { dept: CONSUMER_DEPT, roles: [Role.CONSUMER], sub: 'window-01' }));
  return {
    hub,
    admin,
    consumer,
    dataSource,
    asAdmin: ((query: string, variables?: Record<string, unknown>) => hub.gql(query, variables, admin)) as CatalogHub['asAdmin'],
    asConsumer: ((query: string, variables?: Record<string, unknown>) => hub.gql(query, variables, consumer)) as CatalogHub['asConsumer'],
  };
}

/** The shipped resources.json. */
export function shippedResources(): ResourceRecord[] {
  return JSON.parse(readFileSync(new URL('../../data/catalog/resources.json', import.meta.url), 'utf8')) as ResourceRecord[];
}

export function shippedResource(code: string): ResourceRecord {
  const found = shippedResources().find((resource) => resource.code === code);
  if (!found) throw new Error(`no shipped resource ${code}`);
  return found;
}

import { SubjectHasher } from '../../src/audit/audit-keys.js';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { AuditWriter, type AuditEventInput, type AuditWriterOptions } from '../../src/audit/audit-writer.js';
import { Role } from '../../src/auth/principal.js';
import { createDataSource } from '../../src/database/data-source.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

export const SECRET = Buffer.from('test-subject-hash-secret-of-32-bytes!!');

export interface AuditDb {
  database: TestDatabase;
  dataSource: DataSource;
  writer(options?: Partial<AuditWriterOptions>, dataSource?: DataSource): AuditWriter;
  /** A superuser query on the test database. */
  admin<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** A database of its own with every migration applied, and AuditWriters on it. */
export async function auditDb(poolSize = 10): Promise<AuditDb> {
  const database = await createTestDatabase();
  const dataSource = createDataSource({ url: database.url, poolSize });
  await dataSource.initialize();
  const writers: AuditWriter[] = [];
  const extraSources: DataSource[] = [];
  return {
    database,
    dataSource,
    writer(options = {}, source = dataSource) {
      const writer = new AuditWriter(source, { subjects: SubjectHasher.fixed(SECRET), batchWindowMs: 2, maxBatch: 1000, maxBuffer: 20000, commitTimeoutMs: 5000, ...options });
      writers.push(writer);
      if (source !== dataSource) extraSources.push(source);
      return writer;
    },
    admin: (sql, params) => database.query(sql, params),
    async close() {
      await Promise.all(writers.map((writer) => writer.close().catch(() => undefined)));
      for (const source of [dataSource, ...extraSources]) if (source.isInitialized) await source.destroy();
      await database.drop();
    },
  };
}

/** A login role that is a member of sharehub_app (the hub's restricted role) and a DataSource using it. */
export async function appRoleDataSource(db: AuditDb): Promise<{ dataSource: DataSource; role: string; url: string }> {
  const role = `sharehub_app_t_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  await db.admin(`CREATE ROLE ${role} LOGIN PASSWORD '${password}' IN ROLE sharehub_app`);
  const url = new URL(db.database.url);
  url.username = role;
  url.password = password;
  const dataSource = createDataSource({ url: url.toString(), poolSize: 4 });
  await dataSource.initialize();
  return { dataSource, role, url: url.toString() };
}

export const PERSON_ID = '330106199003071236';
export const OTHER_PERSON_ID = '11010519491231002X';
export const COMPANY_ID = '91330106MA27ABC166';

export function lookup(overrides: Partial<Exclude<AuditEventInput, { kind: 'ADMIN' }>> = {}): AuditEventInput {
  return {
    kind: 'LOOKUP',
    requestId: `req-${randomBytes(6).toString('hex')}`,
    principal: { sub: 'window-clerk-7', dept: 'HZXH-XZFWZX', roles: [Role.CONSUMER], name: '王小明', tokenId: randomBytes(8).toString('hex') },
    purpose: { caseNo: 'XH2025-000123', matter: '户籍证明开具', reason: '申请人办理入学', legalBasis: '《居民身份证法》第十五条' },
    subject: { type: 'PERSON', id: PERSON_ID },
    itemsRequested: ['P001', 'P002', 'P003'],
    itemsReleased: ['P001', 'P002'],
    itemsDenied: [{ itemCode: 'P003', reason: 'NO_GRANT' }],
    resources: ['1010203/000017'],
    sources: ['gaj-hz-population'],
    outcome: 'PARTIAL',
    latencyMs: 42,
    receiptHash: randomBytes(32).toString('hex'),
    ...overrides,
  } as AuditEventInput;
}

export function adminEvent(action = 'GRANT', target = 'grant:42'): AuditEventInput {
  return {
    kind: 'ADMIN',
    action,
    requestId: `req-${randomBytes(6).toString('hex')}`,
    principal: { sub: 'admin-1', dept: 'ZJ-DSJJ', roles: [Role.ADMIN], name: '李主任' },
    target,
    reason: 'annual review',
    details: { items: ['P001'], until: '2026-12-31', nested: { b: 1, a: [true, null, 2.5] } },
  };
}

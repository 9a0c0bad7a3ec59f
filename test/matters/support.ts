import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { startSources, type RunningSources } from '../../demo/sources/index.js';
import { Role } from '../../src/auth/principal.js';
import type { Clock } from '../../src/common/clock.js';
import { seedMatters } from '../../src/matters/seed.js';
import { SourceBindingService } from '../../src/sources/binding.service.js';
import { bearer, tokenFor } from '../support/auth.js';
import { startTestHub, type TestHub } from '../support/hub.js';

export const WINDOW = 'HZXH-XZFWZX';

export const BUNDLE_FIELDS = `caseId caseNo exempted mustSubmit receipt latencyMs createdAt materialListUrl
  matter { code name departments }
  applicant { maskedId }
  materials { code name kind role required status reason message department derivedFrom requestId fileUrl
    subject { type maskedId } values { itemCode name value department masked } certificate { delivery identifier document status issuer { department } } }`;

export const PREPARE = `mutation($input: PrepareCaseInput!) { prepareCase(input: $input) { ${BUNDLE_FIELDS} } }`;

export interface BundleGql {
  caseId: string;
  caseNo: string;
  exempted: number;
  mustSubmit: number;
  receipt: string;
  latencyMs: number;
  createdAt: string;
  materialListUrl: string;
  matter: { code: string; name: string; departments: string[] };
  applicant: { maskedId: string };
  materials: {
    code: string;
    name: string;
    kind: string;
    role: string;
    required: boolean;
    status: 'OBTAINED' | 'MUST_SUBMIT' | 'DENIED' | 'FAILED' | 'NOT_HELD';
    reason: string | null;
    message: string | null;
    department: string | null;
    derivedFrom: string | null;
    requestId: string | null;
    fileUrl: string | null;
    subject: { type: string; maskedId: string } | null;
    values: { itemCode: string; name: string; value: string | null; department: string; masked: boolean }[];
    certificate: { delivery: string; identifier: string | null; document: string | null; status: string | null; issuer: { department: string } | null } | null;
  }[];
}

export interface MattersWorld {
  hub: TestHub;
  sources: RunningSources;
  admin: Record<string, string>;
  window: Record<string, string>;
  grantMatter(matterCode: string, consumerDept?: string, dailyQuota?: number): Promise<void>;
  prepare(input: Record<string, unknown>, headers?: Record<string, string>): Promise<{ bundle?: BundleGql; errors?: { message: string; extensions?: Record<string, unknown> }[] }>;
  close(): Promise<void>;
}

/**
 * A hub with the shipped catalogue and matter catalogue, the demo department sources as separate
 * processes on free ports (with their own front database), bound by the demo bindings.
 */
export async function startMattersWorld(clock?: Clock): Promise<MattersWorld> {
  const frontDatabase = `sharehub_front_m_${randomBytes(3).toString('hex')}`;
  const sources = await startSources({ adminDatabaseUrl: process.env.SHAREHUB_TEST_ADMIN_URL!, portBase: 0, frontDatabase });
  let hub: TestHub | undefined;
  const dropFront = async () => {
    const client = new pg.Client({ connectionString: process.env.SHAREHUB_TEST_ADMIN_URL });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${frontDatabase} WITH (FORCE)`);
    await client.end();
  };
  try {
    hub = await startTestHub(
      { ...sources.env, SHAREHUB_CERT_LOOKUP_ENDPOINT: '{SOURCE_DZZZ}/certificates/by-id/{id}', SHAREHUB_PRINCIPAL_RATE_PER_SECOND: '10000', SHAREHUB_PRINCIPAL_BURST: '10000' },
      { seedCatalog: true, clock },
    );
    await seedMatters(hub.app.get(DataSource));
    await hub.app.get(SourceBindingService).bind(JSON.parse(readFileSync('data/bindings/demo.json', 'utf8')));
  } catch (error) {
    await hub?.close();
    await sources.stop();
    await dropFront();
    throw error;
  }
  const started = hub;
  const admin = bearer(tokenFor(started, { dept: 'ZJ-DSJJ', roles: [Role.ADMIN], sub: 'platform-admin' }));
  const window = bearer(tokenFor(started, { dept: WINDOW, roles: [Role.CONSUMER], sub: 'xh-window-07', name: '王小明' }));
  return {
    hub: started,
    sources,
    admin,
    window,
    async grantMatter(matterCode, consumerDept = WINDOW, dailyQuota) {
      const response = await started.gql(
        'mutation($d: String!, $m: String!, $v: DateTime!, $q: Int) { grantMatter(consumerDept: $d, matterCode: $m, validUntil: $v, dailyQuota: $q) { grantIds } }',
        { d: consumerDept, m: matterCode, v: '2031-01-01T00:00:00Z', q: dailyQuota ?? null },
        admin,
      );
      if (response.body.errors) throw new Error(JSON.stringify(response.body.errors));
    },
    async prepare(input, headers = window) {
      const response = await started.gql<{ prepareCase: BundleGql }>(PREPARE, { input }, headers);
      return { bundle: response.body.data?.prepareCase, errors: response.body.errors };
    },
    async close() {
      await started.close();
      await sources.stop();
      await dropFront();
    },
  };
}

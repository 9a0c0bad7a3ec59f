import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { signDevToken, type DevTokenClaims } from '../../src/auth/dev-tokens.js';
import { Role } from '../../src/auth/principal.js';
import { CatalogRepository } from '../../src/catalog/catalog.repository.js';
import { GrantsService } from '../../src/grants/grants.service.js';
import { MattersService } from '../../src/matters/matters.service.js';
import { seedMatters } from '../../src/matters/seed.js';
import { GrantScope } from '../../src/grants/grant.types.js';
import { SourceBindingService } from '../../src/sources/binding.service.js';
import { startSources, type RunningSources } from '../../demo/sources/index.js';
import { startTestHub, type TestHub } from '../support/hub.js';

export const CLERK_DEPT = 'HZXH-XZFWZX';
/** 不动产转移登记: granted to the window by matter. */
export const TRANSFER = 'QR-ZRZYT-001';

export interface ConsoleHub {
  hub: TestHub;
  sources: RunningSources;
  token(claims: DevTokenClaims): string;
  /** The sign-in link the demo prints: the token in the fragment. */
  link(claims: DevTokenClaims, path?: string): string;
  close(): Promise<void>;
}

/**
 * A hub on a scratch database with the demo department sources bound (small population), the
 * shipped catalogue, and the clerk's window granted the demo's household, marriage and property
 * items (曾用名 101001/000001/003 left out, for the approval flow).
 */
export async function startConsoleHub(env: Record<string, string> = {}): Promise<ConsoleHub> {
  const adminDatabaseUrl = process.env.SHAREHUB_TEST_ADMIN_URL!;
  const frontDatabase = `sharehub_front_c_${randomBytes(3).toString('hex')}`;
  const sources = await startSources({ adminDatabaseUrl, portBase: 0, frontDatabase });
  const dropFront = async () => {
    const client = new pg.Client({ connectionString: adminDatabaseUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${frontDatabase} WITH (FORCE)`);
    await client.end();
  };
  let hub: TestHub | undefined;
  try {
    hub = await startTestHub({ ...sources.env, SHAREHUB_CERT_LOOKUP_ENDPOINT: '{SOURCE_DZZZ}/certificates/by-id/{id}', ...env }, { seedCatalog: true });
    await seedMatters(hub.app.get(DataSource));
    await hub.app.get(SourceBindingService).bind(JSON.parse(readFileSync('data/bindings/demo.json', 'utf8')));
    const items = await hub.app.get(CatalogRepository).itemsOf(['101001/000001', '101003/000001', '103002/000001']);
    const itemCodes = [...items.values()].flat().map((item) => item.code).filter((code) => code !== '101001/000001/003');
    await hub.app.get(GrantsService).grantDirectly({ sub: 'test-seed', dept: 'ZJ-DSJJ', roles: [Role.ADMIN] }, 'test-seed', {
      consumerDept: CLERK_DEPT,
      itemCodes,
      scope: GrantScope.READ,
      unmasked: false,
      purpose: '一窗受理综合窗口办件',
      validUntil: new Date(Date.now() + 365 * 86_400_000),
    });
    await hub.app.get(MattersService).grantMatter({ sub: 'test-seed', dept: 'ZJ-DSJJ', roles: [Role.ADMIN] }, 'test-seed', {
      consumerDept: CLERK_DEPT,
      matterCode: TRANSFER,
      validUntil: new Date(Date.now() + 365 * 86_400_000),
    });
  } catch (error) {
    await hub?.close();
    await sources.stop();
    await dropFront();
    throw error;
  }
  const running = hub;
  const token = (claims: DevTokenClaims) => signDevToken(running.config.dataDir, running.config.auth, { ttlSeconds: 3600, ...claims });
  return {
    hub: running,
    sources,
    token,
    link: (claims, path = '/console/') => `${running.url}${path}#token=${token(claims)}`,
    async close() {
      await running.close();
      await sources.stop();
      await dropFront();
    },
  };
}

export const CLERK: DevTokenClaims = { dept: CLERK_DEPT, roles: [Role.CONSUMER], sub: 'xh-window-07', name: '王小明' };
export const ADMIN: DevTokenClaims = { dept: 'ZJ-DSJJ', roles: [Role.ADMIN], sub: 'dsjj-admin-01', name: '李管理' };
export const AUDITOR: DevTokenClaims = { dept: 'ZJ-DSJJ', roles: [Role.AUDITOR], sub: 'dsjj-auditor-01', name: '陈审计' };


import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuditModule } from '../src/audit/audit.module.js';
import { Role } from '../src/auth/principal.js';
import { CatalogModule } from '../src/catalog/catalog.module.js';
import { seedCatalog } from '../src/catalog/seed.js';
import { loadConfig } from '../src/config/config.js';
import { ConfigModule } from '../src/config/config.module.js';
import { DatabaseModule } from '../src/database/database.module.js';
import { GrantsModule } from '../src/grants/grants.module.js';
import { GrantsService } from '../src/grants/grants.service.js';
import { GrantScope } from '../src/grants/grant.types.js';
import { GrantMatcher } from '../src/policy/grant-matcher.js';
import { PolicyDecisionPoint } from '../src/policy/policy-decision-point.js';
import { PolicyModule } from '../src/policy/policy.module.js';
import { DataSource } from 'typeorm';
import { perSecond } from './auth.js';
import type { Row } from './lib.js';

/** The policy decision for 20 items, in process against the bench database: cached and uncached. */
export async function policyRows(databaseUrl: string, dataDir: string): Promise<Row[]> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SHAREHUB_DATA_DIR: dataDir });
  @Module({ imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot(databaseUrl), AuditModule, CatalogModule, GrantsModule, PolicyModule] })
  class PolicyBenchModule {}
  const app = await NestFactory.createApplicationContext(PolicyBenchModule, { logger: false });
  try {
    await seedCatalog(app.get(DataSource));
    const items: string[] = (
      await app.get(DataSource).query(`SELECT code FROM data_items WHERE resource_code = '101001/000001' ORDER BY code LIMIT 20`)
    ).map((row: { code: string }) => row.code);
    const admin = { sub: 'bench-admin', dept: 'ZJ-DSJJ', roles: [Role.ADMIN] };
    await app.get(GrantsService).grantDirectly(admin, 'bench', {
      consumerDept: 'HZ-XZFWZX',
      itemCodes: items,
      scope: GrantScope.READ,
      unmasked: false,
      purpose: 'bench',
      validUntil: new Date(Date.now() + 86_400_000),
    });
    const policy = app.get(PolicyDecisionPoint);
    const matcher = app.get(GrantMatcher);
    const consumer = { sub: 'bench-window', dept: 'HZ-XZFWZX', roles: [Role.CONSUMER] };
    const cached = await perSecond(() => policy.preview(consumer, items, GrantScope.READ));
    const uncached = await perSecond(async () => {
      matcher.forgetAll();
      await policy.preview(consumer, items, GrantScope.READ);
    });
    return [
      { name: 'policy decision, 20 items, cached', value: `${(1e6 / cached).toFixed(1)} µs`, note: `${Math.round(cached)} decisions/s` },
      { name: 'policy decision, 20 items, uncached', value: `${(1e6 / uncached).toFixed(0)} µs`, note: 'grants and items re-read from PostgreSQL' },
    ];
  } finally {
    await app.close();
  }
}

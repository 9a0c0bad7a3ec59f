import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuditModule } from '../audit/audit.module.js';
import { CatalogModule } from '../catalog/catalog.module.js';
import { DepartmentAdminResolver } from './department-admin.resolver.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { AuthGuard } from './auth.guard.js';
import { DepartmentStatusCache } from './department-status.js';
import { TokenVerifier } from './token-verifier.js';
import { TrustedKeys } from './trusted-keys.js';
import { Clock } from '../common/clock.js';

/** Token verification → Principal, and the global guard that enforces @Public / @RequireRoles. */
@Global()
@Module({
  imports: [CatalogModule, AuditModule],
  providers: [
    {
      provide: TokenVerifier,
      inject: [APP_CONFIG, Clock],
      // Token expiry (exp, nbf) is judged at the hub's Clock, like every other "now".
      useFactory: (config: AppConfig, clock: Clock) => new TokenVerifier(new TrustedKeys(config.auth, config.dataDir), config.auth, () => clock.nowMs()),
    },
    DepartmentStatusCache,
    DepartmentAdminResolver,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [TokenVerifier, DepartmentStatusCache],
})
export class AuthModule {}

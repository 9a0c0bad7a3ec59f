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

/** Token verification → Principal, and the global guard: @Public, else a verified token and the @Authorize action handed to the policy decision point (the Authorizer). */
@Global()
@Module({
  imports: [CatalogModule, AuditModule],
  providers: [
    {
      provide: TokenVerifier,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new TokenVerifier(new TrustedKeys(config.auth, config.dataDir), config.auth),
    },
    DepartmentStatusCache,
    DepartmentAdminResolver,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [TokenVerifier, DepartmentStatusCache],
})
export class AuthModule {}

import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { AuthGuard } from './auth.guard.js';
import { DepartmentStatusCache } from './department-status.js';
import { TokenVerifier } from './token-verifier.js';
import { TrustedKeys } from './trusted-keys.js';
import { Clock } from '../common/clock.js';
import { HubKeys } from '../keys/hub-keys.js';

/**
 * Token verification → Principal, and the global guard: @Public, else a verified token and the
 * @Authorize action handed to the policy decision point (the Authorizer).
 * Auth imports no feature module: the application hands it the module that provides
 * DEPARTMENT_DIRECTORY (the catalogue).
 */
@Module({})
export class AuthModule {
  static forRoot(departmentDirectory: NonNullable<ModuleMetadata['imports']>[number]): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      imports: [departmentDirectory],
      providers: [
        {
          provide: TokenVerifier,
          inject: [APP_CONFIG, HubKeys, Clock],
          // Token expiry (exp, nbf) is judged at the hub's Clock, like every other "now".
          useFactory: (config: AppConfig, keys: HubKeys, clock: Clock) => new TokenVerifier(new TrustedKeys(config.auth, keys), config.auth, () => clock.nowMs()),
        },
        DepartmentStatusCache,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [TokenVerifier, DepartmentStatusCache],
    };
  }
}

import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import type { Logger } from 'pino';
import type { Clock } from './common/clock.js';
import type { AppConfig } from './config/config.js';
import { APP_CONFIG, ConfigModule } from './config/config.module.js';
import { AuditModule } from './audit/audit.module.js';
import { ExchangeModule } from './exchange/exchange.module.js';
import { CertificatesModule } from './certificates/certificates.module.js';
import { MattersModule } from './matters/matters.module.js';
import { GrantsModule } from './grants/grants.module.js';
import { PolicyModule } from './policy/policy.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CatalogModule } from './catalog/catalog.module.js';
import { DatabaseModule } from './database/database.module.js';
import { graphqlOptions } from './graphql/graphql-options.js';
import { HubInfoResolver } from './graphql/hub-info.resolver.js';
import { HealthModule } from './health/health.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { MetricsService } from './metrics/metrics.service.js';
import { ENTITIES } from './entities.js';
import { LoggingModule, ROOT_LOGGER } from './logging/logging.module.js';

/** The whole hub. `databaseUrl` is the external server or the embedded one main.ts started. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string, logger: Logger, clock?: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, clock),
        LoggingModule.forRoot(logger),
        DatabaseModule.forRoot(databaseUrl, ENTITIES),
        MetricsModule,
        HealthModule,
        CatalogModule,
        AuthModule,
        AuditModule,
        GrantsModule,
        PolicyModule,
        ExchangeModule,
        CertificatesModule,
        MattersModule,
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [APP_CONFIG, MetricsService, ROOT_LOGGER],
          useFactory: (appConfig: AppConfig, metrics: MetricsService, rootLogger: Logger) => graphqlOptions(appConfig, metrics, rootLogger),
        }),
      ],
      providers: [HubInfoResolver],
    };
  }
}

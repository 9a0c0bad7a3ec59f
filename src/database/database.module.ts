import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { createDataSource, runMigrations } from './data-source.js';

/** Where the hub's PostgreSQL is: the external DATABASE_URL or the embedded server's URL. */
export const DATABASE_URL = Symbol('DATABASE_URL');

/** Closes the pool when the app closes, after the HTTP server stopped taking requests. */
@Injectable()
class DataSourceCloser implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}
  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(url: string): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DATABASE_URL, useValue: url },
        {
          provide: DataSource,
          inject: [APP_CONFIG],
          useFactory: async (config: AppConfig) => {
            const dataSource = createDataSource({ url, poolSize: config.dbPoolSize });
            await dataSource.initialize();
            await runMigrations(dataSource);
            return dataSource;
          },
        },
        DataSourceCloser,
      ],
      exports: [DataSource, DATABASE_URL],
    };
  }
}

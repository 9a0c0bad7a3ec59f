import { Global, Inject, Injectable, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { HubKeys } from './hub-keys.js';

/** At start, every key the hub will sign or hash with must load (fail fast, naming the file). */
@Injectable()
class HubKeysStartupCheck implements OnApplicationBootstrap {
  constructor(
    @Inject(HubKeys) private readonly keys: HubKeys,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.keys.checkAtStart(['checkpoint', 'receipt', 'subject-hash', ...(this.config.auth.trustDevKey ? (['token'] as const) : [])]);
  }
}

/**
 * The hub's own keys and their generations (ground level: imports no feature module, so auth,
 * audit and exchange can all take their keys from here).
 */
@Global()
@Module({
  providers: [
    { provide: HubKeys, inject: [DataSource, APP_CONFIG], useFactory: (dataSource: DataSource, config: AppConfig) => new HubKeys(dataSource, config) },
    HubKeysStartupCheck,
  ],
  exports: [HubKeys],
})
export class KeysModule {}

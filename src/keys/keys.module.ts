import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { HubKeys } from './hub-keys.js';

/**
 * The hub's own keys and their generations (ground level: imports no feature module, so auth,
 * audit and exchange can all take their keys from here).
 */
@Global()
@Module({
  providers: [{ provide: HubKeys, inject: [DataSource, APP_CONFIG], useFactory: (dataSource: DataSource, config: AppConfig) => new HubKeys(dataSource, config) }],
  exports: [HubKeys],
})
export class KeysModule {}

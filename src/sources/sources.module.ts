import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module.js';
import { SourceBindingRepository } from './binding.repository.js';
import { SourceBindingService } from './binding.service.js';
import { SourceGateway } from './source-gateway.js';
import { SourcesResolver } from './sources.resolver.js';

/** Bindings and adapters to department systems (http, sql) with timeouts, breakers, bulkheads. */
@Module({
  imports: [CatalogModule],
  providers: [SourceBindingRepository, SourceBindingService, SourceGateway, SourcesResolver],
  exports: [SourceBindingRepository, SourceBindingService, SourceGateway],
})
export class SourcesModule {}

import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { PolicyModule } from '../policy/policy.module.js';
import { SourcesModule } from '../sources/sources.module.js';
import { ExchangeResolver } from './exchange.resolver.js';
import { ExchangeService } from './exchange.service.js';
import { ReceiptSigner } from './receipt-signer.js';

/** The broker, the one release pipeline: decide (policy) → fetch (sources) → mask → receipt → audit → release. */
@Module({
  imports: [PolicyModule, SourcesModule, AuditModule],
  providers: [ExchangeService, ReceiptSigner, ExchangeResolver],
  exports: [ExchangeService, ReceiptSigner],
})
export class ExchangeModule {}

import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { GrantsModule } from '../grants/grants.module.js';
import { SourcesModule } from '../sources/sources.module.js';
import { ExchangeResolver } from './exchange.resolver.js';
import { ExchangeService } from './exchange.service.js';
import { RateLimiter } from './rate-limiter.js';
import { ReceiptSigner } from './receipt-signer.js';

/** The broker: policy → sources → mask → receipt → audit → release. */
@Module({
  imports: [GrantsModule, SourcesModule, AuditModule],
  providers: [ExchangeService, ReceiptSigner, RateLimiter, ExchangeResolver],
  exports: [ExchangeService, ReceiptSigner],
})
export class ExchangeModule {}

import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CatalogModule } from '../catalog/catalog.module.js';
import { ExchangeModule } from '../exchange/exchange.module.js';
import { SourcesModule } from '../sources/sources.module.js';
import { CertificatesController } from './certificates.controller.js';
import { CertificatesResolver } from './certificates.resolver.js';
import { CertificateService } from './certificates.service.js';
import { RevocationRepository } from './revocation.repository.js';
import { SealKeyRepository } from './seal-key.repository.js';
import { SealKeyring } from './seal-keys.js';

/** Electronic certificates: types, seals, delivery through the exchange, verification, revocation, printable copies. */
@Module({
  imports: [CatalogModule, SourcesModule, AuditModule, ExchangeModule],
  controllers: [CertificatesController],
  providers: [SealKeyring, SealKeyRepository, RevocationRepository, CertificateService, CertificatesResolver],
  exports: [CertificateService, SealKeyring],
})
export class CertificatesModule {}

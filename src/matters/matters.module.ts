import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CatalogModule } from '../catalog/catalog.module.js';
import { CertificatesModule } from '../certificates/certificates.module.js';
import { ExchangeModule } from '../exchange/exchange.module.js';
import { GrantsModule } from '../grants/grants.module.js';
import { CaseBundleService } from './case-bundle.service.js';
import { CasesRepository } from './cases.repository.js';
import { MattersController } from './matters.controller.js';
import { MattersRepository } from './matters.repository.js';
import { MattersResolver } from './matters.resolver.js';
import { MattersService } from './matters.service.js';

/**
 * 一件事: the matter catalogue (事项 → materials → catalogue items / certificate types), grants
 * by matter, one-call evidence bundles (prepareCase) fetched through the exchange and the
 * certificates' sealed release, case records without values, the material list PDF and the
 * reform's figures (matterStats).
 */
@Module({
  imports: [CatalogModule, AuditModule, GrantsModule, ExchangeModule, CertificatesModule],
  controllers: [MattersController],
  providers: [MattersRepository, CasesRepository, MattersService, CaseBundleService, MattersResolver],
  exports: [MattersService],
})
export class MattersModule {}

import { Controller, Get, Header, Inject, Req, Res } from '@nestjs/common';
import { Action, Authorize } from '../auth/authorize.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/decorators.js';
import { catalogToCsv } from './catalog-csv.js';
import { CatalogRepository } from './catalog.repository.js';
import { CatalogService } from './catalog.service.js';
import { buildDcatCatalog } from './dcat.js';
import { DepartmentRepository } from './department.repository.js';
import { DepartmentKind, ResourceStatus } from './model.js';

/** Plain-HTTP views of the catalogue: the CSV export and the DCAT-AP feed for harvesters. */
@Controller('catalog')
export class CatalogController {
  constructor(
    @Inject(CatalogService) private readonly service: CatalogService,
    @Inject(CatalogRepository) private readonly catalog: CatalogRepository,
    @Inject(DepartmentRepository) private readonly departments: DepartmentRepository,
  ) {}

  /** The whole catalogue (every status), one row per data item; any authenticated caller. */
  @Get('export.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="catalog.csv"')
  @Header('cache-control', 'no-store')
  @Authorize(Action.EXPORT)
  async exportCsv(): Promise<string> {
    const { resources } = await this.service.export();
    return catalogToCsv(resources);
  }

  /** The published catalogue as DCAT-AP 3 JSON-LD; no token needed. */
  @Public()
  @Authorize(Action.PUBLISH)
  @Get('dcat.jsonld')
  async dcat(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const [records, platforms] = await Promise.all([
      this.catalog.loadRecords({ status: ResourceStatus.PUBLISHED }),
      this.departments.list(DepartmentKind.PLATFORM),
    ]);
    const base = `${request.protocol}://${request.host}`;
    reply.header('content-type', 'application/ld+json; charset=utf-8');
    return JSON.stringify(buildDcatCatalog(base, [...records.values()], platforms[0]));
  }
}

import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Action, Authorize, CurrentPermission, type Permission } from '../auth/authorize.js';
import { DepartmentRepository } from '../catalog/department.repository.js';
import { BadInputError } from '../common/errors.js';
import { CaseBundleService } from './case-bundle.service.js';
import { renderMaterialList } from './material-list-pdf.js';

/** GET /cases/<caseId>/materials.pdf: the printable material list of a case (its department, an admin or an auditor). */
@Controller()
export class MattersController {
  constructor(
    @Inject(CaseBundleService) private readonly cases: CaseBundleService,
    @Inject(DepartmentRepository) private readonly departments: DepartmentRepository,
  ) {}

  @Get('cases/:caseId/:file')
  @Authorize(Action.CASE_READ)
  async materialList(
    @Param('caseId') caseId: string,
    @Param('file') file: string,
    @CurrentPermission() permission: Permission,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    if (file !== 'materials.pdf') throw new BadInputError('path: 请求 /cases/<办件ID>/materials.pdf', 'file');
    const { record, matter } = await this.cases.find(permission.visibleTo, caseId);
    const departments = new Map((await this.departments.list()).map((d) => [d.code, d.name]));
    const pdf = await renderMaterialList(record, matter, {
      departmentName: (code) => (departments.has(code) ? `${departments.get(code)}（${code}）` : code || '—'),
      consumerName: departments.get(record.consumerDept) ?? record.consumerDept,
    });
    reply.header('content-type', 'application/pdf');
    reply.header('content-disposition', `inline; filename="materials-${record.id}.pdf"`);
    reply.header('cache-control', 'no-store');
    return Buffer.from(pdf);
  }
}

import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { Action, Authorize } from '../auth/authorize.js';
import { IsOptional, IsString, Length, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Public } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { DepartmentRepository } from '../catalog/department.repository.js';
import { BadInputError } from '../common/errors.js';
import { RequestId } from '../common/request-id.decorator.js';
import { INPUT_MESSAGES } from '../common/validation-messages.js';
import { renderCertificatePdf } from './certificate-pdf.js';
import { CertificateService } from './certificates.service.js';
import { readDocument } from './document.js';

/** Query string of GET /certificates/<证照标识>.pdf: the purpose, as on every data operation. */
export class PrintQuery {
  @IsString(INPUT_MESSAGES.caseNo) @Length(1, 64, INPUT_MESSAGES.caseNo) caseNo: string;
  @IsString(INPUT_MESSAGES.matter) @Length(1, 200, INPUT_MESSAGES.matter) matter: string;
  @IsOptional() @IsString(INPUT_MESSAGES.reason) @MaxLength(500, INPUT_MESSAGES.reason) reason?: string;
  @IsOptional() @IsString(INPUT_MESSAGES.legalBasis) @MaxLength(500, INPUT_MESSAGES.legalBasis) legalBasis?: string;
  /** 事项编码: needed when the grant is limited to a matter (a case bundle's file link carries it). */
  @IsOptional() @IsString(INPUT_MESSAGES.matterCode) @Length(1, 64, INPUT_MESSAGES.matterCode) matterCode?: string;
  /** 授权书编号: under a matter grant, certificates with items of the highest sensitivity need it (as in the case that fetched them). */
  @IsOptional() @IsString(INPUT_MESSAGES.consentRef) @Length(1, 200, INPUT_MESSAGES.consentRef) consentRef?: string;
}

/**
 * Plain-HTTP views of certificates: the published seal keys (public JWKS, for anyone verifying
 * offline) and the printable copy (role consumer, purpose in the query string, audited like the
 * GraphQL `certificates` call).
 */
@Controller()
export class CertificatesController {
  constructor(
    @Inject(CertificateService) private readonly certificates: CertificateService,
    @Inject(DepartmentRepository) private readonly departments: DepartmentRepository,
  ) {}

  /** Every issuer's seal keys, current and rotated out, with department and validity. No token needed. */
  @Public()
  @Get('.well-known/sharehub/seals.json')
  async seals(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const set = await this.certificates.seals();
    reply.header('content-type', 'application/json; charset=utf-8');
    reply.header('cache-control', 'public, max-age=300');
    return JSON.stringify(set);
  }

  @Get('certificates/:file')
  @Authorize(Action.CERTIFICATE)
  async printable(
    @Param('file') file: string,
    @Query() purpose: PrintQuery,
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    if (!file.toLowerCase().endsWith('.pdf')) throw new BadInputError('path: ask for /certificates/<证照标识>.pdf', 'identifier');
    const delivered = await this.certificates.byIdentifier(principal, requestId, file.slice(0, -4), purpose);
    const consumer = await this.departments.findByCode(principal.dept);
    const pdf = await renderCertificatePdf(delivered.payload, {
      document: delivered.document,
      keyId: delivered.certificate.keyId!,
      alg: readDocument(delivered.document)?.header.alg ?? 'EdDSA',
      issuerName: delivered.payload.issuer.name ?? delivered.payload.issuer.department,
      consumerName: consumer ? `${consumer.name}（${consumer.code}）` : undefined,
    });
    reply.header('content-type', 'application/pdf');
    reply.header('content-disposition', `inline; filename="${delivered.payload.identifier}.pdf"`);
    reply.header('cache-control', 'no-store');
    return Buffer.from(pdf);
  }
}

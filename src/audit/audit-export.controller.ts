import { Readable } from 'node:stream';
import { Action, Authorize } from '../auth/authorize.js';
import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { IsEnum, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { BadInputError } from '../common/errors.js';
import { SubjectType } from '../common/subject.js';
import { AUDIT_KEYS } from './audit.constants.js';
import type { AuditKeys } from './audit-keys.js';
import { eventQuery } from './audit.resolver.js';
import { AuditRepository, type LoadedEvent } from './audit.repository.js';
import { AuditEventKind, AuditOutcome } from './audit.types.js';
import { AuditWriter } from './audit-writer.js';

/** Query string of GET /audit/export.csv: the auditEvents filter, flattened. */
export class AuditExportQuery {
  @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @IsOptional() @IsISO8601({ strict: true }) to?: string;
  @IsOptional() @IsEnum(AuditEventKind) kind?: AuditEventKind;
  @IsOptional() @IsString() @MaxLength(200) consumerDept?: string;
  @IsOptional() @IsString() @MaxLength(200) principal?: string;
  @IsOptional() @IsString() @MaxLength(200) itemCode?: string;
  @IsOptional() @IsString() @MaxLength(200) resourceCode?: string;
  @IsOptional() @IsEnum(SubjectType) subjectType?: SubjectType;
  @IsOptional() @IsString() @MaxLength(64) subjectId?: string;
  @IsOptional() @IsString() @MaxLength(200) caseNo?: string;
  @IsOptional() @IsEnum(AuditOutcome) outcome?: AuditOutcome;
}

const HEADER = [
  'time', 'leaf_index', 'id', 'kind', 'action', 'request_id', 'consumer_dept', 'principal_sub', 'principal_name',
  'case_no', 'matter', 'reason', 'legal_basis', 'subject_type', 'subject_masked', 'subject_ref',
  'items_requested', 'items_released', 'items_denied', 'resources', 'sources', 'outcome', 'error_code',
  'latency_ms', 'receipt_hash', 'target', 'details', 'leaf_hash',
];

/**
 * GET /audit/export.csv (role auditor): the events matching the filter, newest first, as CSV
 * (UTF-8 with BOM, RFC 4180 quoting, lists joined with ';'). Streamed from a server-side cursor,
 * a few thousand rows at a time, with backpressure: any number of rows in constant memory.
 * The export itself is recorded (ADMIN AUDIT_EXPORT) before the first row leaves.
 */
@Controller('audit')
export class AuditExportController {
  constructor(
    @Inject(AuditRepository) private readonly events: AuditRepository,
    @Inject(AuditWriter) private readonly writer: AuditWriter,
    @Inject(AUDIT_KEYS) private readonly keys: AuditKeys,
  ) {}

  @Get('export.csv')
  @Authorize(Action.AUDIT_READ)
  async exportCsv(
    @Query() params: AuditExportQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if ((params.subjectType === undefined) !== (params.subjectId === undefined)) {
      throw new BadInputError('subject.id: subjectType and subjectId go together', 'subject.id');
    }
    const query = eventQuery(
      {
        from: params.from ? new Date(params.from) : undefined,
        to: params.to ? new Date(params.to) : undefined,
        kind: params.kind,
        consumerDept: params.consumerDept,
        principal: params.principal,
        itemCode: params.itemCode,
        resourceCode: params.resourceCode,
        subject: params.subjectType ? { type: params.subjectType, id: params.subjectId! } : undefined,
        caseNo: params.caseNo,
        outcome: params.outcome,
      },
      this.keys.subjectHashSecret,
    );
    const { subjectId: _hidden, ...recorded } = params;
    await this.writer.record({
      kind: 'ADMIN',
      action: 'AUDIT_EXPORT',
      requestId: String(request.id),
      principal,
      target: 'audit/export.csv',
      details: { ...recorded, ...(query.subjectHash ? { subjectRef: query.subjectHash } : {}) },
    });
    const events = this.events;
    async function* csv(): AsyncGenerator<string> {
      yield '\uFEFF' + HEADER.join(',') + '\r\n';
      for await (const chunk of events.stream(query)) yield chunk.map(csvLine).join('');
    }
    reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="audit-events.csv"')
      .header('cache-control', 'no-store');
    await reply.send(Readable.from(csv()));
  }
}

function csvLine(event: LoadedEvent): string {
  const fields: (string | number | null)[] = [
    event.recordedAt.toISOString(), event.leafIndex, event.id, event.kind, event.action, event.requestId, event.consumerDept,
    event.principalSub, event.principalName, event.caseNo, event.matter, event.reason, event.legalBasis, event.subjectType,
    event.subjectMasked, event.subjectHash, event.itemsRequested.join(';'), event.itemsReleased.join(';'),
    event.itemsDenied.map((denied) => `${denied.itemCode}:${denied.reason}`).join(';'), event.resources.join(';'),
    event.sources.join(';'), event.outcome, event.errorCode, event.latencyMs, event.receiptHash, event.target,
    event.details === null || event.details === undefined ? null : JSON.stringify(event.details), event.leafHash.toString('hex'),
  ];
  return fields.map(csvField).join(',') + '\r\n';
}

/** RFC 4180 quoting; a leading = + - @ gets a ' so spreadsheets do not run it as a formula. */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

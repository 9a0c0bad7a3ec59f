import { AuditWriter } from '../audit/audit-writer.js';
import { Inject, Injectable, Optional, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { canonicalJson } from '../common/canonical-json.js';
import { BadInputError, ConflictError, NotFoundError } from '../common/errors.js';
import { CatalogRepository } from './catalog.repository.js';
import { DepartmentRepository } from './department.repository.js';
import {
  DepartmentKind,
  ResourceStatus,
  type DepartmentRecord,
  type ResourceRecord,
  type StoredResource,
} from './model.js';
import { checkField, checkImport, failAt, type CatalogImport, type Locate } from './import-check.js';
import { FieldProblem, LIMITS, todayInChina, validateResource } from './validation.js';
import { Clock, SystemClock } from '../common/clock.js';

export interface ImportResult {
  departmentsChanged: number;
  created: number;
  updated: number;
  unchanged: number;
}

export interface CatalogExport {
  departments: DepartmentRecord[];
  resources: ResourceRecord[];
}

export type PublishOutcome = 'created' | 'updated' | 'new-version' | 'unchanged';

/** An admin action on the catalogue, as the audit trail records it. */
export interface CatalogAdminAction {
  action: 'catalog.publish' | 'catalog.retire' | 'catalog.import';
  /** The verified principal, or `cli` for the command line (operator on the host). */
  actor: Principal | 'cli';
  target: string;
  details: Record<string, unknown>;
  /** The HTTP request that caused it (absent on the command line). */
  requestId?: string;
}

/** Same content, ignoring key order. */
function sameRecord(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** Everything but status and retirement: what a version is about. */
function content(record: ResourceRecord): Omit<ResourceRecord, 'status' | 'retireReason'> {
  const { status: _status, retireReason: _reason, ...rest } = record;
  return rest;
}

type Plan = { write: false; version: number } | { write: true; version: number; snapshot: boolean; outcome: PublishOutcome };

/**
 * How a write changes a resource. A new resource is version 1. A draft is edited in place. A
 * resource that has been published (or retired) gets a new version for any change of content;
 * the old version stays readable. Retiring without a content change keeps the version.
 */
export function planWrite(existing: { record: ResourceRecord; resource: StoredResource } | undefined, record: ResourceRecord): Plan {
  if (!existing) return { write: true, version: 1, snapshot: true, outcome: 'created' };
  const current = existing.resource.version;
  if (sameRecord(existing.record, record)) return { write: false, version: current };
  const wasDraft = existing.record.status === ResourceStatus.DRAFT;
  if (record.status === ResourceStatus.DRAFT && !wasDraft) {
    throw new FieldProblem('status', 'a resource that has been published cannot go back to DRAFT; publish a new version instead');
  }
  if (wasDraft) return { write: true, version: current, snapshot: true, outcome: 'updated' };
  if (record.status === ResourceStatus.RETIRED && sameRecord(content(existing.record), content(record))) {
    return { write: true, version: current, snapshot: false, outcome: 'updated' };
  }
  return { write: true, version: current + 1, snapshot: true, outcome: 'new-version' };
}

/** Publishing, retiring, import and export of the catalogue. Reads go straight to the repositories. */
@Injectable()
export class CatalogService {
  private readonly logger = new Logger('CatalogService');

  constructor(
    @Inject(CatalogRepository) private readonly catalog: CatalogRepository,
    @Inject(DepartmentRepository) private readonly departments: DepartmentRepository,
    // Absent on the command line (seed, import), where the operator acts on the host itself.
    @Optional() @Inject(AuditWriter) private readonly audit?: AuditWriter,
    // The date a new version is published on; the system clock on the command line.
    @Optional() @Inject(Clock) private readonly clock: Clock = new SystemClock(),
  ) {}

  /**
   * Creates or updates one resource (`input` has the ResourceRecord shape; `publishedAt` may be
   * omitted: it then stays as it is when nothing else changed, else becomes today).
   */
  async publish(input: Record<string, unknown>, actor: Principal | 'cli', requestId?: string): Promise<{ resource: StoredResource; outcome: PublishOutcome }> {
    const record = checkField(() => validateResource({ ...input, publishedAt: input.publishedAt ?? '1970-01-01' }));
    const result = await this.catalog.transaction(async (manager) => {
      await this.catalog.lockForWrite(manager);
      await this.checkReferences(manager, [record], new Map(), (_, field) => field);
      const existing = (await this.catalog.loadRecords({ codes: [record.code] }, manager)).get(record.code);
      if (input.publishedAt === undefined || input.publishedAt === null) {
        const unchangedOtherwise = existing && sameRecord({ ...existing.record, publishedAt: '' }, { ...record, publishedAt: '' });
        record.publishedAt = unchangedOtherwise ? existing.record.publishedAt : todayInChina(this.clock.now());
      }
      const plan = checkField(() => planWrite(existing, record));
      if (plan.write) await this.catalog.writeResource(manager, record, plan.version, { snapshot: plan.snapshot });
      return { outcome: plan.write ? plan.outcome : ('unchanged' as const), version: plan.version };
    });
    if (result.outcome !== 'unchanged') {
      await this.recordAdminAction({ action: 'catalog.publish', actor, requestId, target: record.code, details: { version: result.version, outcome: result.outcome } });
    }
    return { resource: (await this.catalog.findResource(record.code))!, outcome: result.outcome };
  }

  /** Retires a resource: it stays in the catalogue (and its versions readable) with status RETIRED. */
  async retire(code: string, reason: string, actor: Principal | 'cli', requestId?: string): Promise<StoredResource> {
    const trimmed = reason.trim();
    if (trimmed === '') throw new BadInputError('reason: is required', 'reason');
    if (Array.from(trimmed).length > LIMITS.retireReason) throw new BadInputError(`reason: at most ${LIMITS.retireReason} characters`, 'reason');
    const version = await this.catalog.transaction(async (manager) => {
      await this.catalog.lockForWrite(manager);
      const resource = await this.catalog.findResource(code, manager);
      if (!resource) throw new NotFoundError('Resource', code);
      if (resource.status === ResourceStatus.RETIRED) throw new ConflictError(`Resource ${code} is already retired`, { resourceCode: code });
      await this.catalog.retire(manager, code, trimmed);
      return resource.version;
    });
    await this.recordAdminAction({ action: 'catalog.retire', actor, requestId, target: code, details: { version, reason: trimmed } });
    return (await this.catalog.findResource(code))!;
  }

  /**
   * Imports departments and resources in one transaction: every record is checked first, and
   * any bad record (named by `locate…`) imports nothing. Resources not in the import are left
   * as they are; unchanged resources are not touched (so importing an export changes nothing).
   */
  async import(input: CatalogImport, actor: Principal | 'cli'): Promise<ImportResult> {
    const { departments, resources, locateResource } = checkImport(input);

    const result = await this.catalog.transaction(async (manager) => {
      await this.catalog.lockForWrite(manager);
      const departmentsChanged = await this.departments.upsertMany(departments, manager);
      await this.checkReferences(manager, resources, new Map(departments.map((d) => [d.code, d])), locateResource);
      const existing = await this.catalog.loadRecords({ codes: resources.map((r) => r.code) }, manager);
      const counts = { departmentsChanged, created: 0, updated: 0, unchanged: 0 };
      for (const [index, record] of resources.entries()) {
        const plan = checkField(() => planWrite(existing.get(record.code), record), (field) => locateResource(index, field));
        if (!plan.write) {
          counts.unchanged++;
          continue;
        }
        await this.catalog.writeResource(manager, record, plan.version, { snapshot: plan.snapshot });
        if (plan.outcome === 'created') counts.created++;
        else counts.updated++;
      }
      return counts;
    });
    if (result.departmentsChanged + result.created + result.updated > 0) {
      await this.recordAdminAction({ action: 'catalog.import', actor, target: 'catalog', details: { ...result } });
    }
    return result;
  }

  /** The whole catalogue (every status), departments and resources in code order. */
  async export(): Promise<CatalogExport> {
    const [departments, records] = await Promise.all([this.departments.list(), this.catalog.loadRecords()]);
    return {
      departments: departments.map(({ enabled: _enabled, ...record }) => record),
      resources: [...records.values()].map((entry) => entry.record),
    };
  }

  /**
   * Reports a publish, retire or import: logged, and recorded as an ADMIN audit event when a
   * principal did it through the hub (the AuditWriter is optional so that the CLI's import, which
   * runs without a hub, only logs it).
   */
  async recordAdminAction(action: CatalogAdminAction): Promise<void> {
    const actor = action.actor === 'cli' ? 'cli' : `${action.actor.sub}@${action.actor.dept}`;
    const request = action.requestId ? ` (request ${action.requestId})` : '';
    this.logger.log(`${action.action} ${action.target} by ${actor}${request}: ${JSON.stringify(action.details)}`);
    if (action.actor === 'cli' || !this.audit) return;
    await this.audit.record({
      kind: 'ADMIN',
      action: action.action.replace('.', '_').toUpperCase(), // CATALOG_PUBLISH, CATALOG_RETIRE, CATALOG_IMPORT
      requestId: action.requestId ?? 'no-request',
      principal: action.actor,
      target: action.target,
      details: action.details,
    });
  }

  /** The provider is a PROVIDER department; related resources exist (in the catalogue or this batch). */
  private async checkReferences(
    manager: EntityManager,
    records: readonly ResourceRecord[],
    batchDepartments: ReadonlyMap<string, DepartmentRecord>,
    locate: Locate,
  ): Promise<void> {
    const providerCodes = [...new Set(records.map((r) => r.providerCode))];
    const stored = await this.departments.findByCodes(providerCodes, manager);
    const batchCodes = new Set(records.map((r) => r.code));
    const relatedCodes = [...new Set(records.flatMap((r) => r.relatedResourceCodes))].filter((code) => !batchCodes.has(code));
    const existing = await this.catalog.existingResourceCodes(relatedCodes, manager);
    records.forEach((record, index) => {
      const provider = batchDepartments.get(record.providerCode) ?? stored.get(record.providerCode);
      if (!provider) failAt(locate(index, 'providerCode'), `no department ${record.providerCode}`, 'providerCode');
      if (provider.kind !== DepartmentKind.PROVIDER) {
        failAt(locate(index, 'providerCode'), `${record.providerCode} is a ${provider.kind} department, not a PROVIDER`, 'providerCode');
      }
      record.relatedResourceCodes.forEach((code, position) => {
        if (!batchCodes.has(code) && !existing.has(code)) {
          failAt(locate(index, `relatedResourceCodes.${position}`), `no resource ${code}`, 'relatedResourceCodes');
        }
      });
    });
  }
}

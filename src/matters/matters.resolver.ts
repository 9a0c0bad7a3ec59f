import { Inject } from '@nestjs/common';
import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Action, Authorize, CurrentPermission, type Permission } from '../auth/authorize.js';
import { CurrentPrincipal } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { pageSize } from '../common/cursor.js';
import { BadInputError } from '../common/errors.js';
import { RequestId } from '../common/request-id.decorator.js';
import { subjectMask } from '../audit/audit-keys.js';
import { forwardPageInfo } from '../common/page-info.js';
import { CaseBundleService, type CaseBundleResult } from './case-bundle.service.js';
import { StatsGroupBy, type CaseRecord } from './cases.repository.js';
import { MatterFilterInput, PrepareCaseInput } from './dto/matter.inputs.js';
import { MaterialKind, type MatterRecord } from './matter.types.js';
import { MattersRepository } from './matters.repository.js';
import { MattersService, type MaterialAccess } from './matters.service.js';
import { CaseBundle, CaseRecordGql, MatterStats, type MatterStatsGroup } from './models/case-bundle.model.js';
import { Matter, MatterConnection, MatterGrant } from './models/matter.model.js';

/** Where a case's printable material list is served (MattersController). */
export const materialListUrl = (caseId: string) => `/cases/${caseId}/materials.pdf`;

@Resolver()
export class MattersResolver {
  constructor(
    @Inject(MattersService) private readonly catalogue: MattersService,
    @Inject(CaseBundleService) private readonly cases: CaseBundleService,
  ) {}

  @Authorize(Action.CATALOG_READ)
  @Query(() => MatterConnection, { description: 'The matter catalogue (事项), by code; `filter.keyword` searches names, keywords, materials and departments in Chinese.' })
  async matters(
    @Args('filter', { type: () => MatterFilterInput, nullable: true }) filter?: MatterFilterInput | null,
    @Args('first', { type: () => Int, nullable: true }) first?: number | null,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<MatterConnection> {
    const size = pageSize(first);
    const page = await this.catalogue.list(
      { keyword: filter?.keyword ?? undefined, departmentCode: filter?.department ?? undefined, bundle: filter?.bundle ?? undefined, applicantType: filter?.applicantType ?? undefined },
      size,
      after,
    );
    const edges = page.matters.map((matter) => ({ cursor: MattersRepository.cursorOf(matter), node: toMatter(matter, null) }));
    return { edges, pageInfo: forwardPageInfo(edges.map((e) => e.cursor), page.hasNextPage, !!after), totalCount: page.totalCount };
  }

  @Authorize(Action.CATALOG_READ)
  @Query(() => Matter, { nullable: true, description: 'One matter with its materials; for a consumer, which materials its department may fetch now (`access`).' })
  async matter(@CurrentPrincipal() principal: Principal, @Args('code') code: string): Promise<Matter | null> {
    const matter = await this.catalogue.find(code);
    if (!matter) return null;
    return toMatter(matter, await this.catalogue.accessFor(principal, matter), await this.providers(matter));
  }

  @Mutation(() => MatterGrant, { description: 'Grants a consumer department the items of a matter\'s materials, for that matter only (PURPOSE_MISMATCH for any other). Admin; audited (ADMIN GRANT).' })
  @Authorize(Action.ADMIN)
  async grantMatter(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Args('consumerDept') consumerDept: string,
    @Args('matterCode') matterCode: string,
    @Args('validUntil') validUntil: Date,
    @Args('dailyQuota', { type: () => Int, nullable: true }) dailyQuota?: number | null,
    @Args('unmasked', { type: () => Boolean, nullable: true, description: 'Default true (see the matter catalogue docs).' }) unmasked?: boolean | null,
  ): Promise<MatterGrant> {
    if (dailyQuota !== null && dailyQuota !== undefined && (dailyQuota < 1 || dailyQuota > 10_000_000)) throw new BadInputError('dailyQuota: 每日限额须在 1 到 10000000 之间', 'dailyQuota');
    const { matter, grants } = await this.catalogue.grantMatter(principal, requestId, { consumerDept, matterCode, validUntil, dailyQuota, unmasked });
    return {
      matterCode: matter.code,
      consumerDept,
      grantIds: grants.map((g) => g.id),
      itemCodes: grants.map((g) => g.itemCode),
      validUntil,
      dailyQuota: dailyQuota ?? null,
      unmasked: grants[0]?.unmasked ?? true,
    };
  }

  @Mutation(() => CaseBundle, {
    description:
      '一件事 in one call: every material of the matter a department holds, fetched from all departments in parallel through the release pipeline (one audit event per material, linked to the case), related subjects derived where the matter says how, and what the applicant must still bring. Role consumer.',
  })
  @Authorize(Action.CASE)
  async prepareCase(@CurrentPrincipal() principal: Principal, @RequestId() requestId: string, @Args('input') input: PrepareCaseInput): Promise<CaseBundle> {
    const result = await this.cases.prepare(principal, requestId, input);
    return toBundle(result, await this.providers(result.matter));
  }

  @Query(() => CaseRecordGql, { description: 'A case as recorded (statuses, departments, times; no values): its department, an admin or an auditor.' })
  @Authorize(Action.CASE_READ)
  async case(@CurrentPermission() permission: Permission, @Args('caseId') caseId: string): Promise<CaseRecordGql> {
    const { record, matter } = await this.cases.find(permission.visibleTo, caseId);
    return toCaseRecord(record, toMatter(matter, null, await this.providers(matter)));
  }

  @Query(() => MatterStats, { description: 'The reform\'s figures (免提交率) over [from, to): a consumer sees its own cases, admins and auditors all.' })
  @Authorize(Action.CASE_READ)
  async matterStats(
    @CurrentPermission() permission: Permission,
    @Args('from') from: Date,
    @Args('to') to: Date,
    @Args('groupBy', { type: () => StatsGroupBy, nullable: true, defaultValue: StatsGroupBy.MATTER }) groupBy: StatsGroupBy,
  ): Promise<MatterStats> {
    const { groups, total } = await this.cases.stats(permission.visibleTo, from, to, groupBy);
    const names = groupBy === StatsGroupBy.MATTER ? new Map(await Promise.all(groups.map(async (g) => [g.key, (await this.catalogue.find(g.key))?.name ?? null] as const))) : new Map();
    return { from, to, groupBy, groups: groups.map((g): MatterStatsGroup => ({ ...g, label: names.get(g.key) ?? null })), total: { ...total, label: '合计' } };
  }

  private async providers(matter: MatterRecord): Promise<Map<string, string | null>> {
    const items = await this.catalogue.itemsOf(matter);
    return new Map(matter.materials.map((m) => [m.code, items.get(m.code)?.[0]?.providerCode ?? null]));
  }
}

function toMatter(matter: MatterRecord, access: Map<string, MaterialAccess> | null, providers?: Map<string, string | null>): Matter {
  const materials = matter.materials.map((m) => ({ ...m, provider: providers?.get(m.code) ?? null, access: access?.get(m.code) ?? null }));
  return {
    code: matter.code,
    name: matter.name,
    category: matter.category,
    bundle: matter.bundle,
    department: matter.departmentCode,
    departmentName: matter.departmentName,
    applicantType: matter.applicantType,
    legalBasis: matter.legalBasis,
    keywords: matter.keywords,
    departments: [...new Set(materials.flatMap((m) => (m.provider ? [m.provider] : [])))].sort(),
    materials,
    derivations: matter.derivations.map((d) => ({ role: d.role, fromMaterial: d.fromMaterial, itemCodes: d.itemCodes, label: d.label })),
  };
}

function toBundle(result: CaseBundleResult, providers: Map<string, string | null>): CaseBundle {
  return {
    caseId: result.caseId,
    caseNo: result.caseNo,
    matter: toMatter(result.matter, null, providers),
    applicant: { type: result.applicant.type, maskedId: subjectMask(result.applicant.type, result.applicant.id) },
    materials: result.materials.map((m) => ({
      code: m.material.code,
      name: m.material.name,
      kind: m.material.kind,
      role: m.material.role,
      required: m.material.required,
      status: m.status,
      reason: m.reason,
      message: m.message,
      department: m.department,
      subject: m.subject ? { type: m.subject.type, maskedId: subjectMask(m.subject.type, m.subject.id) } : null,
      derivedFrom: m.derivedFrom,
      requestId: m.requestId,
      values: m.values,
      certificate: m.certificate,
      fileUrl:
        m.material.kind === MaterialKind.CERTIFICATE && m.certificate?.identifier
          ? `/certificates/${m.certificate.identifier}.pdf?${new URLSearchParams({ caseNo: result.caseNo, matter: result.matter.name, matterCode: result.matter.code, ...(result.consentRef ? { consentRef: result.consentRef } : {}) })}`
          : null,
    })),
    exempted: result.exempted,
    mustSubmit: result.mustSubmit,
    receipt: result.receipt,
    latencyMs: result.latencyMs,
    createdAt: result.createdAt,
    materialListUrl: materialListUrl(result.caseId),
  };
}

function toCaseRecord(record: CaseRecord, matter: Matter): CaseRecordGql {
  return {
    caseId: record.id,
    caseNo: record.caseNo,
    matter,
    consumerDept: record.consumerDept,
    clerk: record.principalName ? `${record.principalName}（${record.principalSub}）` : record.principalSub,
    applicantMasked: record.applicantMasked,
    consentGiven: !!record.consentRef,
    createdAt: record.createdAt,
    latencyMs: record.latencyMs,
    exempted: record.exempted,
    mustSubmit: record.mustSubmit,
    receiptHash: record.receiptHash,
    materials: record.materials.map((m) => {
      const material = matter.materials.find((x) => x.code === m.materialCode)!;
      return {
        code: m.materialCode,
        name: material.name,
        kind: material.kind,
        role: m.role,
        required: material.required,
        status: m.status,
        reason: m.reason,
        message: m.message,
        department: m.department,
        subjectMasked: m.subjectMasked,
        derivedFrom: m.derivedFrom,
        requestId: m.requestId,
        releasedHash: m.releasedHash,
        certificateIdentifier: m.certificateIdentifier,
      };
    }),
    materialListUrl: materialListUrl(record.id),
  };
}

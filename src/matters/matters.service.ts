import { Inject, Injectable } from '@nestjs/common';
import { Role, type Principal } from '../auth/principal.js';
import { CatalogRepository } from '../catalog/catalog.repository.js';
import type { AccessItem } from '../catalog/model.js';
import { Clock } from '../common/clock.js';
import { BadInputError, NotFoundError } from '../common/errors.js';
import { GrantsService } from '../grants/grants.service.js';
import { GrantScope, type GrantRecord } from '../grants/grant.types.js';
import { itemsNeedingConsent } from '../policy/consent-rule.js';
import { PolicyDecisionPoint } from '../policy/policy-decision-point.js';
import { MaterialKind, type MaterialRecord, type MatterRecord } from './matter.types.js';
import { MattersRepository, type MatterFilter } from './matters.repository.js';

/** For the calling department: may it fetch this material now, and if not, why. */
export interface MaterialAccess {
  fetchable: boolean;
  /** The policy's reason when not fetchable (NO_GRANT, PURPOSE_MISMATCH, EXPIRED…); SUBMIT materials: null. */
  reason: string | null;
  /** The item codes the material needs the applicant's consent for. */
  consentItems: string[];
}

export interface MatterGrantInput {
  consumerDept: string;
  matterCode: string;
  validUntil: Date;
  dailyQuota?: number | null;
  unmasked?: boolean | null;
}

/**
 * The matter catalogue: search, one matter with its materials resolved to catalogue items, what
 * the caller may fetch now (asked of the policy decision point with the matter as purpose), and
 * grants by matter.
 */
@Injectable()
export class MattersService {
  constructor(
    @Inject(MattersRepository) private readonly matters: MattersRepository,
    @Inject(CatalogRepository) private readonly catalog: CatalogRepository,
    @Inject(PolicyDecisionPoint) private readonly policy: PolicyDecisionPoint,
    @Inject(GrantsService) private readonly grants: GrantsService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  list(filter: MatterFilter, first: number, after?: string | null) {
    const keyword = filter.keyword?.trim();
    if (keyword && Array.from(keyword).length > 50) throw new BadInputError('filter.keyword: 关键词最多 50 个字', 'filter.keyword');
    return this.matters.list({ ...filter, keyword }, first, after);
  }

  async require(code: string): Promise<MatterRecord> {
    const matter = await this.matters.find(code.trim().toUpperCase());
    if (!matter) throw new NotFoundError('Matter (事项)', code);
    return matter;
  }

  find(code: string): Promise<MatterRecord | undefined> {
    return this.matters.find(code.trim().toUpperCase());
  }

  /** Every catalogue item a material needs: its DATA items, or all fields of its certificate type. */
  async itemsOf(matter: MatterRecord): Promise<Map<string, AccessItem[]>> {
    const types = matter.materials.flatMap((m) => (m.certificateType ? [m.certificateType] : []));
    const typeItems = types.length ? await this.catalog.itemsOf(types) : new Map<string, { code: string }[]>();
    const codesOf = (m: MaterialRecord) => (m.kind === MaterialKind.DATA ? m.itemCodes : m.kind === MaterialKind.CERTIFICATE ? (typeItems.get(m.certificateType!) ?? []).map((i) => i.code) : []);
    const all = [...new Set(matter.materials.flatMap(codesOf))];
    const items = new Map((all.length ? await this.catalog.findItemsForAccess(all) : []).map((item) => [item.itemCode, item]));
    return new Map(matter.materials.map((m) => [m.code, codesOf(m).flatMap((code) => items.get(code) ?? [])]));
  }

  /** Per material, whether the principal's department may fetch it now for this matter (null for a non-consumer). */
  async accessFor(principal: Principal, matter: MatterRecord): Promise<Map<string, MaterialAccess> | null> {
    if (!principal.roles.includes(Role.CONSUMER)) return null;
    const items = await this.itemsOf(matter);
    const codes = [...new Set([...items.values()].flat().map((item) => item.itemCode))];
    const decision = codes.length ? await this.policy.preview(principal, codes, GrantScope.READ, matter.code) : { allowed: [], denied: [] };
    const denied = new Map<string, string>(decision.denied.map((d) => [d.itemCode, d.reason]));
    return new Map(
      matter.materials.map((material): [string, MaterialAccess] => {
        const mine = items.get(material.code) ?? [];
        if (material.kind === MaterialKind.SUBMIT) return [material.code, { fetchable: false, reason: null, consentItems: [] }];
        const reasons = mine.flatMap((item) => denied.get(item.itemCode) ?? []);
        const missing = material.kind === MaterialKind.DATA ? material.itemCodes.length - mine.length : mine.length ? 0 : 1;
        const reason = reasons[0] ?? (missing ? 'UNKNOWN_ITEM' : null);
        return [material.code, { fetchable: !reason, reason, consentItems: itemsNeedingConsent(mine) }];
      }),
    );
  }

  /**
   * Grants a consumer department every item of a matter's DATA and CERTIFICATE materials, limited
   * to that matter (a request must name it in purpose.matterCode, else PURPOSE_MISMATCH). Unmasked
   * unless asked otherwise: the window handles the case on the evidence the applicant would
   * otherwise bring on paper, and a related subject is derived from an unmasked identifier.
   */
  async grantMatter(principal: Principal, requestId: string, input: MatterGrantInput): Promise<{ matter: MatterRecord; grants: GrantRecord[] }> {
    const matter = await this.require(input.matterCode);
    if (input.validUntil.getTime() <= this.clock.nowMs()) throw new BadInputError('validUntil: 有效期须晚于当前时间', 'validUntil');
    const items = await this.itemsOf(matter);
    const itemCodes = [...new Set([...items.values()].flat().map((item) => item.itemCode))];
    if (!itemCodes.length) throw new BadInputError(`matterCode: ${matter.name} 的材料均需申请人自行提交，无可授权的数据项`, 'matterCode');
    const grants = await this.grants.grantDirectly(principal, requestId, {
      consumerDept: input.consumerDept,
      itemCodes,
      scope: GrantScope.READ,
      unmasked: input.unmasked ?? true,
      purpose: `办理事项 ${matter.code} ${matter.name}`,
      validUntil: input.validUntil,
      dailyQuota: input.dailyQuota ?? null,
      matterCode: matter.code,
    });
    return { matter, grants };
  }
}

import type { Action } from '../auth/authorize.js';
import type { Principal } from '../auth/principal.js';
import type { AccessItem } from '../catalog/model.js';
import type { MaskRule } from '../common/masking.js';
import type { SubjectType } from '../common/subject.js';
import type { GrantRecord } from '../grants/grant.types.js';
import type { DenialReason } from './denial-reason.js';

/** The actions that release or reveal source data, decided per subject × item. */
export type DataAction = Action.READ | Action.BATCH | Action.VERIFY | Action.CERTIFICATE;

/**
 * "May this principal have these items of these subjects for this purpose?" Subjects are named
 * by kind and by the audit log's keyed hash (the verify limit counts per subject without
 * keeping identifiers); their order is the order quota units are handed out in.
 */
export interface DataRequest {
  principal: Principal;
  action: DataAction;
  subjects: { type: SubjectType; reference: string }[];
  itemCodes: string[];
  purpose: { matterCode?: string | null };
}

/** What the release must honour for an allowed item. */
export interface Obligations {
  /** The mask to apply to the value (MaskRule.NONE: release as is). */
  mask: MaskRule;
  /** This subject's release used one unit of the grant's daily quota. */
  quotaUnit: boolean;
}

export interface ItemPermit {
  item: AccessItem;
  grant: GrantRecord;
  obligations: Obligations;
}

export interface ItemDenial {
  itemCode: string;
  reason: DenialReason;
  /** Present when the item exists. */
  item?: AccessItem;
}

/** The answer for one subject of the request, in request order. */
export interface SubjectDecision {
  allowed: ItemPermit[];
  denied: ItemDenial[];
}

export interface DataDecision {
  subjects: SubjectDecision[];
}

/** The verify limit's verdict on the non-matching answers of one verify call. */
export interface VerifyAnswerVerdict {
  /** Non-matching answers that must not be given (the limit was reached meanwhile): VERIFY_LIMITED. */
  limited: string[];
  /** Items whose limit this call reached: each raises a VERIFY_PROBING alert. */
  tripped: { itemCode: string; windowStart: Date }[];
  /** Subjects this principal reached the limit on within the last hour (a second alert from the configured number on). */
  subjectsLimitedLastHour: number;
}

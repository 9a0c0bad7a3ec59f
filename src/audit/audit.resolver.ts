import { Inject } from '@nestjs/common';
import { Action, Authorize } from '../auth/authorize.js';
import { Args, GraphQLISODateTime, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, Public } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { BadInputError, ConflictError, InternalError } from '../common/errors.js';
import { pageSize } from '../common/cursor.js';
import { RequestId } from '../common/request-id.decorator.js';
import { SubjectInput, validateSubject } from '../common/subject.js';
import { forwardPageInfo } from '../common/page-info.js';
import { AlertRepository, type AlertRecord } from './alert.repository.js';
import { AUDIT_KEYS } from './audit.constants.js';
import { subjectMask, type AuditKeys, type SubjectHasher } from './audit-keys.js';
import { AuditRepository, type EventQuery, type LoadedEvent } from './audit.repository.js';
import {
  AuditAlert,
  AuditAlertConnection,
  AuditCheckpoint,
  AuditEvent,
  AuditEventConnection,
  AuditEventFilter,
  AuditStat,
  AuditStatsGroupBy,
  ConsistencyProof,
  InclusionProof,
  type AuditEventKind,
  type AuditOutcome,
} from './audit.types.js';
import { AuditWriter } from './audit-writer.js';
import { Checkpointer, type StoredCheckpoint } from './checkpointer.js';
import { ProofService, type ConsistencyProofData, type InclusionProofData } from './proofs.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import type { SubjectType } from '../common/subject.js';

/**
 * Auditor queries (role auditor) and the public Merkle endpoints. auditCheckpoint, auditProof
 * and auditConsistency are @Public: they return only hashes, sizes and signatures, so anyone
 * holding a receipt or an event id can check the log without an account.
 */
@Resolver()
export class AuditResolver {
  constructor(
    @Inject(AuditRepository) private readonly events: AuditRepository,
    @Inject(Checkpointer) private readonly checkpoints: Checkpointer,
    @Inject(ProofService) private readonly proofs: ProofService,
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(AuditWriter) private readonly writer: AuditWriter,
    @Inject(AUDIT_KEYS) private readonly keys: AuditKeys,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Query(() => AuditCheckpoint, { description: 'The latest signed tree head of the audit log (public: hashes only).' })
  async auditCheckpoint(): Promise<AuditCheckpoint> {
    const checkpoint = (await this.checkpoints.latest()) ?? (await this.checkpoints.signIfBehind(true)) ?? (await this.checkpoints.latest());
    if (!checkpoint) throw new InternalError('no audit checkpoint could be signed');
    return toCheckpoint(checkpoint);
  }

  @Public()
  @Query(() => InclusionProof, {
    description: 'Proof that an event is in the log: against the latest checkpoint by default (signed on demand), or the tree of treeSize.',
  })
  async auditProof(
    @Args('eventId', { type: () => ID }) eventId: string,
    @Args('treeSize', { type: () => Int, nullable: true }) treeSize?: number | null,
  ): Promise<InclusionProof> {
    return toInclusionProof(await this.proofs.inclusion(eventId, treeSize));
  }

  @Public()
  @Query(() => ConsistencyProof, { description: 'Proof that the log of size `from` is a prefix of the log of size `to` (nothing rewritten).' })
  async auditConsistency(@Args('from', { type: () => Int }) from: number, @Args('to', { type: () => Int }) to: number): Promise<ConsistencyProof> {
    return toConsistencyProof(await this.proofs.consistency(from, to));
  }

  @Authorize(Action.AUDIT_READ)
  @Query(() => AuditEventConnection, { description: 'Audit events matching the filter, newest first.' })
  async auditEvents(
    @Args('filter', { type: () => AuditEventFilter, nullable: true }) filter?: AuditEventFilter | null,
    @Args('first', { type: () => Int, nullable: true }) first?: number | null,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<AuditEventConnection> {
    return this.page(await eventQuery(filter ?? {}, this.keys.subjects), first, after);
  }

  @Authorize(Action.AUDIT_READ)
  @Query(() => AuditEventConnection, {
    description: "Every access to one person's or legal entity's data, newest first (the Data Tracker view). The lookup itself is audited.",
  })
  async subjectAccessLog(
    @Args('subject', { type: () => SubjectInput }) subject: SubjectInput,
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Args('first', { type: () => Int, nullable: true }) first?: number | null,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<AuditEventConnection> {
    const valid = validateSubject(subject, 'subject.id');
    const query: EventQuery = { subjectType: valid.type, subjectHashes: await this.keys.subjects.lookups(valid.type, valid.id) };
    if (!after) {
      // Who looked up whose access log is itself worth a record (first page only).
      const masked = subjectMask(valid.type, valid.id);
      await this.writer.record({ kind: 'ADMIN', action: 'AUDIT_SUBJECT_LOG', requestId, principal, target: `${valid.type}:${masked}`, details: { subjectRef: query.subjectHashes![0] } });
    }
    return this.page(query, first, after);
  }

  @Authorize(Action.AUDIT_READ)
  @Query(() => [AuditStat], { description: 'Counts of data-access events in [from, to), grouped; largest groups first.' })
  async auditStats(
    @Args('from', { type: () => GraphQLISODateTime }) from: Date,
    @Args('to', { type: () => GraphQLISODateTime }) to: Date,
    @Args('groupBy', { type: () => AuditStatsGroupBy }) groupBy: AuditStatsGroupBy,
  ): Promise<AuditStat[]> {
    if (!(from < to)) throw new BadInputError('to: must be after from', 'to');
    return this.events.stats(from, to, groupBy, this.config.audit.alerts.timeZone);
  }

  @Authorize(Action.AUDIT_READ)
  @Query(() => AuditAlertConnection, { description: 'Alerts whose window starts in [from, to), newest first.' })
  async auditAlerts(
    @Args('from', { type: () => GraphQLISODateTime, nullable: true }) from?: Date | null,
    @Args('to', { type: () => GraphQLISODateTime, nullable: true }) to?: Date | null,
    @Args('first', { type: () => Int, nullable: true }) first?: number | null,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<AuditAlertConnection> {
    const page = await this.alerts.page(from ?? undefined, to ?? undefined, pageSize(first), after);
    const edges = page.alerts.map((alert) => ({ cursor: AlertRepository.cursorOf(alert), node: toAlert(alert) }));
    return { edges, pageInfo: forwardPageInfo(edges.map((edge) => edge.cursor), page.hasNextPage, !!after) };
  }

  // Acknowledging is the auditors' own work on their alerts: the same permission as reading them.
  @Authorize(Action.AUDIT_READ)
  @Mutation(() => AuditAlert, { description: 'An auditor acknowledges an alert, with a note (audited: ADMIN ALERT_ACKNOWLEDGE).' })
  async acknowledgeAuditAlert(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Args('id', { type: () => ID }) id: string,
    @Args('note', { type: () => String }) note: string,
  ): Promise<AuditAlert> {
    const trimmed = note.trim();
    if (!trimmed || trimmed.length > 500) throw new BadInputError('note: 请填写处理说明（不超过 500 字）', 'note');
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new BadInputError('id: is not an alert id', 'id');
    const row = await this.alerts.acknowledge(id, `${principal.dept}/${principal.sub}`, trimmed);
    if (!row) throw new ConflictError('该告警不存在或已被确认');
    await this.writer.record({ kind: 'ADMIN', action: 'ALERT_ACKNOWLEDGE', requestId, principal, target: id, reason: trimmed, details: { rule: row.rule } });
    return toAlert(row);
  }

  private async page(query: EventQuery, first: number | null | undefined, after: string | null | undefined): Promise<AuditEventConnection> {
    const page = await this.events.page(query, pageSize(first), after);
    const edges = page.events.map((event) => ({ cursor: AuditRepository.cursorOf(event), node: toAuditEvent(event) }));
    return { edges, pageInfo: forwardPageInfo(edges.map((edge) => edge.cursor), page.hasNextPage, !!after) };
  }

}

/** The triggering events of an alert. */
@Resolver(() => AuditAlert)
export class AuditAlertResolver {
  constructor(@Inject(AuditRepository) private readonly repository: AuditRepository) {}

  @ResolveField(() => [AuditEvent])
  async events(@Parent() alert: AuditAlert): Promise<AuditEvent[]> {
    return (await this.repository.byIds(alert.eventIds ?? [])).map(toAuditEvent);
  }
}

export async function eventQuery(filter: AuditEventFilter, subjects: SubjectHasher): Promise<EventQuery> {
  const query: EventQuery = {
    from: filter.from ?? undefined,
    to: filter.to ?? undefined,
    kind: filter.kind ?? undefined,
    consumerDept: filter.consumerDept ?? undefined,
    principal: filter.principal ?? undefined,
    itemCode: filter.itemCode ?? undefined,
    resourceCode: filter.resourceCode ?? undefined,
    caseNo: filter.caseNo ?? undefined,
    outcome: filter.outcome ?? undefined,
  };
  if (filter.subject) {
    const valid = validateSubject(filter.subject, 'filter.subject.id');
    query.subjectType = valid.type;
    query.subjectHashes = await subjects.lookups(valid.type, valid.id);
  }
  if (query.from && query.to && !(query.from < query.to)) throw new BadInputError('filter.to: must be after filter.from', 'filter.to');
  return query;
}

export function toAuditEvent(event: LoadedEvent): AuditEvent {
  return {
    id: event.id,
    leafIndex: event.leafIndex,
    time: event.recordedAt,
    kind: event.kind as AuditEventKind,
    action: event.action,
    requestId: event.requestId,
    consumerDept: event.consumerDept,
    principalSub: event.principalSub,
    principalName: event.principalName,
    caseNo: event.caseNo,
    matter: event.matter,
    reason: event.reason,
    legalBasis: event.legalBasis,
    subjectType: event.subjectType as SubjectType | null,
    subjectMasked: event.subjectMasked,
    subjectRef: event.subjectHash,
    itemsRequested: event.itemsRequested,
    itemsReleased: event.itemsReleased,
    itemsDenied: event.itemsDenied,
    resources: event.resources,
    sources: event.sources,
    outcome: event.outcome as AuditOutcome | null,
    errorCode: event.errorCode,
    latencyMs: event.latencyMs,
    receiptHash: event.receiptHash,
    target: event.target,
    details: event.details === null || event.details === undefined ? null : JSON.stringify(event.details),
    leafHash: event.leafHash.toString('hex'),
  };
}

export function toCheckpoint(checkpoint: StoredCheckpoint): AuditCheckpoint {
  return {
    treeSize: checkpoint.treeSize,
    rootHash: checkpoint.rootHash.toString('hex'),
    timestamp: new Date(checkpoint.timestamp),
    keyId: checkpoint.keyId,
    signature: checkpoint.signature.toString('base64'),
    signedPayload: checkpoint.payload,
    publicKey: checkpoint.publicKeyPem,
    jws: checkpoint.jws,
  };
}

/** An inclusion proof as the API and `npm run audit -- proof` give it (hashes in hex). */
export function toInclusionProof(proof: InclusionProofData): InclusionProof {
  return {
    eventId: proof.eventId,
    leafIndex: proof.leafIndex,
    treeSize: proof.treeSize,
    leafHash: proof.leafHash.toString('hex'),
    rootHash: proof.rootHash.toString('hex'),
    path: proof.path.map((hash) => hash.toString('hex')),
    checkpoint: proof.checkpoint ? toCheckpoint(proof.checkpoint) : null,
  };
}

/** A consistency proof as the API and `npm run audit -- consistency` give it. */
export function toConsistencyProof(proof: ConsistencyProofData): ConsistencyProof {
  return {
    fromSize: proof.fromSize,
    toSize: proof.toSize,
    fromRoot: proof.fromRoot.toString('hex'),
    toRoot: proof.toRoot.toString('hex'),
    path: proof.path.map((hash) => hash.toString('hex')),
    fromCheckpoint: proof.fromCheckpoint ? toCheckpoint(proof.fromCheckpoint) : null,
    toCheckpoint: proof.toCheckpoint ? toCheckpoint(proof.toCheckpoint) : null,
  };
}

function toAlert(alert: AlertRecord): AuditAlert {
  return { ...alert, rule: alert.rule as AuditAlert['rule'], events: [] };
}

import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsDate, IsEnum, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { SubjectInput, SubjectType } from '../common/subject.js';
import { PageInfo } from '../common/page-info.js';

export enum AuditEventKind {
  LOOKUP = 'LOOKUP',
  VERIFY = 'VERIFY',
  LOOKUP_BATCH = 'LOOKUP_BATCH',
  CERTIFICATE = 'CERTIFICATE',
  ADMIN = 'ADMIN',
}
registerEnumType(AuditEventKind, { name: 'AuditEventKind', description: 'Data access (LOOKUP, VERIFY, LOOKUP_BATCH, CERTIFICATE) or administration (ADMIN).' });

export enum AuditOutcome {
  OK = 'OK',
  PARTIAL = 'PARTIAL',
  DENIED = 'DENIED',
  ERROR = 'ERROR',
}
registerEnumType(AuditOutcome, { name: 'AuditOutcome' });

export enum AuditStatsGroupBy {
  CONSUMER_DEPT = 'CONSUMER_DEPT',
  ITEM = 'ITEM',
  OUTCOME = 'OUTCOME',
  DAY = 'DAY',
}
registerEnumType(AuditStatsGroupBy, { name: 'AuditStatsGroupBy' });

export enum AuditAlertRule {
  DISTINCT_SUBJECTS = 'DISTINCT_SUBJECTS',
  OFF_HOURS = 'OFF_HOURS',
  SUBJECT_CASES = 'SUBJECT_CASES',
  DENIED_BURST = 'DENIED_BURST',
  VERIFY_PROBING = 'VERIFY_PROBING',
  VERIFY_PROBING_SUBJECTS = 'VERIFY_PROBING_SUBJECTS',
}
registerEnumType(AuditAlertRule, {
  name: 'AuditAlertRule',
  valuesMap: {
    DISTINCT_SUBJECTS: { description: 'One principal read more distinct subjects in one clock hour than allowed.' },
    OFF_HOURS: { description: 'Data accessed outside the configured working hours or days.' },
    SUBJECT_CASES: { description: 'One subject read under several different case numbers in one day.' },
    DENIED_BURST: { description: 'Many denied requests by one principal within a short window.' },
    VERIFY_PROBING: { description: 'A department reached the limit of non-matching verify answers for one subject and item (guessing a value).' },
    VERIFY_PROBING_SUBJECTS: { description: 'One principal reached the verify limit on several subjects within an hour.' },
  },
});

@ObjectType({ description: 'A data item the policy refused, and why.' })
export class DeniedItem {
  @Field() itemCode: string;
  @Field() reason: string;
}

@ObjectType({ description: 'One committed audit record. The subject is shown masked; subjectRef is its keyed hash.' })
export class AuditEvent {
  @Field(() => ID) id: string;
  @Field(() => Int, { description: 'Position in the Merkle log (0-based, gap-free).' }) leafIndex: number;
  @Field(() => GraphQLISODateTime) time: Date;
  @Field(() => AuditEventKind) kind: AuditEventKind;
  @Field(() => String, { nullable: true, description: 'ADMIN events: what was done (GRANT, REVOKE, CATALOG_PUBLISH, …).' }) action: string | null;
  @Field() requestId: string;
  @Field({ description: 'The department the token spoke for.' }) consumerDept: string;
  @Field({ description: 'Token subject (system or operator).' }) principalSub: string;
  @Field(() => String, { nullable: true }) principalName: string | null;
  @Field(() => String, { nullable: true }) caseNo: string | null;
  @Field(() => String, { nullable: true }) matter: string | null;
  @Field(() => String, { nullable: true }) reason: string | null;
  @Field(() => String, { nullable: true }) legalBasis: string | null;
  @Field(() => SubjectType, { nullable: true }) subjectType: SubjectType | null;
  @Field(() => String, { nullable: true, description: 'e.g. 330106********1236' }) subjectMasked: string | null;
  @Field(() => String, { nullable: true, description: 'HMAC of the identifier under the hub secret (hex).' }) subjectRef: string | null;
  @Field(() => [String]) itemsRequested: string[];
  @Field(() => [String]) itemsReleased: string[];
  @Field(() => [DeniedItem]) itemsDenied: DeniedItem[];
  @Field(() => [String]) resources: string[];
  @Field(() => [String]) sources: string[];
  @Field(() => AuditOutcome, { nullable: true }) outcome: AuditOutcome | null;
  @Field(() => String, { nullable: true }) errorCode: string | null;
  @Field(() => Int, { nullable: true }) latencyMs: number | null;
  @Field(() => String, { nullable: true }) receiptHash: string | null;
  @Field(() => String, { nullable: true, description: 'ADMIN events: what was acted on.' }) target: string | null;
  @Field(() => String, { nullable: true, description: 'ADMIN events: details as a JSON text.' }) details: string | null;
  @Field({ description: 'RFC 9162 leaf hash (hex) of the canonical serialisation.' }) leafHash: string;
}

@ObjectType()
export class AuditEventEdge {
  @Field() cursor: string;
  @Field(() => AuditEvent) node: AuditEvent;
}

@ObjectType({ description: 'Audit events, newest first.' })
export class AuditEventConnection {
  @Field(() => [AuditEventEdge]) edges: AuditEventEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
}

@InputType({ description: 'All given conditions must hold. Times: from inclusive, to exclusive.' })
export class AuditEventFilter {
  @Field(() => GraphQLISODateTime, { nullable: true }) @IsOptional() @IsDate() from?: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) @IsOptional() @IsDate() to?: Date;
  @Field(() => AuditEventKind, { nullable: true }) @IsOptional() @IsEnum(AuditEventKind) kind?: AuditEventKind;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(200) consumerDept?: string;
  @Field({ nullable: true, description: 'Token subject (principalSub).' }) @IsOptional() @IsString() @MaxLength(200) principal?: string;
  @Field({ nullable: true, description: 'A requested data item code.' }) @IsOptional() @IsString() @MaxLength(200) itemCode?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(200) resourceCode?: string;
  @Field(() => SubjectInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => SubjectInput) subject?: SubjectInput;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(200) caseNo?: string;
  @Field(() => AuditOutcome, { nullable: true }) @IsOptional() @IsEnum(AuditOutcome) outcome?: AuditOutcome;
}

@ObjectType({ description: 'Data-access events in one group.' })
export class AuditStat {
  @Field({ description: 'Department code, item code, outcome or day (YYYY-MM-DD in the audit time zone).' }) key: string;
  @Field(() => Int) events: number;
  @Field(() => Int) ok: number;
  @Field(() => Int) partial: number;
  @Field(() => Int) denied: number;
  @Field(() => Int) error: number;
  @Field(() => Int) distinctSubjects: number;
}

@ObjectType({ description: 'A signed tree head: the hub states the log had treeSize events with this root at this time.' })
export class AuditCheckpoint {
  @Field(() => Int) treeSize: number;
  @Field({ description: 'RFC 9162 root hash (hex).' }) rootHash: string;
  @Field(() => GraphQLISODateTime) timestamp: Date;
  @Field({ description: 'Key id: first 16 hex of SHA-256 over the public key (SPKI DER).' }) keyId: string;
  @Field({ description: 'The JWS signature (EdDSA, base64) of the compact JWS in `jws`.' }) signature: string;
  @Field({ description: 'The exact signed text: header, tree size, root (hex), time in ms, one per line.' }) signedPayload: string;
  @Field({ description: 'PEM public key with this keyId (pin it out of band; do not trust it from here alone).' }) publicKey: string;
  @Field({ description: 'The checkpoint as a compact JWS (payload: signedPayload); verify it with /.well-known/sharehub/jwks.json.' }) jws: string;
}

@ObjectType({ description: 'RFC 9162 inclusion proof of one event in the tree of treeSize events.' })
export class InclusionProof {
  @Field(() => ID) eventId: string;
  @Field(() => Int) leafIndex: number;
  @Field(() => Int) treeSize: number;
  @Field({ description: 'Leaf hash (hex).' }) leafHash: string;
  @Field({ description: 'Root hash of the tree of treeSize (hex).' }) rootHash: string;
  @Field(() => [String], { description: 'Sibling hashes (hex), leaf side first.' }) path: string[];
  @Field(() => AuditCheckpoint, { nullable: true, description: 'The signed checkpoint of treeSize, if one was signed.' }) checkpoint: AuditCheckpoint | null;
}

@ObjectType({ description: 'RFC 9162 consistency proof: the tree of fromSize is a prefix of the tree of toSize.' })
export class ConsistencyProof {
  @Field(() => Int) fromSize: number;
  @Field(() => Int) toSize: number;
  @Field() fromRoot: string;
  @Field() toRoot: string;
  @Field(() => [String]) path: string[];
  @Field(() => AuditCheckpoint, { nullable: true }) fromCheckpoint: AuditCheckpoint | null;
  @Field(() => AuditCheckpoint, { nullable: true }) toCheckpoint: AuditCheckpoint | null;
}

@ObjectType({ description: 'An alert raised by a rule, with the events that triggered it.' })
export class AuditAlert {
  @Field(() => ID) id: string;
  @Field(() => AuditAlertRule) rule: AuditAlertRule;
  @Field(() => GraphQLISODateTime) windowStart: Date;
  @Field(() => GraphQLISODateTime) windowEnd: Date;
  @Field(() => String, { nullable: true }) consumerDept: string | null;
  @Field(() => String, { nullable: true }) principalSub: string | null;
  @Field(() => String, { nullable: true }) subjectMasked: string | null;
  @Field(() => String, { nullable: true, description: 'The data item the alert is about (VERIFY_PROBING).' }) itemCode: string | null;
  @Field(() => Int, { description: 'What the rule counted (subjects, cases, denials, off-hours events).' }) observed: number;
  @Field(() => Int) threshold: number;
  @Field(() => GraphQLISODateTime) raisedAt: Date;
  @Field(() => GraphQLISODateTime) updatedAt: Date;
  @Field(() => [AuditEvent], { description: 'The triggering events (at most 100), oldest first.' }) events: AuditEvent[];
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When an auditor acknowledged it (null: open).' }) acknowledgedAt: Date | null;
  @Field(() => String, { nullable: true, description: 'Who acknowledged it (department/principal).' }) acknowledgedBy: string | null;
  @Field(() => String, { nullable: true }) acknowledgementNote: string | null;
  /** Ids behind `events`, resolved by the resolver. */
  eventIds?: string[];
}

@ObjectType()
export class AuditAlertEdge {
  @Field() cursor: string;
  @Field(() => AuditAlert) node: AuditAlert;
}

@ObjectType({ description: 'Alerts, newest window first.' })
export class AuditAlertConnection {
  @Field(() => [AuditAlertEdge]) edges: AuditAlertEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
}

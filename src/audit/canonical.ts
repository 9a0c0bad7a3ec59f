import { canonicalJson } from '../common/canonical-json.js';
import { leafHash } from './merkle.js';

export const DATA_ACCESS_KINDS = ['LOOKUP', 'VERIFY', 'LOOKUP_BATCH', 'CERTIFICATE'] as const;
export type DataAccessKind = (typeof DATA_ACCESS_KINDS)[number];
export type AuditKind = DataAccessKind | 'ADMIN';
export const OUTCOMES = ['OK', 'PARTIAL', 'DENIED', 'ERROR'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** One row of `audit_event`, exactly as stored (and as the leaf hash covers it). */
export interface StoredEvent {
  leafIndex: number;
  id: string;
  recordedAt: Date;
  kind: AuditKind;
  action: string | null;
  requestId: string;
  consumerDept: string;
  principalSub: string;
  principalName: string | null;
  tokenId: string | null;
  caseNo: string | null;
  matter: string | null;
  reason: string | null;
  legalBasis: string | null;
  subjectType: 'PERSON' | 'LEGAL_ENTITY' | null;
  /** HMAC-SHA256 (hub secret) of `TYPE:normalised id`, hex. */
  subjectHash: string | null;
  /** e.g. 330106********1236 */
  subjectMasked: string | null;
  itemsRequested: string[];
  itemsReleased: string[];
  itemsDenied: { itemCode: string; reason: string }[];
  resources: string[];
  sources: string[];
  outcome: Outcome | null;
  errorCode: string | null;
  latencyMs: number | null;
  receiptHash: string | null;
  target: string | null;
  details: unknown;
}

/** Column list in canonical order; the SQL and the serialisation below both follow it. */
export const EVENT_COLUMNS = [
  'leaf_index',
  'id',
  'recorded_at',
  'kind',
  'action',
  'request_id',
  'consumer_dept',
  'principal_sub',
  'principal_name',
  'token_id',
  'case_no',
  'matter',
  'reason',
  'legal_basis',
  'subject_type',
  'subject_hash',
  'subject_masked',
  'items_requested',
  'items_released',
  'items_denied',
  'resources',
  'sources',
  'outcome',
  'error_code',
  'latency_ms',
  'receipt_hash',
  'target',
  'details',
] as const;

export type EventColumnType = 'int8' | 'int4' | 'uuid' | 'timestamptz' | 'text' | 'text[]' | 'jsonb';

/** Each column's PostgreSQL type, as migrated: how the verifier reads each column of its binary COPY. */
export const EVENT_COLUMN_TYPES: Record<(typeof EVENT_COLUMNS)[number], EventColumnType> = {
  leaf_index: 'int8',
  id: 'uuid',
  recorded_at: 'timestamptz',
  kind: 'text',
  action: 'text',
  request_id: 'text',
  consumer_dept: 'text',
  principal_sub: 'text',
  principal_name: 'text',
  token_id: 'text',
  case_no: 'text',
  matter: 'text',
  reason: 'text',
  legal_basis: 'text',
  subject_type: 'text',
  subject_hash: 'text',
  subject_masked: 'text',
  items_requested: 'text[]',
  items_released: 'text[]',
  items_denied: 'jsonb',
  resources: 'text[]',
  sources: 'text[]',
  outcome: 'text',
  error_code: 'text',
  latency_ms: 'int4',
  receipt_hash: 'text',
  target: 'text',
  details: 'jsonb',
};

export const CANONICAL_VERSION = 'sharehub-audit-event/v1';

/** The values of the columns after leaf index, id and time (`kind` … `details`), in EVENT_COLUMNS order. */
function tailValues(event: Omit<StoredEvent, 'leafIndex' | 'recordedAt' | 'id'>): unknown[] {
  return [
    event.kind,
    event.action,
    event.requestId,
    event.consumerDept,
    event.principalSub,
    event.principalName,
    event.tokenId,
    event.caseNo,
    event.matter,
    event.reason,
    event.legalBasis,
    event.subjectType,
    event.subjectHash,
    event.subjectMasked,
    event.itemsRequested,
    event.itemsReleased,
    event.itemsDenied,
    event.resources,
    event.sources,
    event.outcome,
    event.errorCode,
    event.latencyMs,
    event.receiptHash,
    event.target,
    event.details ?? null,
  ];
}

/** Positions in tailValues() of the two JSON columns; every other value is a string, integer, null or string array. */
const ITEMS_DENIED = EVENT_COLUMNS.indexOf('items_denied') - 3;
const DETAILS = EVENT_COLUMNS.indexOf('details') - 3;

/**
 * The canonical serialisation of a stored event: the RFC 8785 canonical JSON
 * (common/canonical-json.ts) of an array of the version tag and every column in EVENT_COLUMNS
 * order. Leaf index, id and time are inside, so a row moved to another position no longer
 * matches its leaf.
 */
export function canonicalEvent(event: StoredEvent): string {
  return canonicalJson([CANONICAL_VERSION, event.leafIndex, event.id, event.recordedAt.toISOString(), ...tailValues(event)]);
}

/**
 * The same serialisation in two parts, for the writer: everything after the time is known when
 * the event is recorded (outside the batch lock); leaf index and time are put in front at commit.
 * `assembleCanonical(e.leafIndex, e.id, e.recordedAt, canonicalTail(e)) === canonicalEvent(e)`.
 *
 * This runs for every event, so it leaves all it can to JSON.stringify, about twice as fast as
 * the general serialiser: for strings, safe integers, null and string arrays RFC 8785 is by
 * definition what JSON.stringify writes, and the items_denied entries are rebuilt with their two
 * text keys in sorted order (itemCode < reason), which JSON.stringify keeps. Only `details`, the
 * last column and free-form, goes through canonicalJson. test/unit/canonical-json.test.ts checks
 * that the result equals canonicalEvent().
 */
export function canonicalTail(event: Omit<StoredEvent, 'leafIndex' | 'recordedAt' | 'id'>): string {
  const values = tailValues(event);
  values[ITEMS_DENIED] = event.itemsDenied.map(({ itemCode, reason }) => ({ itemCode, reason }));
  values.length = DETAILS;
  return `${JSON.stringify(values).slice(1, -1)},${canonicalJson(event.details ?? null)}]`;
}

export const CANONICAL_HEAD = `[${JSON.stringify(CANONICAL_VERSION)},`;

export function assembleCanonical(leafIndex: number, id: string, recordedAt: Date, tail: string): string {
  return `${CANONICAL_HEAD}${leafIndex},${JSON.stringify(id)},"${recordedAt.toISOString()}",${tail}`;
}

export function eventLeafHash(event: StoredEvent): Buffer {
  return leafHash(Buffer.from(canonicalEvent(event), 'utf8'));
}

import type { Readable, Writable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { decodePosition, encodeCursor } from '../common/cursor.js';
import { afterPosition, Conditions, orderAndLimit, takePage, type Keyset } from '../database/listing.js';
import { EVENT_COLUMNS, type AuditKind, type Outcome, type StoredEvent } from './canonical.js';
import { EVENT_COPY_COLUMNS } from './event-row-hasher.js';
import { checkOut, withConnection, type Queryable } from './pg-connection.js';

/** A row of `SELECT <EVENT_COLUMNS>, leaf_hash FROM audit_event` as node-postgres returns it. */
export interface EventRow {
  leaf_index: string | number;
  id: string;
  recorded_at: Date;
  kind: AuditKind;
  action: string | null;
  request_id: string;
  consumer_dept: string;
  principal_sub: string;
  principal_name: string | null;
  token_id: string | null;
  case_no: string | null;
  matter: string | null;
  reason: string | null;
  legal_basis: string | null;
  subject_type: 'PERSON' | 'LEGAL_ENTITY' | null;
  subject_hash: string | null;
  subject_masked: string | null;
  items_requested: string[];
  items_released: string[];
  items_denied: { itemCode: string; reason: string }[];
  resources: string[];
  sources: string[];
  outcome: Outcome | null;
  error_code: string | null;
  latency_ms: number | null;
  receipt_hash: string | null;
  target: string | null;
  details: unknown;
  leaf_hash: Buffer;
}

export const EVENT_SELECT = [...EVENT_COLUMNS, 'leaf_hash'].join(', ');

export function eventFromRow(row: EventRow): StoredEvent & { leafHash: Buffer } {
  return {
    leafIndex: Number(row.leaf_index),
    id: row.id,
    recordedAt: row.recorded_at,
    kind: row.kind,
    action: row.action,
    requestId: row.request_id,
    consumerDept: row.consumer_dept,
    principalSub: row.principal_sub,
    principalName: row.principal_name,
    tokenId: row.token_id,
    caseNo: row.case_no,
    matter: row.matter,
    reason: row.reason,
    legalBasis: row.legal_basis,
    subjectType: row.subject_type,
    subjectHash: row.subject_hash,
    subjectMasked: row.subject_masked,
    itemsRequested: row.items_requested,
    itemsReleased: row.items_released,
    itemsDenied: row.items_denied,
    resources: row.resources,
    sources: row.sources,
    outcome: row.outcome,
    errorCode: row.error_code,
    latencyMs: row.latency_ms,
    receiptHash: row.receipt_hash,
    target: row.target,
    details: row.details,
    leafHash: row.leaf_hash,
  };
}

/** Search conditions over audit events (all optional, all must hold). */
export interface EventQuery {
  from?: Date;
  to?: Date;
  kind?: AuditKind;
  consumerDept?: string;
  principal?: string;
  itemCode?: string;
  resourceCode?: string;
  subjectType?: 'PERSON' | 'LEGAL_ENTITY';
  /** The subject's references under every generation of the subject-hash key (SubjectHasher.lookups). */
  subjectHashes?: string[];
  caseNo?: string;
  outcome?: Outcome;
}

export type StatsGroup = 'CONSUMER_DEPT' | 'ITEM' | 'OUTCOME' | 'DAY';

export interface StatRow {
  key: string;
  events: number;
  ok: number;
  partial: number;
  denied: number;
  error: number;
  distinctSubjects: number;
}

export type LoadedEvent = StoredEvent & { leafHash: Buffer };

/** The one place with `audit_event` SQL: searches, stats, export cursor, leaf lookups, the writer's and the verifier's COPY, partitions. */
@Injectable()
export class AuditRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** One page of matching events, newest first, after the cursor of the previous page's last event. */
  async page(query: EventQuery, first: number, after?: string | null): Promise<{ events: LoadedEvent[]; hasNextPage: boolean }> {
    const where = conditions(query);
    if (after) afterPosition(where, EVENT_ORDER, decodePosition(after, ['integer'], 'event'));
    const rows: EventRow[] = await this.dataSource.query(`SELECT ${EVENT_SELECT} FROM audit_event ${where.sql} ${orderAndLimit(where, EVENT_ORDER, first)}`, where.params);
    const page = takePage(rows, first);
    return { events: page.rows.map(eventFromRow), hasNextPage: page.hasNextPage };
  }

  static cursorOf(event: StoredEvent): string {
    return encodeCursor(['event', event.leafIndex]);
  }

  async byIds(ids: string[]): Promise<LoadedEvent[]> {
    if (!ids.length) return [];
    const rows: EventRow[] = await this.dataSource.query(`SELECT ${EVENT_SELECT} FROM audit_event WHERE id = ANY($1::uuid[]) ORDER BY leaf_index`, [ids]);
    return rows.map(eventFromRow);
  }

  async leafOf(id: string): Promise<{ leafIndex: number; leafHash: Buffer } | undefined> {
    const rows: { leaf_index: string; leaf_hash: Buffer }[] = await this.dataSource.query(
      'SELECT leaf_index, leaf_hash FROM audit_event WHERE id = $1 ORDER BY leaf_index LIMIT 1',
      [id],
    );
    return rows[0] ? { leafIndex: Number(rows[0].leaf_index), leafHash: rows[0].leaf_hash } : undefined;
  }

  async headSize(): Promise<number> {
    const rows: { tree_size: string }[] = await this.dataSource.query('SELECT tree_size FROM audit_log_head WHERE id = 1');
    return Number(rows[0]?.tree_size ?? 0);
  }

  /** Data-access events (ADMIN excluded) in [from, to), grouped. */
  async stats(from: Date, to: Date, groupBy: StatsGroup, timeZone: string): Promise<StatRow[]> {
    const key = {
      CONSUMER_DEPT: 'e.consumer_dept',
      ITEM: 'item',
      OUTCOME: 'e.outcome',
      DAY: `to_char(e.recorded_at AT TIME ZONE $3, 'YYYY-MM-DD')`,
    }[groupBy];
    const source = groupBy === 'ITEM' ? 'audit_event e CROSS JOIN LATERAL unnest(e.items_requested) AS item' : 'audit_event e';
    const params: unknown[] = [from, to];
    if (groupBy === 'DAY') params.push(timeZone);
    const rows: Record<string, string>[] = await this.dataSource.query(
      `SELECT ${key} AS key, count(*) AS events,
              count(*) FILTER (WHERE e.outcome = 'OK') AS ok,
              count(*) FILTER (WHERE e.outcome = 'PARTIAL') AS partial,
              count(*) FILTER (WHERE e.outcome = 'DENIED') AS denied,
              count(*) FILTER (WHERE e.outcome = 'ERROR') AS error,
              count(DISTINCT e.subject_hash) AS distinct_subjects
         FROM ${source}
        WHERE e.recorded_at >= $1 AND e.recorded_at < $2 AND e.kind <> 'ADMIN'
        GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 10000`,
      params,
    );
    return rows.map((row) => ({
      key: row.key ?? '',
      events: Number(row.events),
      ok: Number(row.ok),
      partial: Number(row.partial),
      denied: Number(row.denied),
      error: Number(row.error),
      distinctSubjects: Number(row.distinct_subjects),
    }));
  }

  /**
   * Every matching event, newest first, read through a server-side cursor in chunks so a
   * million rows never sit in memory. Stops (and closes the cursor) when the consumer stops.
   */
  async *stream(query: EventQuery, chunk = 2000): AsyncGenerator<LoadedEvent[]> {
    const where = conditions(query);
    const { client, release } = await checkOut(this.dataSource);
    let failed = false;
    let finished = false;
    try {
      await client.query('BEGIN READ ONLY');
      await client.query(
        `DECLARE audit_export NO SCROLL CURSOR FOR SELECT ${EVENT_SELECT} FROM audit_event ${where.sql} ORDER BY leaf_index DESC`,
        where.params,
      );
      for (;;) {
        const { rows } = await client.query<EventRow>(`FETCH ${chunk} FROM audit_export`);
        if (!rows.length) break;
        yield rows.map(eventFromRow);
        if (rows.length < chunk) break;
      }
      await client.query('COMMIT');
      finished = true;
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      // The consumer stopped early: end the transaction, which closes the cursor.
      if (!failed && !finished) await client.query('ROLLBACK').catch(() => (failed = true));
      release(failed);
    }
  }

  /** Creates the month partitions from the current month to `monthsAhead` months on (idempotent); how many it created. */
  async ensurePartitions(monthsAhead: number): Promise<number> {
    const [row]: { created: number }[] = await this.dataSource.query('SELECT audit_ensure_partitions($1) AS created', [monthsAhead]);
    return row.created;
  }

  /**
   * Detaches a month's partition into the archive (`YYYY-MM`; a privileged role only, the hub's
   * own role is refused); the detached table's name.
   */
  async detachPartition(month: string): Promise<string> {
    const [row]: { part: string }[] = await this.dataSource.query('SELECT audit_detach_partition($1) AS part', [month]);
    return row.part;
  }

  /** Runs work on one pooled connection (used by the proof service for its two queries). */
  withConnection<T>(work: (client: Queryable) => Promise<T>): Promise<T> {
    return withConnection(this.dataSource, work);
  }
}

/** Newest first: leaf indexes are unique and follow commit order. */
const EVENT_ORDER: Keyset = { columns: [{ sql: 'leaf_index', type: 'bigint' }], direction: 'DESC' };

function conditions(query: EventQuery): Conditions {
  const where = new Conditions();
  if (query.from) where.add(`recorded_at >= ${where.bind(query.from)}`);
  if (query.to) where.add(`recorded_at < ${where.bind(query.to)}`);
  if (query.itemCode) where.add(`items_requested @> ARRAY[${where.bind(query.itemCode)}::text]`);
  if (query.resourceCode) where.add(`resources @> ARRAY[${where.bind(query.resourceCode)}::text]`);
  // Every key generation's hash of the subject (keys.md: subject-hash rotation).
  if (query.subjectHashes) where.add(`subject_hash = ANY(${where.bind(query.subjectHashes)}::text[])`);
  return where
    .equals('kind', query.kind)
    .equals('consumer_dept', query.consumerDept)
    .equals('principal_sub', query.principal)
    .equals('subject_type', query.subjectType)
    .equals('case_no', query.caseNo)
    .equals('outcome', query.outcome);
}

/** The stored leaf hashes of these leaves (leaves of detached months are not found here). */
export async function leafHashes(db: Queryable, leaves: readonly number[]): Promise<{ leafIndex: number; leafHash: Buffer }[]> {
  const { rows } = await db.query<{ leaf_index: string; leaf_hash: Buffer }>('SELECT leaf_index, leaf_hash FROM audit_event WHERE leaf_index = ANY($1::bigint[])', [[...leaves]]);
  return rows.map((row) => ({ leafIndex: Number(row.leaf_index), leafHash: row.leaf_hash }));
}

/** The writer's COPY of a batch in text format (copy-text.ts writes its lines): write them, then end it. */
export function copyEventsIn(db: Queryable): Writable & { rowCount?: number } {
  return db.query(copyFrom(`COPY audit_event (${EVENT_COLUMNS.join(', ')}, leaf_hash) FROM STDIN`));
}

/** Leaf indexes [from, to); null for no bound on that side. */
export type LeafRange = readonly [from: number | null, to: number | null];

/**
 * The verifier's scan of a leaf range: a binary COPY of EVENT_COPY_COLUMNS (event-row-hasher.ts
 * decodes it), rows in (leaf_index, recorded_at) order.
 */
export function copyEventsOut(db: Queryable, [from, to]: LeafRange): Readable {
  const bounds = [from === null ? '' : `leaf_index >= ${from}`, to === null ? '' : `leaf_index < ${to}`].filter(Boolean);
  return db.query(copyTo(`COPY (SELECT ${EVENT_COPY_COLUMNS} FROM audit_event WHERE ${bounds.join(' AND ') || 'true'} ORDER BY leaf_index, recorded_at) TO STDOUT (FORMAT binary)`));
}

import type { Readable, Writable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { EVENT_COLUMNS, EVENT_SELECT, eventFromRow, type AuditKind, type EventRow, type Outcome, type StoredEvent } from './canonical.js';
import { EVENT_COPY_COLUMNS } from './event-row-hasher.js';
import { checkOut, withConnection, type Queryable } from './pg-connection.js';

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
  subjectHash?: string;
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

  /** Newest first; `beforeLeaf` is the keyset position of the previous page's last event. */
  async find(query: EventQuery, limit: number, beforeLeaf?: number): Promise<LoadedEvent[]> {
    const { where, params } = conditions(query);
    if (beforeLeaf !== undefined) {
      params.push(beforeLeaf);
      where.push(`leaf_index < $${params.length}`);
    }
    params.push(limit);
    const rows: EventRow[] = await this.dataSource.query(
      `SELECT ${EVENT_SELECT} FROM audit_event ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY leaf_index DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map(eventFromRow);
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
    const { where, params } = conditions(query);
    const { client, release } = await checkOut(this.dataSource);
    let failed = false;
    let finished = false;
    try {
      await client.query('BEGIN READ ONLY');
      await client.query(
        `DECLARE audit_export NO SCROLL CURSOR FOR SELECT ${EVENT_SELECT} FROM audit_event
           ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY leaf_index DESC`,
        params,
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

function conditions(query: EventQuery): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (placeholder: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (query.from) add((p) => `recorded_at >= ${p}`, query.from);
  if (query.to) add((p) => `recorded_at < ${p}`, query.to);
  if (query.kind) add((p) => `kind = ${p}`, query.kind);
  if (query.consumerDept) add((p) => `consumer_dept = ${p}`, query.consumerDept);
  if (query.principal) add((p) => `principal_sub = ${p}`, query.principal);
  if (query.itemCode) add((p) => `items_requested @> ARRAY[${p}::text]`, query.itemCode);
  if (query.resourceCode) add((p) => `resources @> ARRAY[${p}::text]`, query.resourceCode);
  if (query.subjectType) add((p) => `subject_type = ${p}`, query.subjectType);
  if (query.subjectHash) add((p) => `subject_hash = ${p}`, query.subjectHash);
  if (query.caseNo) add((p) => `case_no = ${p}`, query.caseNo);
  if (query.outcome) add((p) => `outcome = ${p}`, query.outcome);
  return { where, params };
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

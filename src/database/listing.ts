import type { DataSource } from 'typeorm';
import { decodeCursor } from '../common/cursor.js';

/** WHERE conditions with their bound parameters ($1, $2, …), built up one filter at a time. */
export class Conditions {
  readonly params: unknown[] = [];
  private readonly clauses: string[] = [];

  /** Binds a value and returns its placeholder. */
  bind(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** `column = value` when the value is given. */
  equals(column: string, value: unknown): this {
    if (value !== undefined && value !== null && value !== '') this.clauses.push(`${column} = ${this.bind(value)}`);
    return this;
  }

  add(clause: string): this {
    this.clauses.push(clause);
    return this;
  }

  /** Rows matching any of the given column = value pairs (none given: no rows). */
  anyOf(pairs: [column: string, value: string | undefined][]): this {
    const parts = pairs.filter(([, value]) => value).map(([column, value]) => `${column} = ${this.bind(value)}`);
    this.clauses.push(parts.length ? `(${parts.join(' OR ')})` : 'false');
    return this;
  }

  get sql(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}

export interface NewestFirstQuery {
  select: string;
  /** Table and alias, e.g. `grants g`. */
  from: string;
  /** The timestamp and uuid columns of the order, e.g. `g.created_at`, `g.id`. */
  timeColumn: string;
  idColumn: string;
  conditions: Conditions;
  first: number;
  after?: string;
}

/**
 * One Relay page, newest first, keyset-paged on (time, id): the rows (at most `first`), whether
 * more follow, and the total matching the conditions.
 */
export async function newestFirstPage<Row>(dataSource: DataSource, query: NewestFirstQuery): Promise<{ rows: Row[]; hasNextPage: boolean; totalCount: number }> {
  const { conditions: where, timeColumn, idColumn } = query;
  const count = dataSource.query(`SELECT count(*)::int AS count FROM ${query.from} ${where.sql}`, [...where.params]);
  if (query.after) {
    const [time, id] = decodeCursor(query.after);
    where.add(`(${timeColumn}, ${idColumn}) < (${where.bind(time)}::timestamptz, ${where.bind(id)}::uuid)`);
  }
  const limit = where.bind(query.first + 1);
  const rows: Row[] = await dataSource.query(
    `SELECT ${query.select} FROM ${query.from} ${where.sql} ORDER BY ${timeColumn} DESC, ${idColumn} DESC LIMIT ${limit}`,
    where.params,
  );
  const [{ count: totalCount }] = (await count) as { count: number }[];
  return { rows: rows.slice(0, query.first), hasNextPage: rows.length > query.first, totalCount };
}

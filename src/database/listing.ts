import type { DataSource } from 'typeorm';
import { decodePosition, encodeCursor } from '../common/cursor.js';

/**
 * The one way listings build their SQL: WHERE conditions with bound parameters, and keyset
 * paging (a page starts after the previous page's last row, by the listing's sort key, so pages
 * stay stable while rows are added). Every listing uses it: catalogue resources and items,
 * grants, applications, audit events and alerts.
 */

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

  /** A condition written out; its values bound with bind(). */
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

  /** `WHERE …`, or nothing when there is no condition. */
  get sql(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}

/** The sort key of a listing: its columns (SQL expression and type, the last one unique) and the direction. */
export interface Keyset {
  columns: readonly { sql: string; type: string }[];
  direction: 'ASC' | 'DESC';
}

/** The condition "after this position" in the keyset's order, `(a, b) > ($1::t, $2::u)` (`<` for DESC), its values bound on `where`. */
export function keysetAfter(where: Conditions, keyset: Keyset, position: readonly unknown[]): string {
  const columns = keyset.columns.map((column) => column.sql).join(', ');
  const values = keyset.columns.map((column, i) => `${where.bind(position[i])}::${column.type}`).join(', ');
  return `(${columns}) ${keyset.direction === 'ASC' ? '>' : '<'} (${values})`;
}

/** Adds keysetAfter() to the conditions. */
export function afterPosition(where: Conditions, keyset: Keyset, position: readonly unknown[]): Conditions {
  return where.add(keysetAfter(where, keyset, position));
}

/** `ORDER BY … LIMIT` one row more than the page, so takePage() knows whether more follow. */
export function orderAndLimit(where: Conditions, keyset: Keyset, first: number): string {
  return `ORDER BY ${keyset.columns.map((column) => `${column.sql} ${keyset.direction}`).join(', ')} LIMIT ${where.bind(first + 1)}`;
}

/** The page's rows (at most `first`) and whether more follow, from a query limited by orderAndLimit(). */
export function takePage<T>(rows: T[], first: number): { rows: T[]; hasNextPage: boolean } {
  return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
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

/** The cursor of a row in a newestFirstPage() listing. */
export function newestFirstCursor(time: Date, id: string): string {
  return encodeCursor([time.toISOString(), id]);
}

/**
 * One Relay page, newest first, keyset-paged on (time, id): the rows (at most `first`), whether
 * more follow, and the total matching the conditions.
 */
export async function newestFirstPage<Row>(dataSource: DataSource, query: NewestFirstQuery): Promise<{ rows: Row[]; hasNextPage: boolean; totalCount: number }> {
  const { conditions: where } = query;
  const keyset: Keyset = { columns: [{ sql: query.timeColumn, type: 'timestamptz' }, { sql: query.idColumn, type: 'uuid' }], direction: 'DESC' };
  const count = dataSource.query(`SELECT count(*)::int AS count FROM ${query.from} ${where.sql}`, [...where.params]);
  if (query.after) afterPosition(where, keyset, decodePosition(query.after, ['time', 'uuid']));
  const rows: Row[] = await dataSource.query(`SELECT ${query.select} FROM ${query.from} ${where.sql} ${orderAndLimit(where, keyset, query.first)}`, where.params);
  const [{ count: totalCount }] = (await count) as { count: number }[];
  return { ...takePage(rows, query.first), totalCount };
}

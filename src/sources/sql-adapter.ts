import pg from 'pg';
import { SourceError, SourceUnavailableError } from '../common/errors.js';
import { PooledClient } from '../database/pooled-client.js';
import type { SqlBinding } from './binding.js';
import { pickFields } from './http-adapter.js';
import { recordFrom, type SourceRecord } from './source-record.js';

/** Dates and timestamps as the database prints them: a JS Date would shift a DATE by the local zone. */
const DATE_OIDS = new Set([1082, 1083, 1114, 1184]);
const RAW_DATES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    DATE_OIDS.has(oid) ? (value: string) => value : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** The statement_timeout (ms) each pooled front-database connection was last given. */
const STATEMENT_TIMEOUT = new WeakMap<pg.PoolClient, number>();

/** Reads a department's front-end database (前置库) through one small pool per connection. */
export class SqlAdapter {
  private readonly pools = new Map<string, pg.Pool>();

  constructor(private readonly settings: (name: string) => string | undefined) {}

  sourceOf(binding: SqlBinding): string {
    return `sql:${binding.connectionRef}`;
  }

  async fetchOne(binding: SqlBinding, subjectId: string, itemCodes: string[], signal: AbortSignal): Promise<SourceRecord> {
    const pool = this.pool(binding);
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw new SourceUnavailableError(`Front database for ${binding.resourceCode} is unreachable: ${(error as Error).message}`, error);
    }
    // On timeout the connection is destroyed. That alone does not stop a running statement
    // (PostgreSQL notices a gone client only when it next writes to it): the front database
    // cancels it itself at the binding's timeout, set once per connection.
    const onAbort = () => client.release(new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });

    try {
      const timeoutMs = Math.max(1, Math.ceil(binding.timeoutMs));
      if (STATEMENT_TIMEOUT.get(client) !== timeoutMs) {
        await client.query(`SET statement_timeout = ${timeoutMs}`);
        STATEMENT_TIMEOUT.set(client, timeoutMs);
      }
      const result = await client.query({ text: binding.query, values: [subjectId], types: RAW_DATES });
      const row = result.rows[0] ?? null;
      return recordFrom(row, (record) => pickFields(record, binding, itemCodes));
    } catch (error) {
      if (signal.aborted) throw error;
      if (error instanceof SourceError) throw error;
      throw new SourceError(`Front database for ${binding.resourceCode} failed the query: ${(error as Error).message}`, error);
    } finally {
      signal.removeEventListener('abort', onAbort);
      if (!signal.aborted) client.release();
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.end()));
    this.pools.clear();
  }

  private pool(binding: SqlBinding): pg.Pool {
    let pool = this.pools.get(binding.connectionRef);
    if (!pool) {
      pool = new pg.Pool({ Client: PooledClient, connectionString: this.settings(binding.connectionRef), max: 10, connectionTimeoutMillis: binding.timeoutMs, application_name: 'sharehub' });
      pool.on('error', () => undefined); // an idle client's error is reported by the next query
      this.pools.set(binding.connectionRef, pool);
    }
    return pool;
  }
}

import type { Submittable } from 'pg';
import type { DataSource } from 'typeorm';

/** The part of a node-postgres client the audit code uses. */
export interface Queryable {
  query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number | null; command?: string }>;
  /** A query object such as a pg-copy-streams COPY (the verifier's full scans): returned as given. */
  query<S extends Submittable>(submittable: S): S;
}

export interface CheckedOut {
  client: Queryable;
  /** Back to the pool; pass `failed` to discard it (a broken connection is discarded anyway: it is no longer queryable). */
  release(failed?: boolean): void;
}

/**
 * One pooled connection of the DataSource as a raw node-postgres client (multi-statement text,
 * COPY streams, cursors, exact command tags). Release it exactly once; pass `failed` to have it
 * discarded.
 *
 * Only public API: `DataSource.createQueryRunner()` and `QueryRunner.connect()`, which resolves
 * to the pool's pg client. A QueryRunner cannot hand its connection back as broken, so a failed
 * one is first closed with the pg client's own `end()`: pg-pool then drops it on release instead
 * of lending out a connection left inside a transaction or a COPY.
 */
export async function checkOut(dataSource: DataSource): Promise<CheckedOut> {
  const runner = dataSource.createQueryRunner('master');
  let client: Queryable & { end(): Promise<void> };
  try {
    client = await runner.connect();
  } catch (error) {
    await runner.release().catch(() => undefined);
    throw error;
  }
  let released = false;
  return {
    client,
    release: (failed = false) => {
      if (released) return;
      released = true;
      if (!failed) void runner.release();
      else void client.end().catch(() => undefined).then(() => runner.release());
    },
  };
}

/** Runs `work` on one pooled connection (see checkOut); a connection that saw an error is discarded, not reused. */
export async function withConnection<T>(dataSource: DataSource, work: (client: Queryable) => Promise<T>): Promise<T> {
  const { client, release } = await checkOut(dataSource);
  let failed = false;
  try {
    return await work(client);
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    release(failed);
  }
}

/** `count` pooled connections at once (e.g. the verifier's parallel readers), all released after `work`. */
export async function withConnections<T>(dataSource: DataSource, count: number, work: (clients: Queryable[]) => Promise<T>): Promise<T> {
  const open = async (left: number, clients: Queryable[]): Promise<T> =>
    left === 0 ? work(clients) : withConnection(dataSource, (client) => open(left - 1, [...clients, client]));
  return open(count, []);
}

/**
 * How many connections the verifier reads with: one. Its streamed COPY keeps ahead of the hashing
 * in this process, and each further backend pays again to map PostgreSQL's shared buffers into
 * its memory as it reads (on this VM about 0.7 s of page faults for 128 MB), for no gain.
 */
export function verifyReaders(): number {
  return 1;
}

import pg from 'pg';

/**
 * The node-postgres client for every pool of the hub. A connection the server drops (a restart,
 * a failover, an administrator's terminate) makes the client emit `error`; when nobody listens
 * at that instant, Node kills the process. Nobody does listen in the gaps: between pg-pool
 * handing a fresh client out and TypeORM attaching its listener (the server's goodbye can arrive
 * in the same read as the connection's "ready"), and while code holds a client between queries.
 * This client always listens. Nothing is lost: the client is marked unusable, its next query
 * fails with the error, and the pool discards it on release.
 */
export class PooledClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }
}

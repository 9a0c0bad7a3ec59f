import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DataSource } from 'typeorm';
import { poolStats } from '../database/pool-stats.js';

/** Operation names are client-chosen: cap the label set so a client cannot blow up memory. */
const MAX_OPERATION_LABELS = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** The hub's Prometheus registry (one per app, so tests can run several apps in a process). */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly knownOperations = new Set<string>();

  readonly httpRequests = new Counter({
    name: 'sharehub_http_requests_total',
    help: 'HTTP requests by route, method and status code',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'sharehub_http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['route', 'method'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly graphqlOperations = new Counter({
    name: 'sharehub_graphql_operations_total',
    help: 'GraphQL operations by operation name and outcome (ok or the first error code)',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly graphqlDuration = new Histogram({
    name: 'sharehub_graphql_operation_duration_seconds',
    help: 'GraphQL operation latency by operation name',
    labelNames: ['operation'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor(@Inject(DataSource) dataSource: DataSource) {
    collectDefaultMetrics({ register: this.registry, prefix: 'sharehub_' });
    const pool = (name: string, help: string, read: (s: NonNullable<ReturnType<typeof poolStats>>) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          const stats = poolStats(dataSource);
          if (stats) this.set(read(stats));
        },
      });
    pool('sharehub_db_pool_connections', 'Open connections in the PostgreSQL pool', (s) => s.total);
    pool('sharehub_db_pool_idle', 'Idle connections in the PostgreSQL pool', (s) => s.idle);
    pool('sharehub_db_pool_waiting', 'Queries waiting for a PostgreSQL connection', (s) => s.waiting);
  }

  /** The label used for an operation: its name if well-formed and the label set is not full. */
  operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (this.knownOperations.has(name)) return name;
    if (this.knownOperations.size >= MAX_OPERATION_LABELS) return 'other';
    this.knownOperations.add(name);
    return name;
  }
}

import type { DataSource } from 'typeorm';
import { poolOf } from './data-source.js';

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

/** The node-postgres pool's counters (TypeORM exposes none; createDataSource keeps the pool). */
export function poolStats(dataSource: DataSource): PoolStats | undefined {
  const pool = poolOf(dataSource);
  if (!pool) return undefined;
  return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
}

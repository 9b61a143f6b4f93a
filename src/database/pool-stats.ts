import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** node-postgres' pool counters. */
export interface PoolStats {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** The pool's counters, or undefined on the embedded database (one serialised session, no pool). */
export function poolStats(dataSource: DataSource): PoolStats | undefined {
  const driver = dataSource.driver as PostgresDriver | undefined;
  if (driver === undefined || driver.options.driver !== undefined) {
    return undefined;
  }
  return driver.master as PoolStats | undefined;
}

/** "pool: 10 connections, 0 idle, 3 waiting", for a log line that says why the database did not answer. */
export function describePool(dataSource: DataSource): string {
  const stats = poolStats(dataSource);
  return stats === undefined
    ? 'no pool'
    : `pool: ${stats.totalCount} connections, ${stats.idleCount} idle, ${stats.waitingCount} waiting`;
}

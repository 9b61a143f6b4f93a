import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** What we use of node-postgres' pool: the hot-path statements (statement.ts) and its counters. */
export interface NodePostgresPool {
  query(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** The data source's node-postgres pool, or undefined on the embedded database (one serialised session, no pool). */
export function nodePostgresPool(dataSource: DataSource): NodePostgresPool | undefined {
  const driver = dataSource.driver as PostgresDriver;
  return driver.options.driver === undefined ? (driver.master as NodePostgresPool | undefined) : undefined;
}

/** "pool: 10 connections, 0 idle, 3 waiting", for a log line that says why the database did not answer. */
export function describePool(dataSource: DataSource): string {
  const pool = nodePostgresPool(dataSource);
  return pool === undefined
    ? 'no pool'
    : `pool: ${pool.totalCount} connections, ${pool.idleCount} idle, ${pool.waitingCount} waiting`;
}

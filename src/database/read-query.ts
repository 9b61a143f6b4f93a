import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

interface PgPool {
  query(sql: string, params: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * A single read statement on the hot path (the JWT guard, session reads): on node-postgres it goes
 * straight to the pool, skipping TypeORM's per-query QueryRunner; on the embedded database (one
 * serialised session) it goes through TypeORM so it never interleaves with a running transaction.
 */
export async function readQuery<T>(dataSource: DataSource, sql: string, params: unknown[]): Promise<T[]> {
  const driver = dataSource.driver as PostgresDriver;
  const pool = driver.options.driver === undefined ? (driver.master as PgPool | undefined) : undefined;
  if (dataSource.isInitialized && pool) {
    return (await pool.query(sql, params)).rows as T[];
  }
  return (await dataSource.query(sql, params)) as T[];
}

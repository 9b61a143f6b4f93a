import { DataSource } from 'typeorm';
import { nodePostgresPool } from './node-postgres-pool';
import { returningRows } from './returning-rows';

/**
 * A statement with a name: node-postgres prepares it once per pooled connection and afterwards sends only
 * its parameters, so PostgreSQL skips parsing and rewriting and, once it settles on a generic plan, planning
 * (for the session read that was 0.27 ms of planning against 0.12 ms of execution). Names are unique per
 * text (node-postgres refuses one name with two texts); the text must not change at run time, and the
 * select list must be explicit (a cached plan cannot change its result type).
 */
export interface NamedStatement {
  name: string;
  text: string;
}

/**
 * One statement outside any transaction (it commits on its own), on the hot paths (the JWT guard's query,
 * session reads, appending a message): on node-postgres it goes straight to the pool, skipping TypeORM's
 * per-query QueryRunner, prepared when it is named; on the embedded database (one serialised session) it
 * goes through TypeORM so it never interleaves with a running transaction. Inside a transaction, use its
 * EntityManager (runInContext, database/transactions.ts, picks the one that applies).
 */
export async function runStatement<T>(
  dataSource: DataSource,
  statement: string | NamedStatement,
  params: unknown[],
): Promise<T[]> {
  const pool = nodePostgresPool(dataSource);
  const text = typeof statement === 'string' ? statement : statement.text;
  if (dataSource.isInitialized && pool) {
    const name = typeof statement === 'string' ? undefined : statement.name;
    return (await pool.query({ name, text, values: params })).rows as T[];
  }
  return returningRows<T>(await dataSource.query(text, params));
}

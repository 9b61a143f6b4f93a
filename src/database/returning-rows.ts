/**
 * Rows of an `UPDATE/DELETE … RETURNING` run through `manager.query`. TypeORM's postgres driver answers
 * `[rows, rowCount]` for UPDATE and DELETE on node-postgres, but plain `rows` on PGlite (whose results
 * carry no `command`): this reads both.
 */
export function returningRows<T>(result: unknown): T[] {
  if (!Array.isArray(result)) {
    return [];
  }
  return Array.isArray(result[0]) ? (result[0] as T[]) : (result as T[]);
}

import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { CursorPosition } from './cursor';

/**
 * Newest first on (sortColumn, idColumn), after the cursor's position, limit + 1 rows (so toPage knows
 * whether there is a next page). Keyset pagination: no OFFSET, an index on (…, sortColumn, idColumn) serves it.
 */
export function newestFirstPage<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  columns: { sort: string; id: string },
  limit: number,
  after?: CursorPosition,
): SelectQueryBuilder<T> {
  if (after) {
    query.andWhere(`(${columns.sort}, ${columns.id}) < (:keysetAt, :keysetId)`, {
      keysetAt: after.sortKey,
      keysetId: after.id,
    });
  }
  return query
    .orderBy(columns.sort, 'DESC')
    .addOrderBy(columns.id, 'DESC')
    .take(limit + 1);
}

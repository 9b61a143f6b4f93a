import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../http/api-error';
import { UUID_PATTERN } from '../validation/uuid';
import { parseTimestamp } from '../validation/timestamp';

/** Keyset position: the sort key (an ISO timestamp here) and the id that breaks ties. */
export interface CursorPosition {
  sortKey: string;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.sortKey, position.id])).toString('base64url');
}

/** Cursors carry `Date.toISOString()` of a stored row: exactly that form, a real instant, years 1–9999. */
function isOurTimestamp(value: string): boolean {
  const date = parseTimestamp(value);
  return date !== null && date.toISOString() === value;
}

/** Decodes an opaque cursor; anything that is not one of ours is a 400 INVALID_CURSOR. */
export function decodeCursor(cursor: string): CursorPosition {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === 'string' &&
      isOurTimestamp(parsed[0]) &&
      typeof parsed[1] === 'string' &&
      UUID_PATTERN.test(parsed[1])
    ) {
      return { sortKey: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through
  }
  throw new ApiError(HttpStatus.BAD_REQUEST, 'INVALID_CURSOR', 'Invalid cursor', [
    { field: 'cursor', message: 'is not a cursor returned by this list' },
  ]);
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

/** Builds a page from `limit + 1` rows fetched newest first. */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  position: (row: R) => CursorPosition,
  map: (row: R) => T,
): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return {
    items: pageRows.map(map),
    next_cursor: hasMore && last !== undefined ? encodeCursor(position(last)) : null,
  };
}

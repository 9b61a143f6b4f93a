import { ApiError } from '../http/api-error';
import { decodeCursor, encodeCursor, toPage } from './cursor';

describe('cursor', () => {
  const position = { sortKey: '2026-11-24T10:00:00.000Z', id: '8a6e0804-2bd0-4672-b79d-d97027f9071a' };

  it('round-trips a position', () => {
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it.each([
    '',
    'not-base64!',
    Buffer.from('{"a":1}').toString('base64url'),
    Buffer.from('["x","y"]').toString('base64url'),
  ])('refuses %p with INVALID_CURSOR', (cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(ApiError);
  });

  it('pages limit + 1 rows into items and a next cursor', () => {
    const rows = [1, 2, 3].map((n) => ({ n, at: `2026-11-2${n}T00:00:00.000Z`, id: position.id }));
    const page = toPage(
      rows,
      2,
      (r) => ({ sortKey: r.at, id: r.id }),
      (r) => r.n,
    );
    expect(page.items).toEqual([1, 2]);
    expect(decodeCursor(page.next_cursor ?? '')).toEqual({ sortKey: rows[1].at, id: position.id });
    expect(
      toPage(
        rows,
        3,
        (r) => ({ sortKey: r.at, id: r.id }),
        (r) => r.n,
      ).next_cursor,
    ).toBeNull();
  });
});

import { ApiError } from '../../common/http/api-error';
import { parsePeriod } from '../../common/validation/period';
import { rate, ratingsSummary } from './analytics.service';

describe('analytics helpers', () => {
  it('rates are 0..1 with 4 decimals, or null with nothing to divide by', () => {
    expect(rate(2, 3)).toBe(0.6667);
    expect(rate(0, 5)).toBe(0);
    expect(rate(0, 0)).toBeNull();
  });

  it('summarises rating counts', () => {
    expect(
      ratingsSummary([
        { rating: 5, count: 2 },
        { rating: 1, count: 1 },
      ]),
    ).toEqual({ count: 3, average: 3.6667, distribution: { '1': 1, '2': 0, '3': 0, '4': 0, '5': 2 } });
    expect(ratingsSummary([])).toEqual({
      count: 0,
      average: null,
      distribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 },
    });
  });

  it('reads bare dates as midnight UTC and refuses an empty period', () => {
    expect(parsePeriod({ from: '2026-11-01', to: '2026-11-02T12:00:00+02:00' })).toEqual({
      from: new Date('2026-11-01T00:00:00Z'),
      to: new Date('2026-11-02T10:00:00Z'),
    });
    expect(parsePeriod({})).toEqual({ from: null, to: null });
    expect(() => parsePeriod({ from: '2026-11-02', to: '2026-11-02' })).toThrow(ApiError);
  });
});

import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../http/api-error';
import { PeriodQueryDto } from './period-query.dto';
import { parseTimestamp } from './timestamp';

/** A time window; null ends are open. */
export interface Period {
  from: Date | null;
  to: Date | null;
}

/** ISO dates or date-times; a bare date is midnight UTC. `from` must come before `to`. */
export function parsePeriod(query: PeriodQueryDto): Period {
  const parse = (value: string | undefined): Date | null => (value === undefined ? null : parseTimestamp(value));
  const period = { from: parse(query.from), to: parse(query.to) };
  if (period.from && period.to && period.from >= period.to) {
    throw new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'Validation failed', [
      { field: 'to', message: 'must be after from' },
    ]);
  }
  return period;
}

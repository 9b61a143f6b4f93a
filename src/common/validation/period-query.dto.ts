import { IsOmittable } from './is-omittable';
import { IsTimestamp } from './timestamp';

/** `from` (inclusive) and `to` (exclusive), ISO 8601 dates or date-times, read in UTC. */
export class PeriodQueryDto {
  @IsOmittable()
  @IsTimestamp()
  from?: string;

  @IsOmittable()
  @IsTimestamp()
  to?: string;
}

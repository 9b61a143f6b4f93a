import { IsOmittable } from '../validation/is-omittable';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';

export const DEFAULT_LIST_LIMIT = 50;
export const MAX_LIST_LIMIT = 200;

/** `?limit=&cursor=` for keyset-paginated lists (default 50, 1..200, else 400). */
export class ListQueryDto {
  /** Page size, 1 to 200. */
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LIST_LIMIT)
  limit: number = DEFAULT_LIST_LIMIT;

  /** Opaque cursor from the previous page's `next_cursor`. */
  @IsOmittable()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

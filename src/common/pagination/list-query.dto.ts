import { IsOmittable } from '../validation/is-omittable';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';

export const DEFAULT_LIST_LIMIT = 50;
export const MAX_LIST_LIMIT = 100;

/** `?limit=&cursor=` for keyset-paginated lists (API.md: default 50, 1..100, else 400). */
export class ListQueryDto {
  /** Page size, 1 to 100. */
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

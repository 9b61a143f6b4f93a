import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOmittable } from '../validation/is-omittable';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';

export const DEFAULT_LIST_LIMIT = 50;
export const MAX_LIST_LIMIT = 200;

/** `?limit=&cursor=` for keyset-paginated lists (default 50, 1..200, else 400). */
export class ListQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_LIST_LIMIT,
    default: DEFAULT_LIST_LIMIT,
    description: 'Page size',
  })
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

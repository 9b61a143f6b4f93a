import { HttpStatus, ParseUUIDPipe } from '@nestjs/common';
import { ApiError } from '../http/api-error';

/** A path id that is not a UUID is a 400 INVALID_ID (docs/api.md), before any lookup. */
export function ParseUuid(field: string): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () =>
      new ApiError(HttpStatus.BAD_REQUEST, 'INVALID_ID', `${field} must be a UUID`, [
        { field, message: 'must be a UUID' },
      ]),
  });
}

import { HttpStatus, ParseIntPipe } from '@nestjs/common';
import { ApiError } from '../../common/http/api-error';

/** `:index` of an image route: a whole number, else 400. */
export const ParseImageIndex = new ParseIntPipe({
  exceptionFactory: () =>
    new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'index must be a whole number', [
      { field: 'index', message: 'must be a whole number' },
    ]),
});

import { HttpStatus, PipeTransform } from '@nestjs/common';
import { ApiError } from '../http/api-error';

export const MAX_REFERENCE_LENGTH = 255;

/** A free-form path reference (decoded by the router): 1 to 255 characters, else a 400 INVALID_ID. */
export function ParseReference(field: string): PipeTransform<string, string> {
  return {
    transform(value: string): string {
      if (typeof value !== 'string' || value.length === 0 || [...value].length > MAX_REFERENCE_LENGTH) {
        throw new ApiError(HttpStatus.BAD_REQUEST, 'INVALID_ID', `${field} must be 1 to 255 characters`, [
          { field, message: 'must be 1 to 255 characters' },
        ]);
      }
      return value;
    },
  };
}

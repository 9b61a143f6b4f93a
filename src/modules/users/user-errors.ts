import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../../common/http/api-error';

export function usernameTaken(): ApiError {
  return new ApiError(HttpStatus.CONFLICT, 'USERNAME_TAKEN', 'An account with this username already exists', [
    { field: 'username', message: 'is already taken' },
  ]);
}

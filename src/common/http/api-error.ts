import { HttpException, HttpStatus } from '@nestjs/common';
import { ErrorCode } from './error-codes';

export interface FieldError {
  field: string;
  message: string;
}

/** Body of an HttpException that carries a stable error code (read by the global exception filter). */
export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  errors?: FieldError[];
}

/** The error envelope every error response carries (docs/api.md), whoever answers: the filter or the HTTP layer. */
export function errorEnvelope(error: ApiErrorBody, requestId: string) {
  return {
    status: 'error' as const,
    data: null,
    message: error.message,
    code: error.code,
    ...(error.errors ? { errors: error.errors } : {}),
    request_id: requestId,
  };
}

/** Throw from services: `throw new ApiError(404, 'SESSION_NOT_FOUND', 'Chat session not found')`. */
export class ApiError extends HttpException {
  constructor(status: HttpStatus, code: ErrorCode, message: string, errors?: FieldError[]) {
    super({ code, message, ...(errors ? { errors } : {}) } satisfies ApiErrorBody, status);
  }

  /** The stable error code (`SESSION_NOT_FOUND`, `VLM_BUSY`…). */
  get code(): ErrorCode {
    return (this.getResponse() as ApiErrorBody).code;
  }
}

export const DEFAULT_ERROR_CODES: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  410: 'GONE',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_ENTITY',
  429: 'RATE_LIMITED',
  500: 'INTERNAL_ERROR',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};

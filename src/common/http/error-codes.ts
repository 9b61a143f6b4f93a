/**
 * Every error code the API answers with: the one catalogue behind `ApiError`, the HTTP layer's own answers, the
 * `code` enum of the OpenAPI error schema and the table in docs/api.md (a unit test keeps the two in step). A code
 * is stable: clients and translations key on it; the message beside it is for people and may change.
 */
export interface ErrorCodeInfo {
  /** The HTTP status this code is always sent with. */
  status: number;
  /** What it means and what the client should do, for the spec and docs/api.md. */
  description: string;
  /** A message as the server writes it, for the spec's examples. */
  example: string;
}

export const ERROR_CODES = {
  // 400
  BAD_REQUEST: { status: 400, description: 'The request is not acceptable as sent', example: 'Bad request' },
  VALIDATION_FAILED: {
    status: 400,
    description: 'A field is missing or invalid; `errors` names each field and what is wrong',
    example: 'Validation failed',
  },
  MALFORMED_JSON: { status: 400, description: 'The body is not valid JSON', example: 'Request body is not valid JSON' },
  MALFORMED_REQUEST: {
    status: 400,
    description: 'The HTTP request itself is malformed',
    example: 'Malformed HTTP request',
  },
  BAD_URL: {
    status: 400,
    description: 'The URL is not valid (bad percent-encoding)',
    example: 'The URL is not valid (bad percent-encoding)',
  },
  JSON_TOO_DEEP: {
    status: 400,
    description: 'The JSON body nests deeper than 32 levels',
    example: 'Request body nests arrays and objects deeper than 32 levels',
  },
  INVALID_UTF8: { status: 400, description: 'The body is not valid UTF-8', example: 'Request body is not valid UTF-8' },
  INVALID_ID: {
    status: 400,
    description: 'A path id is not a UUID (or a reference is empty or longer than 255 characters)',
    example: 'session_id must be a UUID',
  },
  INVALID_CURSOR: {
    status: 400,
    description: 'The `cursor` was not issued by this list (tampered, or from another list)',
    example: 'Invalid cursor',
  },
  INVALID_IMAGE: {
    status: 400,
    description: 'An image is not a JPEG, PNG, WebP or GIF that can be decoded',
    example: 'Image 0 is not a JPEG, PNG, WebP or GIF image',
  },
  IMAGE_TOO_COMPLEX: {
    status: 400,
    description: 'An image has too many frames or takes too long to decode',
    example: 'Image 0 has too many frames',
  },
  TOO_MANY_IMAGES: {
    status: 400,
    description: 'More than 10 images in one message',
    example: 'At most 10 images per message',
  },
  INVALID_PASSWORD: {
    status: 400,
    description: 'The current password given to confirm a change is wrong',
    example: 'The password is not correct',
  },
  NOT_A_TECHNICIAN: {
    status: 400,
    description: 'The user a session is dispatched to is not an active technician',
    example: 'technician_id must be an active technician',
  },
  INVALID_IDEMPOTENCY_KEY: {
    status: 400,
    description: 'The Idempotency-Key header is empty or longer than 255 characters',
    example: 'Idempotency-Key must be 1-255 visible ASCII characters',
  },
  // 401
  UNAUTHORIZED: {
    status: 401,
    description: 'No bearer token, or one that is not valid: log in',
    example: 'Invalid access token',
  },
  TOKEN_EXPIRED: { status: 401, description: 'The access token expired: refresh it', example: 'Access token expired' },
  SESSION_REVOKED: {
    status: 401,
    description: 'The login session was ended (logout, password change): log in again',
    example: 'This login has ended; log in again',
  },
  ACCOUNT_DISABLED: { status: 401, description: 'The account is disabled', example: 'This account is deactivated' },
  INVALID_CREDENTIALS: {
    status: 401,
    description: 'The email (or username) and password do not match an account',
    example: 'Incorrect email or password',
  },
  INVALID_REFRESH_TOKEN: {
    status: 401,
    description: 'The refresh token is unknown, expired or revoked: log in again',
    example: 'Invalid or expired refresh token',
  },
  REFRESH_TOKEN_REUSED: {
    status: 401,
    description: 'A refresh token was used twice: the whole login session is revoked',
    example: 'Refresh token already used; log in again',
  },
  // 403
  FORBIDDEN: {
    status: 403,
    description: "The caller's role may not call this route",
    example: 'You are not allowed to do this',
  },
  // 404
  NOT_FOUND: { status: 404, description: 'Not found', example: 'Not found' },
  ROUTE_NOT_FOUND: { status: 404, description: 'No such route', example: 'No route GET /api/nothing' },
  SESSION_NOT_FOUND: {
    status: 404,
    description: "No such chat session of the caller's (another user's answers the same)",
    example: 'Chat session not found',
  },
  MESSAGE_NOT_FOUND: { status: 404, description: 'No such message in the session', example: 'Message not found' },
  IMAGE_NOT_FOUND: { status: 404, description: 'No image at that index of the message', example: 'Image not found' },
  FEEDBACK_NOT_FOUND: { status: 404, description: "No such feedback of the caller's", example: 'Feedback not found' },
  ASSIGNMENT_NOT_FOUND: {
    status: 404,
    description: 'The session is not dispatched to the calling technician',
    example: 'This session is not dispatched to you',
  },
  USER_NOT_FOUND: { status: 404, description: 'No such user', example: 'User not found' },
  // 405–408
  METHOD_NOT_ALLOWED: { status: 405, description: 'The method is not allowed here', example: 'Method not allowed' },
  NOT_ACCEPTABLE: { status: 406, description: 'No acceptable representation', example: 'Not acceptable' },
  REQUEST_TIMEOUT: {
    status: 408,
    description: 'The request took too long to arrive (HTTP_REQUEST_TIMEOUT_MS, HTTP_HEADERS_TIMEOUT_MS)',
    example: 'The request took too long to arrive',
  },
  // 409
  CONFLICT: { status: 409, description: 'The request conflicts with the current state', example: 'Conflict' },
  EMAIL_TAKEN: {
    status: 409,
    description: 'An account with this email exists',
    example: 'An account with this email already exists',
  },
  USERNAME_TAKEN: {
    status: 409,
    description: 'An account with this username exists',
    example: 'An account with this username already exists',
  },
  SESSION_KEY_TAKEN: {
    status: 409,
    description: 'The caller already has a session with this session_key',
    example: 'You already have a session with this session_key',
  },
  IDEMPOTENCY_IN_PROGRESS: {
    status: 409,
    description: 'A request with this Idempotency-Key is still being processed: retry after it',
    example: 'A request with this Idempotency-Key is in progress',
  },
  WRITE_CONFLICT: {
    status: 409,
    description: 'A concurrent request changed or deleted what this one writes to: read again and retry',
    example: 'What this request writes to changed meanwhile (deleted or being changed): reload and retry',
  },
  LAST_ADMIN: {
    status: 409,
    description: 'The change would leave no active admin',
    example: 'The last active admin cannot be demoted, deactivated or deleted',
  },
  GONE: { status: 410, description: 'Gone', example: 'Gone' },
  // 413–415
  PAYLOAD_TOO_LARGE: {
    status: 413,
    description: 'The body is larger than BODY_LIMIT_BYTES (UPLOAD_BODY_LIMIT_BYTES on routes that take images)',
    example: 'Request body is too large',
  },
  IMAGE_TOO_LARGE: {
    status: 413,
    description: 'An image is over the byte or pixel limit',
    example: 'Image 0 is over 10 MB',
  },
  SESSION_TOO_LARGE: {
    status: 413,
    description: 'The session would store more than SESSION_MAX_BYTES: start a new session',
    example: 'This session has reached its storage limit (200 MiB): start a new session',
  },
  URI_TOO_LONG: { status: 414, description: 'A path parameter is too long', example: 'A path parameter is too long' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    description: 'The body is not application/json (the OAuth2 token route takes a form)',
    example: 'Send the body as application/json',
  },
  // 422
  UNPROCESSABLE_ENTITY: { status: 422, description: 'Unprocessable', example: 'Unprocessable entity' },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    description: 'The Idempotency-Key was used with a different request body',
    example: 'This Idempotency-Key was used with a different request body',
  },
  // 429, 431
  RATE_LIMITED: {
    status: 429,
    description: 'Too many requests: wait Retry-After seconds',
    example: 'Too many requests, retry later',
  },
  TOO_MANY_CONNECTIONS: {
    status: 429,
    description: 'Too many open connections from one address (HTTP_MAX_CONNECTIONS_PER_IP)',
    example: 'Too many open connections from your address: close some and retry',
  },
  TOO_MANY_CONCURRENT_REQUESTS: {
    status: 429,
    description: "The user's concurrent requests of this kind are at their cap: wait Retry-After seconds",
    example: 'At most 2 of your assistant and analyze requests run at once: wait for one to finish',
  },
  VLM_USER_QUEUE_FULL: {
    status: 429,
    description: "The user's photos already waiting for the model are at VLM_USER_QUEUE_LIMIT",
    example: 'You already have 4 readings waiting: wait for them to finish',
  },
  HEADERS_TOO_LARGE: {
    status: 431,
    description: 'The request line or headers are too large',
    example: 'Request line or headers are too large',
  },
  // 5xx
  INTERNAL_ERROR: {
    status: 500,
    description: 'Unexpected: logged with the request id; retrying may help',
    example: 'Internal server error',
  },
  DECRYPTION_FAILED: {
    status: 500,
    description: 'Stored data could not be decrypted with the configured keys (an operations problem)',
    example: 'This image cannot be decrypted',
  },
  BAD_GATEWAY: { status: 502, description: 'Bad gateway', example: 'Bad gateway' },
  SERVICE_UNAVAILABLE: {
    status: 503,
    description: 'Temporarily unavailable: retry after Retry-After',
    example: 'Service unavailable',
  },
  DATABASE_UNAVAILABLE: {
    status: 503,
    description: 'The database is unreachable or timed out: retry after Retry-After',
    example: 'The database is unavailable, retry later',
  },
  MIGRATIONS_PENDING: {
    status: 503,
    description: 'The database is not migrated: operations must run `npm run migration:run`',
    example: 'The database schema is not up to date: an operator must run `npm run migration:run`',
  },
  NOT_READY: {
    status: 503,
    description: 'Readiness: the server is warming up, draining or cannot reach a dependency',
    example: 'Not ready (model: loading)',
  },
  VLM_BUSY: {
    status: 503,
    description: 'The model queue is full: retry after Retry-After',
    example: 'The assistant is busy, retry shortly',
  },
  VLM_NOT_READY: {
    status: 503,
    description: 'The model is still loading',
    example: 'The model is still loading, retry shortly',
  },
  VLM_TIMEOUT: {
    status: 503,
    description: 'Reading the photos took longer than VLM_TIMEOUT_MS',
    example: 'Reading the images took too long, retry shortly',
  },
  VLM_UNAVAILABLE: {
    status: 503,
    description: 'The model worker failed: retry after Retry-After',
    example: 'The assistant could not read the images, retry shortly',
  },
  GATEWAY_TIMEOUT: { status: 504, description: 'Gateway timeout', example: 'Gateway timeout' },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;

export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, value);
}

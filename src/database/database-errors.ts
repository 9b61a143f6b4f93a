import { CannotExecuteNotConnectedError, EntityMetadataNotFoundError, QueryFailedError } from 'typeorm';

const UNAVAILABLE_SQLSTATE_PREFIXES = ['08']; // connection_exception class
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovering)
  '53300', // too_many_connections
  '57014', // query_canceled: statement_timeout fired
  '25P03', // idle_in_transaction_session_timeout
]);
const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);
const UNAVAILABLE_MESSAGES = [
  /timeout exceeded when trying to connect/i,
  /connection terminated/i,
  /query read timeout/i,
  /client has encountered a connection error/i,
  /connection is not open|not queryable/i,
];

function codeOf(error: unknown): string | undefined {
  const candidate = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = candidate?.driverError?.code ?? candidate?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * True when an error means "the database cannot serve right now" (down, restarting, unreachable,
 * saturated or too slow) rather than a bug: such requests answer 503 with Retry-After.
 */
export function isDatabaseUnavailableError(error: unknown): boolean {
  if (error instanceof CannotExecuteNotConnectedError) {
    return true;
  }
  if (error instanceof EntityMetadataNotFoundError) {
    // Metadata is built when the data source connects: before that, the database is not there yet.
    return true;
  }
  // Duck-typed: errors raised by node's net module may come from another realm (e.g. under jest).
  if (typeof error !== 'object' || error === null || typeof (error as { message?: unknown }).message !== 'string') {
    return false;
  }
  const code = codeOf(error);
  if (code !== undefined) {
    if (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_NODE_CODES.has(code)) {
      return true;
    }
    if (UNAVAILABLE_SQLSTATE_PREFIXES.some((prefix) => code.startsWith(prefix)) && code.length === 5) {
      return true;
    }
  }
  const message =
    error instanceof QueryFailedError
      ? String((error.driverError as { message?: string } | undefined)?.message ?? error.message)
      : (error as { message: string }).message;
  return UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message));
}

/** A unique constraint refused the write (23505): a conflict the caller turns into a 409. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string } | undefined)?.code === '23505';
}

/** A foreign key refused the write (23503): what it refers to was deleted meanwhile. */
export function isForeignKeyViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && codeOf(error) === '23503';
}

/**
 * PostgreSQL ended the transaction to resolve a conflict with another one (deadlock_detected 40P01,
 * serialization_failure 40001): nothing was written; the client may retry.
 */
export function isTransactionConflict(error: unknown): boolean {
  const code = codeOf(error);
  return error instanceof QueryFailedError && (code === '40P01' || code === '40001');
}

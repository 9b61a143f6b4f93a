import { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { ApiErrorBody, errorEnvelope } from './api-error';
import { ErrorCode } from './error-codes';
import { STATUS_CODES } from 'node:http';
import { Socket } from 'node:net';
import { DEFAULT_CACHE_CONTROL, SECURITY_HEADERS } from './security-headers';

const RAW_HEADER_LINES = Object.entries({ ...SECURITY_HEADERS, 'cache-control': DEFAULT_CACHE_CONTROL })
  .map(([name, value]) => `${name}: ${value}\r\n`)
  .join('');

/** An answer the HTTP layer writes itself, before any route runs. */
interface LayerError {
  status: number;
  code: ErrorCode;
  message: string;
}

const CLIENT_ERRORS: Record<string, LayerError> = {
  HPE_HEADER_OVERFLOW: { status: 431, code: 'HEADERS_TOO_LARGE', message: 'Request line or headers are too large' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'REQUEST_TIMEOUT', message: 'The request took too long to arrive' },
};
const MALFORMED: LayerError = { status: 400, code: 'MALFORMED_REQUEST', message: 'Malformed HTTP request' };

/**
 * Node's HTTP parser refuses some requests before any route runs (a URL or headers over 16 KB, a
 * malformed request line, a request that arrives too slowly). Fastify answers those with its own JSON;
 * this answers them in the envelope like every other error, then closes the connection.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const { status, code, message } = CLIENT_ERRORS[error.code ?? ''] ?? MALFORMED;
  endWithError(socket, status, { code, message });
}

/**
 * Writes an enveloped error straight to a socket no request was parsed from (or will be), with the security
 * headers and `no-store`, then closes it.
 */
export function endWithError(socket: Socket, status: number, error: ApiErrorBody, retryAfterSeconds?: number): void {
  const requestId = randomUUID();
  const body = JSON.stringify(errorEnvelope(error, requestId));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      (retryAfterSeconds === undefined ? '' : `Retry-After: ${retryAfterSeconds}\r\n`) +
      `X-Request-Id: ${requestId}\r\n${RAW_HEADER_LINES}Connection: close\r\n\r\n${body}`,
  );
}

/** Answers a request from a hook (before any route runs) with an enveloped error. */
export function replyWithError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  error: ApiErrorBody,
  retryAfterSeconds?: number,
): void {
  if (retryAfterSeconds !== undefined) {
    void reply.header('retry-after', String(retryAfterSeconds));
  }
  void reply
    .code(status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(errorEnvelope(error, request.id));
}

const FRAMEWORK_ERRORS: Record<string, LayerError> = {
  FST_ERR_BAD_URL: { status: 400, code: 'BAD_URL', message: 'The URL is not valid (bad percent-encoding)' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'URI_TOO_LONG', message: 'A path parameter is too long' },
};

/**
 * Errors Fastify's router raises before a route is matched (a path with bad percent-encoding, a path
 * parameter over the router's limit): the envelope instead of Fastify's own JSON.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const { status, code, message } = FRAMEWORK_ERRORS[error.code] ?? MALFORMED;
  void reply
    .code(status)
    .headers(SECURITY_HEADERS)
    .header('X-Request-Id', request.id)
    .header('cache-control', DEFAULT_CACHE_CONTROL)
    .send(errorEnvelope({ message, code }, request.id));
}

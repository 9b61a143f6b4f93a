import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ThrottlerException } from '@nestjs/throttler';
import { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import {
  isDatabaseUnavailableError,
  isForeignKeyViolation,
  isTransactionConflict,
} from '../../database/database-errors';
import { describePool } from '../../database/node-postgres-pool';
import { ApiErrorBody, DEFAULT_ERROR_CODES, errorEnvelope, FieldError } from '../http/api-error';
import { ErrorCode, isErrorCode } from '../http/error-codes';

interface RenderedError {
  status: number;
  code: ErrorCode;
  message: string;
  errors?: FieldError[];
  retryAfterSeconds?: number;
}

/**
 * Fastify's body-parsing errors reach filters as HttpException(message, status) (Nest's
 * mapExternalException), so malformed JSON is recognised by fastify's fixed messages.
 */
const MALFORMED_JSON_MESSAGES = [/is not valid JSON/, /Body cannot be empty when content-type/i];

const DATABASE_RETRY_AFTER_SECONDS = 5;

function clientWentAway(request: FastifyRequest): boolean {
  const raw = request.raw;
  return raw.readableAborted || raw.aborted || raw.socket?.destroyed === true;
}

/**
 * Renders every error as the docs/api.md envelope `{status:"error", data:null, message, code, errors?}`
 * with the real HTTP status. Unexpected errors become a generic 500 that is logged with the request
 * id; nothing internal (stack, SQL, driver text) reaches the client.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ExceptionFilter');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    if (clientWentAway(request)) {
      // The client closed the connection (while its body was arriving, or before the answer): nobody to
      // answer, and nothing wrong on our side, whatever error the aborted read or write surfaced as.
      this.logger.log(
        `Client closed the connection before the response: ${request.method} ${request.url.split('?')[0]}`,
      );
      return;
    }
    const rendered = this.render(exception, request, reply);

    if (rendered.status >= 500 && rendered.code === 'INTERNAL_ERROR') {
      this.logger.error(
        { err: exception, req_id: request.id },
        `Unhandled error on ${request.method} ${request.routeOptions?.url ?? request.url}`,
      );
    } else if (rendered.code === 'DATABASE_UNAVAILABLE') {
      // The pool's counters tell an exhausted pool (every connection busy, requests waiting) from a database that
      // does not answer.
      this.logger.warn(
        `Database unavailable on ${request.method} ${request.routeOptions?.url ?? request.url.split('?')[0]}: ${
          (exception as Error).message
        } (${describePool(this.dataSource)})`,
      );
    }
    if (reply.sent) {
      return;
    }
    if (rendered.retryAfterSeconds !== undefined && !reply.hasHeader('retry-after')) {
      void reply.header('Retry-After', String(rendered.retryAfterSeconds));
    }
    void reply
      .status(rendered.status)
      .header('content-type', 'application/json; charset=utf-8')
      .send(errorEnvelope(rendered, request.id));
  }

  private render(exception: unknown, request: FastifyRequest, reply: FastifyReply): RenderedError {
    if (exception instanceof ThrottlerException) {
      return {
        status: 429,
        code: 'RATE_LIMITED',
        message: 'Too many requests, retry later',
        retryAfterSeconds: this.throttlerRetryAfter(reply),
      };
    }
    if (exception instanceof HttpException) {
      return this.renderHttpException(exception, request);
    }
    if (isDatabaseUnavailableError(exception)) {
      return {
        status: 503,
        code: 'DATABASE_UNAVAILABLE',
        message: 'The database is unavailable, retry later',
        retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
      };
    }
    if (isForeignKeyViolation(exception) || isTransactionConflict(exception)) {
      // A write raced another request (typically the DELETE of what it writes to); nothing was written.
      // The services lock in one order so this is rare; when it happens, it is the client's to retry.
      return {
        status: 409,
        code: 'WRITE_CONFLICT',
        message: 'What this request writes to changed meanwhile (deleted or being changed): reload and retry',
        retryAfterSeconds: 1,
      };
    }
    return { status: 500, code: 'INTERNAL_ERROR', message: 'Internal server error' };
  }

  /** ThrottlerGuard names its header per throttler (`Retry-After-auth-ip`); clients read `Retry-After`. */
  private throttlerRetryAfter(reply: FastifyReply): number {
    const waits = Object.entries(reply.getHeaders())
      .filter(([name]) => name.toLowerCase().startsWith('retry-after'))
      .map(([, value]) => Number(value))
      .filter((value) => Number.isFinite(value) && value > 0);
    return waits.length > 0 ? Math.ceil(Math.max(...waits)) : 60;
  }

  private renderHttpException(exception: HttpException, request: FastifyRequest): RenderedError {
    const status = exception.getStatus();
    const body = exception.getResponse();
    const fallbackCode = DEFAULT_ERROR_CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
    if (typeof body === 'object' && body !== null && isErrorCode((body as ApiErrorBody).code)) {
      const { code, message, errors } = body as ApiErrorBody;
      return { status, code, message, errors, retryAfterSeconds: status === 503 ? 5 : undefined };
    }
    if (
      status === HttpStatus.BAD_REQUEST &&
      MALFORMED_JSON_MESSAGES.some((pattern) => pattern.test(exception.message))
    ) {
      return { status, code: 'MALFORMED_JSON', message: 'Request body is not valid JSON' };
    }
    if (status === HttpStatus.NOT_FOUND && /^Cannot [A-Z]+ /.test(exception.message)) {
      return { status, code: 'ROUTE_NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]}` };
    }
    const raw = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : body;
    const message = Array.isArray(raw) ? raw.join('; ') : typeof raw === 'string' ? raw : exception.message;
    return {
      status,
      code: fallbackCode,
      message: status >= 500 ? 'Internal server error' : message,
      retryAfterSeconds: status === 503 ? 5 : undefined,
    };
  }
}

import { Module, RequestMethod } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { Options as PinoHttpOptions } from 'pino-http';
import { appConfig } from '../../config/configuration';
import { loggerOptions, prettyDestination } from '../../config/logger-options';

/** Never logged: credentials in headers, and request/response bodies (passwords, tokens, message content). */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
];

/**
 * A response's log level: 503 answers are expected states (warming up, draining, database down or not migrated,
 * queue full) and warn; other 5xx and errors are errors; 4xx warn; the rest info.
 */
export function responseLogLevel(status: number, error?: Error): 'info' | 'warn' | 'error' {
  if (status === 503) {
    return 'warn';
  }
  return error || status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
}

/**
 * Structured logs with nestjs-pino (format and level from loggerOptions, shared with the worker and the CLIs):
 * JSON in production, readable lines in development; every line of a
 * request carries its id (the same value as the X-Request-Id response header).
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [appConfig.KEY],
      useFactory: (config: ConfigType<typeof appConfig>) => {
        const options: PinoHttpOptions = {
          ...loggerOptions(config.logLevel),
          redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
          genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id?: string }).id ?? 'unknown',
          customLogLevel: (_req, res, error) => responseLogLevel(res.statusCode, error),
          // An expected state (503: warming up, draining, database down or unmigrated, queue full) is one
          // warning line: no synthetic error object, so no stack trace.
          customErrorObject: (_req, res, _error, value: Record<string, unknown>) =>
            res.statusCode === 503 ? { ...value, err: undefined } : value,
          serializers: {
            req: (req: { id: string; method: string; url: string; remoteAddress?: string }) => ({
              id: req.id,
              method: req.method,
              url: req.url,
              remote_address: req.remoteAddress,
            }),
            res: (res: { statusCode: number }) => ({ status_code: res.statusCode }),
          },
        };
        return {
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          // Production: JSON lines on stdout (pino's own destination); otherwise readable lines (prettyDestination).
          pinoHttp: config.isProduction ? options : [options, prettyDestination(1)],
        };
      },
    }),
  ],
})
export class LoggingModule {}

import compress from '@fastify/compress';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyInstance } from 'fastify';
import { Logger } from 'nestjs-pino';
import { answerClientError, answerFrameworkError } from './common/http/client-error';
import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { constants as zlib } from 'node:zlib';
import { AppModule } from './app.module';
import { ConfigType } from '@nestjs/config';
import { AppConfig, limitsConfig, settingsFor } from './config/configuration';
import { installUserConcurrency } from './common/http/user-concurrency';
import { TokenService } from './modules/auth/token.service';
import { fillDevelopmentSecrets } from './config/dev-secrets';
import { setupSwagger } from './common/openapi/openapi';
import { ShutdownState } from './common/lifecycle/shutdown-state';
import { installUploadBodyLimit } from './common/http/upload-limit';
import { installSecurityHeaders } from './common/http/security-headers';
import { installRequestBodyRules } from './common/http/request-body';
import { installConnectionLimits } from './common/http/connection-limits';
import { installMigrationsGate } from './common/http/migrations-gate';
import { DatabaseConnector } from './database/database-connector.service';

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,100}$/;

/** Reuses a caller's X-Request-Id when it is sane, else makes one. */
export function requestIdFor(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID();
}

export interface CreateAppOptions {
  /** Skip Swagger UI registration (the OpenAPI generator builds the document itself). */
  swagger?: boolean;
}

/**
 * Builds the configured application: used by main.ts, the OpenAPI generator and the e2e tests, so
 * tests exercise the same adapter options, plugins, pipes, filters and interceptors as production.
 * Throws EnvError (one line per bad variable) when the environment is invalid.
 */
export async function createApp(options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  fillDevelopmentSecrets(process.env);
  // Parsed once here (the adapter needs it before the app exists); the app's ConfigModule reads the same result.
  const settings = settingsFor(process.env);
  const config = settings.app;

  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    genReqId: requestIdFor,
    requestIdHeader: false,
    // A path parameter may be a legacy session reference: 255 characters, each up to 12 once URL-encoded.
    routerOptions: { maxParamLength: 255 * 12 },
    logger: false,
    clientErrorHandler: answerClientError,
    frameworkErrors: answerFrameworkError,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(settings.vlm), adapter, {
    bufferLogs: true,
    abortOnError: false,
    // Body parsers are ours (common/http/request-body): JSON and, on flagged routes, forms, checked for
    // UTF-8 and nesting depth.
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  await configureApp(app, config, options);
  return app;
}

async function configureApp(app: NestFastifyApplication, config: AppConfig, options: CreateAppOptions): Promise<void> {
  app.setGlobalPrefix('api');
  const fastify = app.getHttpAdapter().getInstance();
  const shutdown = app.get(ShutdownState);
  installUploadBodyLimit(fastify, config.uploadBodyLimitBytes);
  installConnectionLimits(app.getHttpServer(), {
    requestTimeoutMs: config.httpRequestTimeoutMs,
    headersTimeoutMs: config.httpHeadersTimeoutMs,
    keepAliveTimeoutMs: config.httpKeepAliveTimeoutMs,
    maxConnections: config.httpMaxConnections,
    maxConnectionsPerIp: config.httpMaxConnectionsPerIp,
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('X-Request-Id', request.id);
    done();
  });
  // While draining, ask clients to drop keep-alive connections, so closing does not wait for them.
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (shutdown.draining) {
      void reply.header('Connection', 'close');
    }
    done(null, payload);
  });

  installSecurityHeaders(fastify);
  installRequestBodyRules(fastify);
  const connector = app.get(DatabaseConnector);
  installMigrationsGate(fastify, () => connector.migrationsPending);
  const limits = app.get<ConfigType<typeof limitsConfig>>(limitsConfig.KEY);
  const tokens = app.get(TokenService);
  installUserConcurrency(fastify, {
    limits: {
      inference: limits.userMaxConcurrentInference,
      upload: limits.userMaxConcurrentUploads,
      read: limits.userMaxConcurrentReads,
    },
    identify: (authorization) => tokens.subjectOf(authorization),
  });
  await app.register(compress, {
    threshold: 1024,
    encodings: ['br', 'gzip', 'deflate'],
    // Quality 11 (zlib's default) costs far more CPU than it saves bytes for JSON on the fly.
    brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } },
  });
  acceptEmptyJsonBodies(fastify);
  app.enableCors({
    origin: config.corsOrigins.length > 0 ? config.corsOrigins : false,
    credentials: true,
    // Every method our routes use, and the headers clients send (the default allows only GET, HEAD, POST).
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Accept', 'Accept-Language', 'If-None-Match'],
    exposedHeaders: ['X-Request-Id', 'Retry-After', 'ETag'],
    maxAge: 600,
  });
  if (options.swagger !== false) {
    setupSwagger(app);
  }
}

/**
 * A request with `Content-Type: application/json` and no body (browsers and axios send DELETE and logout
 * so) reads as a request without a body instead of Fastify's 400 for an empty JSON body: the content type
 * of a request that declares no content is dropped before parsing.
 */
function acceptEmptyJsonBodies(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const { headers } = request;
    if (
      headers['content-length'] === '0' ||
      (headers['content-length'] === undefined && headers['transfer-encoding'] === undefined)
    ) {
      if (typeof headers['content-type'] === 'string' && /^application\/json\b/i.test(headers['content-type'])) {
        delete headers['content-type'];
      }
    }
    done();
  });
}

import { LoggerService } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import supertest from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { createApp } from '../../src/app.factory';
import { DatabaseConnector } from '../../src/database/database-connector.service';
import { VlmModelHost } from '../../src/modules/vlm/vlm-model.host';
import { createTestDatabase } from './test-database';

export interface TestApp {
  app: NestFastifyApplication;
  http: TestAgent;
  databaseUrl?: string;
  /**
   * The app's last warnings and errors (LOG_LEVEL is silent in tests): what the server said when a request
   * answered an unexpected 5xx, for the failure message.
   */
  serverLog: () => string[];
  close: () => Promise<void>;
}

const SERVER_LOG_LINES = 20;

/** The app's logger, unchanged, keeping its last warnings and errors (whatever the log level lets through). */
class RecordingLogger implements LoggerService {
  readonly lines: string[] = [];

  constructor(private readonly inner: LoggerService) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.inner.log(message, ...rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.record('warn', message, rest);
    this.inner.warn(message, ...rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.record('error', message, rest);
    this.inner.error(message, ...rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.record('fatal', message, rest);
    this.inner.fatal?.(message, ...rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.inner.debug?.(message, ...rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.inner.verbose?.(message, ...rest);
  }

  private record(level: string, message: unknown, rest: unknown[]): void {
    // Nest's Logger appends the context (a string) to the arguments it was given.
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    const args = [message, ...(context === undefined ? rest : rest.slice(0, -1))].filter((arg) => arg !== undefined);
    const text = args
      .map((arg) =>
        typeof arg === 'string'
          ? arg
          : arg instanceof Error
            ? (arg.stack ?? arg.message)
            : JSON.stringify(arg, (_key, value: unknown) =>
                value instanceof Error ? (value.stack ?? value.message) : value,
              ),
      )
      .join(' ');
    this.lines.push(`${level}${context === undefined ? '' : ` [${context}]`}: ${text}`);
    this.lines.splice(0, Math.max(0, this.lines.length - SERVER_LOG_LINES));
  }
}

export interface BootOptions {
  /** Extra environment for this app (set before it is created). */
  env?: Record<string, string | undefined>;
  /** Use this DATABASE_URL instead of a fresh clone of the template; `null` means the embedded default. */
  databaseUrl?: string | null;
  /** Wait until the data source is connected (default true). */
  waitForDatabase?: boolean;
  /**
   * This suite reads photos: load the Vlm model at start and wait until it is warmed up. Default false: the app
   * runs with VLM_PRELOAD=false, so a suite that reads no photo never loads the model (one that sends a photo
   * anyway waits for the load on that request).
   */
  waitForModel?: boolean;
}

/**
 * What no response may ever carry. Every e2e app scans every JSON body it sends (errors included) and
 * fails its test file on close if one leaked.
 */
export const LEAK_PATTERNS: { name: string; pattern: RegExp }[] = [
  { name: 'password hash', pattern: /\$argon2(?:id|i|d)\$|\$2[aby]\$\d\d\$/ },
  // A whole JSON string that is a token (base64 images may contain "gAAAAA..." runs of their own).
  { name: 'Fernet token', pattern: /"gAAAAA[A-Za-z0-9_-]{60,}={0,2}"/ },
  { name: 'refresh token hash', pattern: /\b[0-9a-f]{64}\b/ },
  { name: 'stack trace', pattern: /\n\s+at [^\n]+:\d+:\d+/ },
];

/** Boots the real application (same factory as main.ts) on its own database. */
export async function bootTestApp(options: BootOptions = {}): Promise<TestApp> {
  const database = options.databaseUrl === undefined ? await createTestDatabase() : undefined;
  const databaseUrl = options.databaseUrl === undefined ? database?.url : (options.databaseUrl ?? undefined);
  const env: Record<string, string | undefined> = {
    VLM_PRELOAD: options.waitForModel === true ? 'true' : 'false',
    ...options.env,
    DATABASE_URL: databaseUrl,
  };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) {
      delete process.env[key];
    } else {
      process.env[key] = value;
    }
  }
  const app = await createApp();
  const serverLog = new RecordingLogger(app.get(Logger));
  app.useLogger(serverLog);
  const leaks: string[] = [];
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('preSerialization', (request, _reply, payload, done) => {
      const body = JSON.stringify(payload);
      for (const { name, pattern } of LEAK_PATTERNS) {
        if (pattern.test(body)) {
          leaks.push(`${request.method} ${request.url}: ${name}`);
        }
      }
      done(null, payload);
    });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  if (options.waitForDatabase !== false) {
    await app.get(DatabaseConnector).whenConnected();
  }
  if (options.waitForModel === true) {
    await app.get(VlmModelHost).load();
  }
  return {
    app,
    http: supertest(app.getHttpServer()),
    databaseUrl,
    serverLog: () => [...serverLog.lines],
    close: async () => {
      await app.close();
      await database?.drop();
      if (leaks.length > 0) {
        throw new Error(`Responses leaked secrets:\n${leaks.join('\n')}`);
      }
    },
  };
}

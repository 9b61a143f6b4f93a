import pino, { DestinationStream, Logger, LoggerOptions } from 'pino';
import { LoggerService } from '@nestjs/common';
import pretty from 'pino-pretty';

/**
 * Nest's start-up listings (every module initialised, every route mapped: ~70 lines) are for someone debugging
 * the wiring, not for operators: they are logged at debug.
 */
export const LISTING_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

const INFO = 30;

const PRETTY_OPTIONS = { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' };

/**
 * The one log format of the API, the worker and the command-line tools' diagnostics: pino, JSON lines in
 * production, pino-pretty lines otherwise (`prettyDestination`), at LOG_LEVEL.
 */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    hooks: {
      logMethod(args, method, levelValue) {
        const first = args[0] as unknown;
        const context =
          typeof first === 'object' && first !== null ? (first as { context?: unknown }).context : undefined;
        if (levelValue === INFO && typeof context === 'string' && LISTING_CONTEXTS.has(context)) {
          return this.debug(...(args as [object, string]));
        }
        return method.apply(this, args);
      },
    },
  };
}

/**
 * Outside production, lines are made readable by pino-pretty in this thread, not as a pino transport: a transport
 * is a worker thread that nothing ends when a Nest app closes, so every app created in one process (the e2e suites
 * create dozens) would leave one behind.
 */
export function prettyDestination(fd: 1 | 2, sync = false): DestinationStream {
  return pretty({ ...PRETTY_OPTIONS, sync, destination: fd });
}

const processLoggers = new Map<string, Logger>();

/** A command-line tool's diagnostics (bad arguments, failures): the log format, on stderr. */
export function cliLogger(name: string): Logger {
  return processLogger(name, process.env, 2);
}

/**
 * A logger for what runs before the Nest app's logger exists or outside it (development-key warnings while the
 * configuration loads, a process that fails to start): the same format and the same LOG_LEVEL, read from the raw
 * environment (an invalid LOG_LEVEL counts as info; validation reports it). Synchronous, so a line written just
 * before the process exits is not lost.
 */
export function processLogger(
  name: string,
  env: Record<string, string | undefined> = process.env,
  /** 1: stdout (servers); 2: stderr (command-line tools, whose stdout is their report). */
  fd: 1 | 2 = 1,
): Logger {
  const raw = env.LOG_LEVEL?.trim().toLowerCase();
  const level = raw !== undefined && (raw === 'silent' || raw in pino.levels.values) ? raw : 'info';
  const production = env.NODE_ENV === 'production';
  const key = `${name}|${level}|${production}|${fd}`;
  let logger = processLoggers.get(key);
  if (logger === undefined) {
    logger = pino(
      loggerOptions(level),
      production ? pino.destination({ dest: fd, sync: true }) : prettyDestination(fd, true),
    ).child({ context: name });
    processLoggers.set(key, logger);
  }
  return logger;
}

/**
 * Nest's logger for a command-line tool's application context, in the tool's format on stderr. The tool reports
 * its own outcome, so Nest's progress lines and its own reports of the failure the tool is about to name (the
 * exception handler's, TypeORM's connection attempt) are at debug; warnings and other errors stay as they are.
 */
const RESTATED_FAILURES = new Set(['ExceptionHandler', 'TypeOrmModule']);

export function cliNestLogger(name: string): LoggerService {
  const log = cliLogger(name);
  const write =
    (level: 'error' | 'warn' | 'debug' | 'trace') =>
    (message: unknown, ...rest: unknown[]): void => {
      const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
      const text = message instanceof Error ? message.message : String(message);
      const at = level === 'error' && context !== undefined && RESTATED_FAILURES.has(context) ? 'debug' : level;
      log[at](context === undefined ? {} : { context }, text);
    };
  return {
    error: write('error'),
    fatal: write('error'),
    warn: write('warn'),
    log: write('debug'),
    debug: write('debug'),
    verbose: write('trace'),
  };
}

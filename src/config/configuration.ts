import { registerAs } from '@nestjs/config';
import { resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { ModelFiles, ModelFilesError, resolveModelFiles } from './model-files';
import { Env, EnvError, EnvReader, parseDurationSeconds } from './env-parsers';

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const JWT_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const;

export type NodeEnv = (typeof NODE_ENVS)[number];
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

export interface AppConfig {
  nodeEnv: NodeEnv;
  isProduction: boolean;
  port: number;
  host: string;
  logLevel: (typeof LOG_LEVELS)[number];
  dataDir: string;
  bodyLimitBytes: number;
  uploadBodyLimitBytes: number;
  corsOrigins: string[];
  rateLimitEnabled: boolean;
  /** Requests per minute one address may make to one route (the `default` throttler). */
  rateLimitPerMinute: number;
  shutdownDelayMs: number;
  shutdownGraceMs: number;
  /** The whole request (headers and body) must arrive within this; then 408 and the socket closes. */
  httpRequestTimeoutMs: number;
  /** The request line and headers must arrive within this. */
  httpHeadersTimeoutMs: number;
  /** An idle keep-alive connection closes after this. */
  httpKeepAliveTimeoutMs: number;
  /** Open connections in total, and per client address (0: no per-address cap); more are refused. */
  httpMaxConnections: number;
  httpMaxConnectionsPerIp: number;
  /** A second listener serving only GET /metrics (Prometheus text, no auth: bind it to a private network). */
  metricsPort: number | null;
  /** Shared store for rate limits across instances (unset: in-memory, per process). */
  redisUrl: string | null;
  redisKeyPrefix: string;
  /** How often expired idempotency keys and refresh tokens are deleted (0: never). */
  purgeIntervalMs: number;
}

export interface DatabaseConfig {
  /** Unset: the embedded PGlite database under `${dataDir}/pglite`. */
  url: string | undefined;
  embeddedDir: string;
  poolMax: number;
  connectTimeoutMs: number;
  queryTimeoutMs: number;
  statementTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
}

export interface AuthConfig {
  jwtSecretKey: string;
  jwtPreviousKeys: string[];
  jwtAlgorithm: JwtAlgorithm;
  jwtIssuer: string;
  jwtAudience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** How long a signed image URL (image_refs[].url) works without an Authorization header. */
  imageUrlTtlSeconds: number;
}

export interface CryptoConfig {
  encryptionKey: string;
  encryptionPreviousKeys: string[];
}

export interface VlmConfig {
  /** The model directory in use (VLM_MODEL_PATH, else the bundled PaddleOCR models). */
  model: ModelFiles;
  maxConcurrency: number;
  queueLimit: number;
  /** Readings one user may have waiting (local mode), or outstanding beyond one (queue mode). */
  userQueueLimit: number;
  timeoutMs: number;
  intraOpThreads: number;
  /** local: inference in this process's worker threads; queue: BullMQ jobs served by `npm run worker` processes. */
  mode: (typeof VLM_MODES)[number];
  /**
   * local mode: load the model at start, readiness waiting for it (true), or with the first photo, which then
   * waits for the load (false: a process that seldom reads photos, such as a test that reads none, starts faster).
   */
  preload: boolean;
}

export const VLM_MODES = ['local', 'queue'] as const;

/** What one request, one user or one session may cost (hostile-load issue): each a setting. */
export interface LimitsConfig {
  /** Pixels an image may decode to, all frames together (413 IMAGE_TOO_LARGE above it). */
  imageMaxTotalPixels: number;
  /** Frames an animated GIF or WebP may have (400 IMAGE_TOO_COMPLEX above it). */
  imageMaxFrames: number;
  /** Processing time per image (sharp's timeout, whole seconds; 400 IMAGE_TOO_COMPLEX past it). */
  imageProcessingTimeoutMs: number;
  /** Stored bytes (texts and images) a session may grow to: a message past it is a 413 SESSION_TOO_LARGE. */
  sessionMaxBytes: number;
  /** Image bytes GET session inlines as data URLs; past it, the remaining images are signed URLs. */
  readInlineImageBytes: number;
  /** Requests per user at once on the assistant and analyze routes together (429 beyond). */
  userMaxConcurrentInference: number;
  /** Message posts per user at once (429 beyond). */
  userMaxConcurrentUploads: number;
  /** Reads of one session (with its photos) per user at once (429 beyond). */
  userMaxConcurrentReads: number;
}

const MIB = 1024 * 1024;

/** Browser origins allowed by CORS: each exactly an origin (scheme, host, port), as browsers send it. */
function readCorsOrigins(reader: EnvReader): string[] {
  const origins = reader.list('CORS_ORIGINS');
  const bad = origins.find((entry) => {
    try {
      const url = new URL(entry);
      return !['http:', 'https:'].includes(url.protocol) || url.origin !== entry;
    } catch {
      return true;
    }
  });
  if (bad !== undefined) {
    return reader.fail(
      'CORS_ORIGINS',
      `must be comma-separated origins such as https://app.example.com (scheme and host, no path or trailing slash; got "${bad}")`,
      [],
    );
  }
  return origins;
}

export function readAppConfig(env: Env, reader = new EnvReader(env)): AppConfig {
  const nodeEnv = reader.oneOf('NODE_ENV', NODE_ENVS, 'development');
  const shutdownDelayMs = reader.durationMsNamedMs('SHUTDOWN_DELAY_MS', 5000);
  const shutdownGraceMs = reader.durationMsNamedMs('SHUTDOWN_GRACE_MS', 30000);
  if (shutdownGraceMs <= shutdownDelayMs) {
    reader.fail('SHUTDOWN_GRACE_MS', 'must be longer than SHUTDOWN_DELAY_MS', 0);
  }
  const port = reader.int('PORT', 3000, { min: 0, max: 65535 });
  const redisUrl = reader.raw('REDIS_URL') ?? null;
  if (redisUrl !== null && !/^rediss?:\/\/[^\s]+$/.test(redisUrl)) {
    reader.fail('REDIS_URL', 'must be a redis:// or rediss:// URL', null);
  }
  const metricsPort =
    reader.raw('METRICS_PORT') === undefined ? null : reader.int('METRICS_PORT', 0, { min: 1, max: 65535 });
  if (metricsPort !== null && metricsPort === port) {
    reader.fail('METRICS_PORT', 'must differ from PORT', 0);
  }
  const httpRequestTimeoutMs = reader.durationMsNamedMs('HTTP_REQUEST_TIMEOUT_MS', 60000);
  const httpHeadersTimeoutMs = reader.durationMsNamedMs('HTTP_HEADERS_TIMEOUT_MS', 10000);
  if (httpHeadersTimeoutMs > httpRequestTimeoutMs) {
    reader.fail('HTTP_HEADERS_TIMEOUT_MS', 'must not be longer than HTTP_REQUEST_TIMEOUT_MS', 0);
  }
  return {
    nodeEnv,
    isProduction: nodeEnv === 'production',
    port,
    httpRequestTimeoutMs,
    httpHeadersTimeoutMs,
    httpKeepAliveTimeoutMs: reader.durationMsNamedMs('HTTP_KEEP_ALIVE_TIMEOUT_MS', 5000),
    httpMaxConnections: reader.int('HTTP_MAX_CONNECTIONS', 4096, { min: 1, max: 1_000_000 }),
    httpMaxConnectionsPerIp: reader.int('HTTP_MAX_CONNECTIONS_PER_IP', 64, { min: 0, max: 1_000_000 }),
    host: reader.string('HOST', '0.0.0.0'),
    logLevel: reader.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    dataDir: resolve(reader.string('DATA_DIR', './data')),
    bodyLimitBytes: reader.int('BODY_LIMIT_BYTES', MIB, { min: 1024, max: 1024 * MIB }),
    uploadBodyLimitBytes: reader.int('UPLOAD_BODY_LIMIT_BYTES', 40 * MIB, { min: 1024, max: 1024 * MIB }),
    corsOrigins: readCorsOrigins(reader),
    rateLimitEnabled: reader.bool('RATE_LIMIT_ENABLED', true),
    rateLimitPerMinute: reader.int('RATE_LIMIT_PER_MINUTE', 300, { min: 1, max: 1_000_000 }),
    shutdownDelayMs,
    shutdownGraceMs,
    metricsPort,
    redisUrl,
    redisKeyPrefix: reader.string('REDIS_KEY_PREFIX', 'vlm:'),
    purgeIntervalMs: reader.durationMsNamedMs('PURGE_INTERVAL_MS', 10 * 60 * 1000),
  };
}

export function readDatabaseConfig(env: Env, reader = new EnvReader(env)): DatabaseConfig {
  const url = reader.raw('DATABASE_URL');
  if (url !== undefined && !isPostgresUrl(url)) {
    // Never echo the value: it may carry a password.
    reader.fail('DATABASE_URL', 'must be a postgres:// or postgresql:// URL', undefined);
  }
  return {
    url,
    embeddedDir: resolve(reader.string('DATA_DIR', './data'), 'pglite'),
    poolMax: reader.int('DB_POOL_MAX', 10, { min: 1, max: 1000 }),
    connectTimeoutMs: reader.durationMsNamedMs('DB_CONNECT_TIMEOUT_MS', 5000),
    queryTimeoutMs: reader.durationMsNamedMs('DB_QUERY_TIMEOUT_MS', 30000),
    statementTimeoutMs: reader.durationMsNamedMs('DB_STATEMENT_TIMEOUT_MS', 25000),
    idleInTransactionTimeoutMs: reader.durationMsNamedMs('DB_IDLE_TX_TIMEOUT_MS', 60000),
  };
}

export function readAuthConfig(env: Env, reader = new EnvReader(env)): AuthConfig {
  const isProduction = env.NODE_ENV === 'production';
  const jwtSecretKey = reader.raw('JWT_SECRET_KEY') ?? '';
  if (jwtSecretKey === '') {
    reader.fail('JWT_SECRET_KEY', 'is required', '');
  } else if (isProduction && Buffer.byteLength(jwtSecretKey) < 32) {
    reader.fail('JWT_SECRET_KEY', 'must be at least 32 bytes in production', '');
  }
  return {
    jwtSecretKey,
    jwtPreviousKeys: reader.list('JWT_SECRET_KEYS_PREVIOUS'),
    jwtAlgorithm: reader.oneOf('JWT_ALGORITHM', JWT_ALGORITHMS, 'HS256'),
    jwtIssuer: reader.string('JWT_ISSUER', 'appliance-vlm-platform'),
    jwtAudience: reader.string('JWT_AUDIENCE', 'appliance-vlm-clients'),
    accessTokenTtlSeconds: readTtl(reader, 'ACCESS_TOKEN_TTL', 15 * 60),
    refreshTokenTtlSeconds: readTtl(reader, 'REFRESH_TOKEN_TTL', 30 * 86400),
    imageUrlTtlSeconds: readTtl(reader, 'IMAGE_URL_TTL', 10 * 60),
  };
}

export function readCryptoConfig(env: Env, reader = new EnvReader(env)): CryptoConfig {
  const encryptionKey = reader.raw('ENCRYPTION_KEY') ?? '';
  if (encryptionKey === '') {
    reader.fail('ENCRYPTION_KEY', 'is required', '');
  } else if (!isFernetKey(encryptionKey)) {
    reader.fail('ENCRYPTION_KEY', 'must be a Fernet key: 32 bytes in URL-safe base64 (44 characters)', '');
  }
  const encryptionPreviousKeys = reader.list('ENCRYPTION_KEYS_PREVIOUS');
  if (encryptionPreviousKeys.some((key) => !isFernetKey(key))) {
    reader.fail('ENCRYPTION_KEYS_PREVIOUS', 'must be comma-separated Fernet keys', []);
  }
  return { encryptionKey, encryptionPreviousKeys };
}

export function readVlmConfig(env: Env, reader = new EnvReader(env)): VlmConfig {
  let model: ModelFiles | undefined;
  try {
    model = resolveModelFiles(reader.raw('VLM_MODEL_PATH'));
  } catch (error) {
    if (!(error instanceof ModelFilesError)) {
      throw error;
    }
    reader.fail('VLM_MODEL_PATH', error.message, undefined);
  }
  const mode = reader.oneOf('VLM_MODE', VLM_MODES, 'local');
  if (mode === 'queue' && reader.raw('REDIS_URL') === undefined) {
    reader.fail('VLM_MODE', 'queue needs REDIS_URL', 'local');
  }
  return {
    model: model ?? resolveModelFiles(undefined),
    maxConcurrency: reader.int('VLM_MAX_CONCURRENCY', 1, { min: 1, max: 64 }),
    queueLimit: reader.int('VLM_QUEUE_LIMIT', 16, { min: 0, max: 10000 }),
    userQueueLimit: reader.int('VLM_USER_QUEUE_LIMIT', 2, { min: 0, max: 10000 }),
    timeoutMs: reader.durationMsNamedMs('VLM_TIMEOUT_MS', 30000),
    intraOpThreads: reader.int('VLM_INTRA_OP_THREADS', Math.min(4, availableParallelism()), { min: 1, max: 64 }),
    mode,
    preload: reader.bool('VLM_PRELOAD', true),
  };
}

export function readLimitsConfig(env: Env, reader = new EnvReader(env)): LimitsConfig {
  return {
    imageMaxTotalPixels: reader.int('IMAGE_MAX_TOTAL_PIXELS', 50_000_000, { min: 1, max: 1_000_000_000 }),
    imageMaxFrames: reader.int('IMAGE_MAX_FRAMES', 16, { min: 1, max: 10_000 }),
    imageProcessingTimeoutMs: reader.durationMsNamedMs('IMAGE_PROCESSING_TIMEOUT_MS', 10_000),
    sessionMaxBytes: reader.int('SESSION_MAX_BYTES', 200 * MIB, { min: MIB, max: 1024 * 1024 * MIB }),
    readInlineImageBytes: reader.int('READ_INLINE_IMAGE_BYTES', 8 * MIB, { min: 0, max: 1024 * MIB }),
    userMaxConcurrentInference: reader.int('USER_MAX_CONCURRENT_INFERENCE', 2, { min: 1, max: 1000 }),
    userMaxConcurrentUploads: reader.int('USER_MAX_CONCURRENT_UPLOADS', 2, { min: 1, max: 1000 }),
    userMaxConcurrentReads: reader.int('USER_MAX_CONCURRENT_READS', 2, { min: 1, max: 1000 }),
  };
}

function readTtl(reader: EnvReader, name: string, fallbackSeconds: number): number {
  const raw = reader.raw(name);
  if (raw === undefined) {
    return fallbackSeconds;
  }
  try {
    return Math.max(1, Math.round(parseDurationSeconds(raw)));
  } catch (error) {
    return reader.fail(name, (error as Error).message, fallbackSeconds);
  }
}

export function isFernetKey(key: string): boolean {
  return /^[A-Za-z0-9_-]{43}=$/.test(key) && Buffer.from(key, 'base64url').length === 32;
}

function isPostgresUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'postgres:' || parsed.protocol === 'postgresql:';
  } catch {
    return false;
  }
}

/** The configuration's sections, each read by its own function (one ConfigModule namespace each). */
export type SectionName = keyof AllConfig;

const SECTION_READERS: { [K in SectionName]: (env: Env, reader: EnvReader) => AllConfig[K] } = {
  app: readAppConfig,
  database: readDatabaseConfig,
  auth: readAuthConfig,
  crypto: readCryptoConfig,
  vlm: readVlmConfig,
  limits: readLimitsConfig,
};

export const SECTION_NAMES = Object.keys(SECTION_READERS) as SectionName[];

/**
 * The configuration, parsed once per distinct environment: the sections asked for (all by default) with one
 * reader, so start-up reports all their bad variables together (EnvError, one line each). The app's and the
 * command-line tools' ConfigModule (which validates the sections it loads), the HTTP factory and the worker read
 * this one result; a section is parsed again only when the environment changed (the development keys filled in,
 * a test's own variables). A command-line tool asks only for the sections it uses.
 */
export function settingsFor<K extends SectionName = SectionName>(
  env: Env,
  sections: readonly K[] = SECTION_NAMES as K[],
): Pick<AllConfig, K> {
  const fingerprint = JSON.stringify(Object.entries(env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  if (parsed?.fingerprint !== fingerprint) {
    parsed = { fingerprint, settings: {} };
  }
  const missing = sections.filter((name) => !(name in parsed!.settings));
  if (missing.length > 0) {
    const reader = new EnvReader(env);
    const fresh: Partial<AllConfig> = {};
    for (const name of missing) {
      (fresh as Record<SectionName, unknown>)[name] = SECTION_READERS[name](env, reader);
    }
    reader.assertValid();
    Object.assign(parsed.settings, fresh);
  }
  return parsed.settings as Pick<AllConfig, K>;
}

let parsed: { fingerprint: string; settings: Partial<AllConfig> } | undefined;

/** Throws EnvError naming every bad variable of these sections (all by default); see settingsFor. */
export function validateEnvironment(env: Env, sections: readonly SectionName[] = SECTION_NAMES): void {
  settingsFor(env, sections);
}

export { EnvError };

export const appConfig = registerAs('app', () => settingsFor(process.env, ['app']).app);
export const databaseConfig = registerAs('database', () => settingsFor(process.env, ['database']).database);
export const authConfig = registerAs('auth', () => settingsFor(process.env, ['auth']).auth);
export const cryptoConfig = registerAs('crypto', () => settingsFor(process.env, ['crypto']).crypto);
export const vlmConfig = registerAs('vlm', () => settingsFor(process.env, ['vlm']).vlm);
export const limitsConfig = registerAs('limits', () => settingsFor(process.env, ['limits']).limits);

/** The ConfigModule namespace of each section. */
export const SECTION_CONFIGS = {
  app: appConfig,
  database: databaseConfig,
  auth: authConfig,
  crypto: cryptoConfig,
  vlm: vlmConfig,
  limits: limitsConfig,
};

export interface AllConfig {
  app: AppConfig;
  database: DatabaseConfig;
  auth: AuthConfig;
  crypto: CryptoConfig;
  vlm: VlmConfig;
  limits: LimitsConfig;
}

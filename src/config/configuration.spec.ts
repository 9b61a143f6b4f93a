import {
  isFernetKey,
  readAppConfig,
  readAuthConfig,
  readDatabaseConfig,
  settingsFor,
  validateEnvironment,
} from './configuration';
import { EnvError, EnvReader, parseDurationSeconds } from './env-parsers';

const VALID = {
  JWT_SECRET_KEY: 'a-development-secret',
  ENCRYPTION_KEY: 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=',
};

describe('parseDurationSeconds', () => {
  it.each([
    ['900', 900],
    ['15m', 900],
    ['30d', 2_592_000],
    ['12h', 43_200],
    ['45s', 45],
    ['500ms', 0.5],
  ])('reads %s as %d seconds', (raw, seconds) => {
    expect(parseDurationSeconds(raw)).toBe(seconds);
  });

  it.each(['', 'soon', '15 minutes', '-5', '0', '1w'])('rejects %p', (raw) => {
    expect(() => parseDurationSeconds(raw)).toThrow(EnvError);
  });
});

describe('EnvReader *_MS durations', () => {
  it('reads a bare number as milliseconds and a unit as that unit', () => {
    const reader = new EnvReader({ A_MS: '1500', B_MS: '2s', C_MS: 'later' });
    expect(reader.durationMsNamedMs('A_MS', 1)).toBe(1500);
    expect(reader.durationMsNamedMs('B_MS', 1)).toBe(2000);
    expect(reader.durationMsNamedMs('C_MS', 7)).toBe(7);
    expect(reader.problems).toEqual([expect.stringMatching(/^C_MS must be a duration/)]);
  });
});

describe('validateEnvironment', () => {
  it('accepts an environment with only the two secrets set, using the documented defaults', () => {
    expect(() => validateEnvironment(VALID)).not.toThrow();
    const app = readAppConfig(VALID);
    expect(app).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      host: '0.0.0.0',
      bodyLimitBytes: 1024 * 1024,
      uploadBodyLimitBytes: 40 * 1024 * 1024,
      rateLimitEnabled: true,
      corsOrigins: [],
    });
    expect(readDatabaseConfig(VALID).url).toBeUndefined();
    expect(readAuthConfig(VALID)).toMatchObject({ jwtAlgorithm: 'HS256', accessTokenTtlSeconds: 900 });
  });

  it('reports every bad variable, one line each, in a single error', () => {
    let message = '';
    try {
      validateEnvironment({ PORT: '70000', RATE_LIMIT_ENABLED: 'maybe', LOG_LEVEL: 'loud', CORS_ORIGINS: 'a,b' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n')).toEqual([
      'Invalid configuration: PORT must be a whole number from 0 to 65535 (got "70000")',
      'Invalid configuration: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
      'Invalid configuration: CORS_ORIGINS must be comma-separated origins such as https://app.example.com (scheme and host, no path or trailing slash; got "a")',
      'Invalid configuration: RATE_LIMIT_ENABLED must be true or false (got "maybe")',
      'Invalid configuration: JWT_SECRET_KEY is required',
      'Invalid configuration: ENCRYPTION_KEY is required',
    ]);
  });

  it('requires a 32-byte JWT secret in production and never echoes it', () => {
    expect(() => validateEnvironment({ ...VALID, NODE_ENV: 'production' })).toThrow(
      'JWT_SECRET_KEY must be at least 32 bytes in production',
    );
    try {
      validateEnvironment({ ...VALID, NODE_ENV: 'production' });
    } catch (error) {
      expect((error as Error).message).not.toContain(VALID.JWT_SECRET_KEY);
    }
  });

  it('refuses a grace period that is not longer than the drain delay', () => {
    expect(() => validateEnvironment({ ...VALID, SHUTDOWN_DELAY_MS: '5000', SHUTDOWN_GRACE_MS: '4s' })).toThrow(
      'SHUTDOWN_GRACE_MS must be longer than SHUTDOWN_DELAY_MS',
    );
  });

  it('reads the HTTP server limits with their defaults, headers no slower than the whole request', () => {
    expect(readAppConfig({ ...VALID })).toMatchObject({
      httpRequestTimeoutMs: 60000,
      httpHeadersTimeoutMs: 10000,
      httpKeepAliveTimeoutMs: 5000,
      httpMaxConnections: 4096,
      httpMaxConnectionsPerIp: 64,
    });
    expect(readAppConfig({ ...VALID, HTTP_MAX_CONNECTIONS_PER_IP: '0', HTTP_REQUEST_TIMEOUT_MS: '2m' })).toMatchObject({
      httpMaxConnectionsPerIp: 0,
      httpRequestTimeoutMs: 120000,
    });
    expect(() => validateEnvironment({ ...VALID, HTTP_HEADERS_TIMEOUT_MS: '90s' })).toThrow(
      'HTTP_HEADERS_TIMEOUT_MS must not be longer than HTTP_REQUEST_TIMEOUT_MS',
    );
    expect(() => validateEnvironment({ ...VALID, HTTP_MAX_CONNECTIONS: '0' })).toThrow(/HTTP_MAX_CONNECTIONS/);
  });

  it('reads METRICS_PORT as an optional port that must differ from PORT', () => {
    expect(readAppConfig({ ...VALID }).metricsPort).toBeNull();
    expect(readAppConfig({ ...VALID, METRICS_PORT: '9464' }).metricsPort).toBe(9464);
    expect(() => validateEnvironment({ ...VALID, METRICS_PORT: 'http' })).toThrow(/METRICS_PORT/);
    expect(() => validateEnvironment({ ...VALID, PORT: '9464', METRICS_PORT: '9464' })).toThrow(
      /METRICS_PORT.*must differ from PORT/,
    );
  });

  it('reads REDIS_URL as an optional redis:// URL, never echoing it', () => {
    expect(readAppConfig({ ...VALID }).redisUrl).toBeNull();
    expect(readAppConfig({ ...VALID, REDIS_URL: 'redis://cache:6379/2' })).toMatchObject({
      redisUrl: 'redis://cache:6379/2',
      redisKeyPrefix: 'vlm:',
    });
    expect(() => validateEnvironment({ ...VALID, REDIS_URL: 'http://user:s3cret@cache' })).toThrow(
      /REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/,
    );
    expect(() => validateEnvironment({ ...VALID, REDIS_URL: 'http://user:s3cret@cache' })).not.toThrow(/s3cret/);
  });

  it('accepts VLM_MODE=queue only with REDIS_URL', () => {
    expect(() => validateEnvironment({ ...VALID, VLM_MODE: 'queue' })).toThrow('VLM_MODE queue needs REDIS_URL');
    expect(() =>
      validateEnvironment({ ...VALID, VLM_MODE: 'queue', REDIS_URL: 'redis://127.0.0.1:6379' }),
    ).not.toThrow();
    expect(() => validateEnvironment({ ...VALID, VLM_MODE: 'remote' })).toThrow(/VLM_MODE must be one of local, queue/);
  });

  it('accepts only Fernet-shaped encryption keys', () => {
    expect(isFernetKey(VALID.ENCRYPTION_KEY)).toBe(true);
    expect(isFernetKey('too-short=')).toBe(false);
    expect(isFernetKey('cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4')).toBe(false); // unpadded
    expect(() => validateEnvironment({ ...VALID, ENCRYPTION_KEYS_PREVIOUS: `${VALID.ENCRYPTION_KEY},nope` })).toThrow(
      'ENCRYPTION_KEYS_PREVIOUS must be comma-separated Fernet keys',
    );
  });

  it('validates only the sections asked for (a command-line tool), and parses each once per environment', () => {
    const env = { ENCRYPTION_KEY: VALID.ENCRYPTION_KEY, DATABASE_URL: 'postgresql://db/app', PORT: 'x' };
    expect(() => validateEnvironment(env, ['database', 'crypto'])).not.toThrow();
    const first = settingsFor(env, ['database', 'crypto']);
    expect(first.database.url).toBe('postgresql://db/app');
    expect(settingsFor({ ...env }, ['crypto']).crypto).toBe(first.crypto); // same environment: not parsed again
    expect(() => validateEnvironment(env)).toThrow(/PORT[\s\S]*JWT_SECRET_KEY is required/);
    expect(settingsFor({ ...env, DATABASE_URL: 'postgresql://db/other' }, ['database']).database.url).toBe(
      'postgresql://db/other',
    );
  });
});

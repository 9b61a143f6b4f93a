import pino from 'pino';
import { Writable } from 'node:stream';
import { loggerOptions, processLogger } from './logger-options';

function capture(level: string): { logger: pino.Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const options = loggerOptions(level);
  return {
    logger: pino(options, sink),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('loggerOptions', () => {
  it("logs Nest's module and route listings at debug, everything else at its own level", () => {
    const { logger, lines } = capture('debug');
    logger.info({ context: 'RouterExplorer' }, 'Mapped {/api/health, GET} route');
    logger.info({ context: 'InstanceLoader' }, 'AppModule dependencies initialized');
    logger.info({ context: 'Bootstrap' }, 'Listening');
    logger.warn({ context: 'RoutesResolver' }, 'a warning stays a warning');
    expect(lines().map((line) => [line.context, line.level])).toEqual([
      ['RouterExplorer', 20],
      ['InstanceLoader', 20],
      ['Bootstrap', 30],
      ['RoutesResolver', 40],
    ]);
  });

  it('keeps listings out at the default info level', () => {
    const { logger, lines } = capture('info');
    logger.info({ context: 'RouterExplorer' }, 'Mapped {/api/health, GET} route');
    logger.info({ context: 'Bootstrap' }, 'Listening');
    expect(lines().map((line) => line.msg)).toEqual(['Listening']);
  });
});

describe('processLogger', () => {
  it('obeys LOG_LEVEL from the raw environment, and reads an invalid one as info', () => {
    expect(processLogger('Config', { LOG_LEVEL: 'silent', NODE_ENV: 'production' }).isLevelEnabled('warn')).toBe(false);
    expect(processLogger('Config', { LOG_LEVEL: 'error', NODE_ENV: 'production' }).isLevelEnabled('warn')).toBe(false);
    expect(processLogger('Config', { LOG_LEVEL: 'warn', NODE_ENV: 'production' }).isLevelEnabled('warn')).toBe(true);
    expect(processLogger('Config', { LOG_LEVEL: 'loud', NODE_ENV: 'production' }).level).toBe('info');
  });
});

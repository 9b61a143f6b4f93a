import { createHook } from 'node:async_hooks';
import { ConfigType } from '@nestjs/config';
import { appConfig } from '../../config/configuration';
import { RedisConnection } from './redis.module';

type AppConfig = ConfigType<typeof appConfig>;

describe('RedisConnection', () => {
  it('leaves no timer of its client running once shut down while Redis is unreachable', async () => {
    // The timers ioredis arms (reconnection, the wait for a socket to close) that have neither fired nor been cleared.
    const pending = new Set<number>();
    const hook = createHook({
      init(id, type) {
        if (type === 'Timeout' && new Error().stack?.includes('ioredis') === true) {
          pending.add(id);
        }
      },
      destroy(id) {
        pending.delete(id);
      },
    }).enable();
    try {
      const connection = new RedisConnection({ redisUrl: 'redis://127.0.0.1:1', redisKeyPrefix: 'x:' } as AppConfig);
      const warned = jest.spyOn(connection, 'warn').mockImplementation(() => undefined);
      // Refused: the client waits to reconnect, its socket closed for good.
      await new Promise<void>((resolve) => connection.client?.once('reconnecting', () => resolve()));
      await connection.onApplicationShutdown();
      const attempts: string[] = [];
      connection.client?.on('connecting', () => attempts.push('connecting'));
      // Longer than the first retry delay (200 ms) and the 200 ms given to a socket to close.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(attempts).toEqual([]);
      // ioredis' default would still hold a 2 s timer here, keeping the process alive after the app closed.
      expect(pending.size).toBe(0);
      expect(warned).toHaveBeenCalledWith(expect.stringMatching(/^Redis unavailable: connect ECONNREFUSED/));
    } finally {
      hook.disable();
    }
  });
});

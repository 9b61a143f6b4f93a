import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import Redis from 'ioredis';
import { appConfig } from '../../config/configuration';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/**
 * The shared Redis connection when REDIS_URL is set (null otherwise). Commands fail at once while Redis
 * is unreachable (no offline queue), so callers can degrade instead of hanging; it reconnects by itself.
 */
@Injectable()
export class RedisConnection implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  readonly client: Redis | null;
  private lastWarning = 0;

  constructor(@Inject(appConfig.KEY) config: ConfigType<typeof appConfig>) {
    this.client =
      config.redisUrl === null
        ? null
        : new Redis(config.redisUrl, {
            keyPrefix: config.redisKeyPrefix,
            enableOfflineQueue: false,
            maxRetriesPerRequest: 1,
            connectTimeout: 2000,
            retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
            // How long disconnect() waits for the socket to close before destroying it. A socket that never
            // connected (Redis unreachable) never closes again, so ioredis' default (2 s, a referenced timer) kept
            // the process alive that long after shutdown.
            disconnectTimeout: 200,
          });
    this.client?.on('error', (error: Error) => this.warn(`Redis unavailable: ${error.message}`));
  }

  /** At most one warning per 10 s, whatever the error rate. */
  warn(message: string): void {
    if (Date.now() - this.lastWarning > 10_000) {
      this.lastWarning = Date.now();
      this.logger.warn(message);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.client && this.client.status !== 'end') {
      await this.client.quit().catch(() => this.client?.disconnect());
    }
  }
}

@Global()
@Module({
  providers: [
    RedisConnection,
    { provide: REDIS_CLIENT, useFactory: (c: RedisConnection) => c.client, inject: [RedisConnection] },
  ],
  exports: [RedisConnection, REDIS_CLIENT],
})
export class RedisModule {}

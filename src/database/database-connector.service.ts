import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { databaseConfig } from '../config/configuration';
import { EmbeddedDatabaseLock } from './embedded-lock';
import { isEmbedded } from './typeorm-options';

/**
 * Connects the data source. The embedded database is opened (and migrated) before the app serves.
 * A DATABASE_URL server is connected in the background with retries, so the app starts while
 * PostgreSQL is still coming up and becomes ready when it is; until then requests get 503.
 * Ops apply migrations to a DATABASE_URL database explicitly (npm run migration:run).
 */
@Injectable()
export class DatabaseConnector implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DatabaseConnector.name);
  private readonly abort = new AbortController();
  private lock?: EmbeddedDatabaseLock;
  private ready!: Promise<void>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(databaseConfig.KEY) private readonly config: ConfigType<typeof databaseConfig>,
  ) {}

  get embedded(): boolean {
    return isEmbedded(this.config);
  }

  get connected(): boolean {
    return this.dataSource.isInitialized;
  }

  private readonly embeddedSteps: (() => Promise<void>)[] = [];

  /**
   * Work the embedded database needs after its migrations and before the app serves (the knowledge-base
   * seed): register from onModuleInit. A DATABASE_URL database gets it only when ops run the script.
   */
  afterEmbeddedMigrations(step: () => Promise<void>): void {
    this.embeddedSteps.push(step);
  }

  /** Resolves once the data source is connected (never rejects; waits through retries). */
  whenConnected(): Promise<void> {
    return this.ready;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.embedded) {
      this.lock = new EmbeddedDatabaseLock(this.config.embeddedDir);
      this.lock.acquire();
      await this.dataSource.initialize();
      const applied = await this.dataSource.runMigrations({ transaction: 'each' });
      if (applied.length > 0) {
        this.logger.log(`Embedded database: applied ${applied.length} migration(s)`);
      }
      for (const step of this.embeddedSteps) {
        await step();
      }
      this.ready = Promise.resolve();
      return;
    }
    this.ready = this.connectWithRetry();
  }

  private async connectWithRetry(): Promise<void> {
    let delayMs = 500;
    for (let attempt = 1; !this.abort.signal.aborted; attempt += 1) {
      try {
        await this.dataSource.initialize();
        if (attempt > 1) {
          this.logger.log(`Database connected after ${attempt} attempts`);
        }
        return;
      } catch (error) {
        // pg error messages name host and port, never the password.
        this.logger.warn(`Database not reachable (attempt ${attempt}): ${(error as Error).message}; retrying`);
        await sleep(delayMs, undefined, { signal: this.abort.signal }).catch(() => undefined);
        delayMs = Math.min(delayMs * 2, 5000);
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.abort.abort();
    if (this.dataSource.isInitialized) {
      await this.dataSource.destroy();
    }
    this.lock?.release();
  }
}

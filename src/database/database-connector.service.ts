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
/** How often an unmigrated database is checked again. */
export const MIGRATION_RECHECK_MS = 2000;

@Injectable()
export class DatabaseConnector implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DatabaseConnector.name);
  private readonly abort = new AbortController();
  private lock?: EmbeddedDatabaseLock;
  private ready!: Promise<void>;
  private pending = false;
  private recheck?: NodeJS.Timeout;

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

  /**
   * True while the connected DATABASE_URL database lacks migrations (an unmigrated or partly migrated schema):
   * routes then answer 503 MIGRATIONS_PENDING (common/http/migrations-gate). Checked after connecting, then every
   * MIGRATION_RECHECK_MS until ops have run `npm run migration:run`; the embedded database migrates itself.
   */
  get migrationsPending(): boolean {
    return this.pending;
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
        await this.checkMigrations();
        return;
      } catch (error) {
        // pg error messages name host and port, never the password.
        this.logger.warn(`Database not reachable (attempt ${attempt}): ${(error as Error).message}; retrying`);
        await sleep(delayMs, undefined, { signal: this.abort.signal }).catch(() => undefined);
        delayMs = Math.min(delayMs * 2, 5000);
      }
    }
  }

  /** One log line when migrations are missing, one when they have been applied; no stack either way. */
  private async checkMigrations(): Promise<void> {
    let pending: boolean;
    try {
      pending = await this.dataSource.showMigrations();
    } catch {
      return; // the database went away: the outage is reported where requests meet it
    }
    if (pending && !this.pending) {
      this.logger.warn(
        'The database has pending migrations: every route answers 503 MIGRATIONS_PENDING until `npm run migration:run` has been run',
      );
      this.recheck = setInterval(() => void this.checkMigrations(), MIGRATION_RECHECK_MS).unref();
    } else if (!pending && this.pending) {
      this.logger.log('Migrations applied: serving');
      clearInterval(this.recheck);
    }
    this.pending = pending;
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.recheck);
    this.abort.abort();
    if (this.dataSource.isInitialized) {
      await this.dataSource.destroy();
    }
    this.lock?.release();
  }
}

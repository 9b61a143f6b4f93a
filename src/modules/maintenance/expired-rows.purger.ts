import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { appConfig } from '../../config/configuration';
import { isDatabaseUnavailableError } from '../../database/database-errors';
import { returningRows } from '../../database/returning-rows';
import { MetricsService } from '../metrics/metrics.service';

/** Tables whose rows are dead once `expires_at` has passed (each has an index on it). */
export const PURGED_TABLES = ['idempotency_keys', 'refresh_tokens'] as const;
export type PurgedTable = (typeof PURGED_TABLES)[number];

/** Rows deleted per transaction: short transactions, short locks. */
export const PURGE_BATCH_SIZE = 1000;

/** pg_try_advisory_xact_lock key: "vlm purge" as an int8, the same on every instance. */
const PURGE_LOCK_KEY = '7380966147364811365';

export interface PurgeReport {
  deleted: Record<PurgedTable, number>;
  /** False when another instance held the lock: it purges, this one stops. */
  ran: boolean;
}

/**
 * Deletes expired idempotency keys and refresh tokens on a schedule (@nestjs/schedule, every
 * PURGE_INTERVAL_MS), in batches of PURGE_BATCH_SIZE, each batch in its own transaction that first takes
 * a PostgreSQL advisory lock: with several instances, one purges at a time and the others skip the round.
 * Deleted rows are counted in db_purged_rows_total{table}.
 */
@Injectable()
export class ExpiredRowsPurger implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Purge');
  private running = false;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scheduler: SchedulerRegistry,
    private readonly metrics: MetricsService,
    @Inject(appConfig.KEY) private readonly config: ConfigType<typeof appConfig>,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.purgeIntervalMs === 0) {
      return;
    }
    this.scheduler.addInterval(
      'purge-expired-rows',
      // unref: a scheduled purge never keeps a process (a CLI, a test) alive on its own.
      setInterval(() => void this.purgeOnSchedule(), this.config.purgeIntervalMs).unref(),
    );
  }

  onApplicationShutdown(): void {
    this.stopped = true;
  }

  private async purgeOnSchedule(): Promise<void> {
    if (this.running || !this.dataSource.isInitialized) {
      return;
    }
    try {
      const report = await this.purge();
      const total = PURGED_TABLES.reduce((sum, table) => sum + report.deleted[table], 0);
      if (total > 0) {
        this.logger.log(`Deleted expired rows: ${PURGED_TABLES.map((t) => `${t} ${report.deleted[t]}`).join(', ')}`);
      }
    } catch (error) {
      const message = (error as Error).message;
      if (isDatabaseUnavailableError(error)) {
        this.logger.warn(`Purge skipped, the database is unavailable: ${message}`);
      } else {
        this.logger.error(`Purge failed: ${message}`);
      }
    }
  }

  /** One purge round over every table, batch by batch; stops at once if another instance holds the lock. */
  async purge(): Promise<PurgeReport> {
    this.running = true;
    const report: PurgeReport = { deleted: { idempotency_keys: 0, refresh_tokens: 0 }, ran: true };
    try {
      for (const table of PURGED_TABLES) {
        for (;;) {
          const deleted = await this.purgeBatch(table);
          if (deleted === null) {
            report.ran = false;
            return report;
          }
          report.deleted[table] += deleted;
          this.metrics.purgedRows.inc({ table }, deleted);
          if (deleted < PURGE_BATCH_SIZE || this.stopped) {
            break;
          }
        }
      }
      return report;
    } finally {
      this.running = false;
    }
  }

  /** Deletes up to one batch; null when another instance holds the purge lock. */
  private purgeBatch(table: PurgedTable): Promise<number | null> {
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = (await manager.query('SELECT pg_try_advisory_xact_lock($1::bigint) AS locked', [
        PURGE_LOCK_KEY,
      ])) as { locked: boolean }[];
      if (!locked) {
        return null;
      }
      const rows = returningRows<unknown>(
        await manager.query(
          `DELETE FROM ${table} WHERE id IN (
           SELECT id FROM ${table} WHERE expires_at < now() ORDER BY expires_at LIMIT ${PURGE_BATCH_SIZE}
         ) RETURNING 1`,
        ),
      );
      return rows.length;
    });
  }
}

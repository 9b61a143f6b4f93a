import { InjectQueue } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Queue, QueueEvents } from 'bullmq';
import Redis from 'ioredis';
import { appConfig, vlmConfig } from '../../config/configuration';
import { withTimeout } from '../../common/async/with-timeout';
import { ApiError } from '../../common/http/api-error';
import { AnalyzeResultDto } from './dto/vlm.dto';

export const VLM_QUEUE = 'vlm-analyze';

const PROBE_TIMEOUT_MS = 2000;

export interface AnalyzeJob {
  /** base64 (already checked to be real images by the API). */
  images: string[];
  text?: string;
}

/** BullMQ's lock and stall check: well below the request timeout, so a dead worker's job is retried in time. */
export function lockTimings(timeoutMs: number): { lockDuration: number; stalledInterval: number } {
  const lockDuration = Math.max(1000, Math.min(10_000, Math.floor(timeoutMs / 6)));
  return { lockDuration, stalledInterval: lockDuration };
}

/**
 * VLM_MODE=queue, API side: photos go to BullMQ as jobs; `npm run worker` processes (the same Vlm reading
 * code) serve them; the request waits for the result up to VLM_TIMEOUT_MS. Jobs are retried when a worker
 * dies (stalled) and removed once answered. The queue comes from @nestjs/bullmq (vlm-queue.module.ts). Its events
 * (a job finished or failed) are listened to on a connection of our own rather than through @nestjs/bullmq's
 * QueueEventsHost: with Redis unreachable, that host's shutdown waits forever (a never-connected QueueEvents does
 * not close), and only dropping our own connection ends it.
 */
@Injectable()
export class VlmJobQueue implements BeforeApplicationShutdown {
  private readonly eventsConnection: Redis;
  private readonly events: QueueEvents;

  constructor(
    @Inject(vlmConfig.KEY) private readonly config: ConfigType<typeof vlmConfig>,
    @Inject(appConfig.KEY) app: ConfigType<typeof appConfig>,
    @InjectQueue(VLM_QUEUE) private readonly queue: Queue<AnalyzeJob, AnalyzeResultDto>,
  ) {
    // BullMQ's blocking reads wait: no per-command retry limit.
    this.eventsConnection = new Redis(app.redisUrl!, { maxRetriesPerRequest: null });
    this.events = new QueueEvents(VLM_QUEUE, { connection: this.eventsConnection, prefix: queue.opts.prefix });
    // Redis being unreachable is reported by readiness, /api/vlm/status and the Redis module's warnings; without
    // listeners every reconnection attempt would also print an "unhandled error" with its stack.
    const quiet = (): void => undefined;
    this.eventsConnection.on('error', quiet);
    this.events.on('error', quiet);
    this.queue.on('error', quiet);
  }

  async analyze(images: Buffer[], text?: string): Promise<AnalyzeResultDto> {
    if ((await this.queue.getWaitingCount()) >= this.config.queueLimit) {
      throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, 'VLM_BUSY', 'The assistant is busy, retry shortly');
    }
    const job = await this.queue.add(
      'analyze',
      { images: images.map((image) => image.toString('base64')), text },
      { attempts: 3, removeOnComplete: true, removeOnFail: 100 },
    );
    try {
      return await job.waitUntilFinished(this.events, this.config.timeoutMs);
    } catch (error) {
      const message = (error as Error).message;
      if (/INVALID_IMAGE/.test(message)) {
        throw new ApiError(HttpStatus.BAD_REQUEST, 'INVALID_IMAGE', 'An image could not be decoded');
      }
      await job.remove().catch(() => undefined); // a late answer is dropped
      if (/timed out|timeout/i.test(message)) {
        throw new ApiError(
          HttpStatus.SERVICE_UNAVAILABLE,
          'VLM_TIMEOUT',
          'Reading the images took too long, retry shortly',
        );
      }
      throw new ApiError(
        HttpStatus.SERVICE_UNAVAILABLE,
        'VLM_UNAVAILABLE',
        'The assistant could not read the images, retry shortly',
      );
    }
  }

  /** Readiness: at least one worker is connected to the queue. */
  async workers(): Promise<number> {
    return (await this.queue.getWorkers()).length;
  }

  /** Jobs being read and waiting, across every API instance and worker (for the metrics). */
  async counts(): Promise<{ active: number; waiting: number }> {
    const counts = await this.queue.getJobCounts('active', 'waiting');
    return { active: counts.active ?? 0, waiting: counts.waiting ?? 0 };
  }

  /** Workers connected and jobs active / waiting, or null when Redis does not answer within 2 s. */
  probe(): Promise<{ workers: number; active: number; waiting: number } | null> {
    return withTimeout(
      Promise.all([this.workers(), this.counts()]).then(([workers, counts]) => ({ workers, ...counts })),
      PROBE_TIMEOUT_MS,
    ).catch(() => null);
  }

  /**
   * With Redis unreachable, BullMQ's close would wait for it forever, and @nestjs/bullmq awaits the queue's close on
   * application shutdown: this closes first (before shutdown), bounded, then drops the connections, after which
   * the queue's close settles.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await withTimeout(Promise.all([this.events.close(), this.queue.close()]), PROBE_TIMEOUT_MS).catch(() => undefined);
    void this.queue.disconnect().catch(() => undefined);
    this.eventsConnection.disconnect();
  }
}

import { HttpStatus, Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
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

/** A BullMQ connection as it wants it: no per-command retry limit (its blocking commands wait). */
export function bullConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null });
}

/**
 * VLM_MODE=queue, API side: photos go to BullMQ as jobs; `npm run worker` processes (the same Vlm reading
 * code) serve them; the request waits for the result up to VLM_TIMEOUT_MS. Jobs are retried when a worker
 * dies (stalled) and removed once answered.
 */
@Injectable()
export class VlmJobQueue implements OnApplicationShutdown {
  private readonly connection: Redis;
  private readonly eventsConnection: Redis;
  private readonly queue: Queue<AnalyzeJob, AnalyzeResultDto>;
  private readonly events: QueueEvents;

  constructor(
    @Inject(vlmConfig.KEY) private readonly config: ConfigType<typeof vlmConfig>,
    @Inject(appConfig.KEY) app: ConfigType<typeof appConfig>,
  ) {
    this.connection = bullConnection(app.redisUrl!);
    this.eventsConnection = bullConnection(app.redisUrl!);
    const prefix = `${app.redisKeyPrefix}bull`;
    this.queue = new Queue(VLM_QUEUE, { connection: this.connection, prefix });
    this.events = new QueueEvents(VLM_QUEUE, { connection: this.eventsConnection, prefix });
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

  /** Closes BullMQ's handles; with Redis unreachable, BullMQ's close would wait for it forever, so it is bounded. */
  async onApplicationShutdown(): Promise<void> {
    await withTimeout(Promise.all([this.events.close(), this.queue.close()]), PROBE_TIMEOUT_MS).catch(() => undefined);
    this.connection.disconnect();
    this.eventsConnection.disconnect();
  }
}

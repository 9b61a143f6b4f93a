import { HttpStatus, Inject, Injectable, Optional } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import * as ort from 'onnxruntime-node';
import { vlmConfig } from '../../config/configuration';
import { ApiError } from '../../common/http/api-error';
import { MetricsService } from '../metrics/metrics.service';
import { AnalyzeResultDto, ModelIdentityDto, VlmStatusDto } from './dto/vlm.dto';
import { extractFindings, matchBrand } from '../diagnosis/findings/findings';
import { leadingText } from '../../common/text/leading-text';
import { reconcileLine } from './findings/reconcile';
import { MIN_LINE_CONFIDENCE } from './model/paddle-ocr.model';
import {
  InferenceQueue,
  LatencyWindow,
  OwnerQueueFullError,
  QueueFullError,
  QueueTimeoutError,
} from './inference-queue';
import { VlmJobQueue } from './vlm-job-queue';
import { VlmModelHost } from './vlm-model.host';
import { VisionModel } from './model/vision-model';

function userQueueFull(limit: number): ApiError {
  return new ApiError(
    HttpStatus.TOO_MANY_REQUESTS,
    'VLM_USER_QUEUE_FULL',
    `You already have ${limit} readings waiting: wait for them to finish`,
  );
}

/** Reads images through the loaded model behind the bounded inference queue. */
@Injectable()
export class VlmService {
  private readonly queue: InferenceQueue;
  private readonly requestLatency = new LatencyWindow();
  private readonly imageLatency = new LatencyWindow();
  private images = 0;
  /** Outcomes of requests sent to the workers (VLM_MODE=queue), as the local queue counts its own. */
  private readonly remoteCounters = { submitted: 0, completed: 0, failed: 0, rejected: 0, timed_out: 0 };

  constructor(
    private readonly host: VlmModelHost,
    @Inject(vlmConfig.KEY) private readonly config: ConfigType<typeof vlmConfig>,
    @Optional() private readonly metrics?: MetricsService,
    @Optional() @Inject(VlmJobQueue) private readonly remote?: VlmJobQueue | null,
  ) {
    this.queue = new InferenceQueue(config.maxConcurrency, config.queueLimit, config.timeoutMs, config.userQueueLimit);
    if (metrics) {
      metrics.vlmQueue = () =>
        remote ? remote.counts() : Promise.resolve({ active: this.queue.active, waiting: this.queue.queued });
    }
  }

  get modelIdentity(): ModelIdentityDto {
    return { name: this.config.model.name, version: this.config.model.version };
  }

  /**
   * Lines and typed findings across the images (already checked to be real images): read here, or with
   * VLM_MODE=queue by a worker process.
   */
  analyze(images: Buffer[], text: string | undefined, owner: string): Promise<AnalyzeResultDto> {
    return this.remote ? this.readRemotely(this.remote, images, text, owner) : this.read(images, text, owner);
  }

  /** Jobs each user has with the workers (VLM_MODE=queue), counted by this instance. */
  private readonly outstanding = new Map<string, number>();

  /**
   * VLM_MODE=queue: a worker reads; this instance counts the outcome and the whole request's latency. A
   * user may have one job plus VLM_USER_QUEUE_LIMIT more outstanding from this instance (429 beyond), so
   * one user's flood cannot fill the shared queue ahead of everyone else.
   */
  private async readRemotely(
    remote: VlmJobQueue,
    images: Buffer[],
    text: string | undefined,
    owner: string,
  ): Promise<AnalyzeResultDto> {
    const mine = this.outstanding.get(owner) ?? 0;
    if (mine > this.config.userQueueLimit) {
      this.remoteCounters.rejected += 1;
      throw userQueueFull(this.config.userQueueLimit);
    }
    this.outstanding.set(owner, mine + 1);
    const started = performance.now();
    try {
      const result = await remote.analyze(images, text);
      this.remoteCounters.submitted += 1;
      this.remoteCounters.completed += 1;
      this.requestLatency.add(performance.now() - started);
      this.images += images.length;
      return result;
    } catch (error) {
      const code = error instanceof ApiError ? error.code : undefined;
      if (code === 'VLM_BUSY') {
        this.remoteCounters.rejected += 1;
      } else {
        this.remoteCounters.submitted += 1;
        this.remoteCounters[code === 'VLM_TIMEOUT' ? 'timed_out' : 'failed'] += 1;
      }
      throw error;
    } finally {
      const left = (this.outstanding.get(owner) ?? 1) - 1;
      if (left <= 0) {
        this.outstanding.delete(owner);
      } else {
        this.outstanding.set(owner, left);
      }
    }
  }

  /** VLM_PRELOAD=false: the first read loads the model, the others wait for that load; a failed load is a 503. */
  private async loadOnFirstUse(): Promise<VisionModel | undefined> {
    try {
      return await this.host.load();
    } catch {
      return undefined; // logged by the host, and named by /api/vlm/status's failure
    }
  }

  /** Reads the images with this process's model (the API in local mode, or a worker). */
  async read(images: Buffer[], text?: string, owner = ''): Promise<AnalyzeResultDto> {
    const model = this.host.ready ?? (this.config.preload ? undefined : await this.loadOnFirstUse());
    if (!model) {
      const why =
        this.host.state === 'failed' ? 'The model could not be loaded' : 'The model is still loading, retry shortly';
      throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, 'VLM_NOT_READY', why);
    }
    const started = performance.now();
    try {
      const readings = await this.queue.run(async () => {
        const out = [];
        for (const image of images) {
          const t = performance.now();
          out.push(await this.host.read(model, image));
          this.imageLatency.add(performance.now() - t);
          this.metrics?.inferenceDuration.observe((performance.now() - t) / 1000);
          this.images += 1;
        }
        return out;
      }, owner);
      this.requestLatency.add(performance.now() - started);
      const lines = readings.flatMap((reading, image_index) =>
        reading.lines
          .map(reconcileLine)
          .filter((line) => line.text !== '' && line.confidence >= MIN_LINE_CONFIDENCE)
          .map((line) => ({
            image_index,
            text: line.text,
            box: line.box.map(([x, y]) => [Math.round(x), Math.round(y)]),
            confidence: round(line.confidence),
            alternative: line.alternative,
          })),
      );
      const brandHint = text === undefined ? undefined : matchBrand(leadingText(text))?.brand;
      const findings = extractFindings(lines, brandHint).map((f) => ({ ...f, confidence: round(f.confidence) }));
      return { lines: lines.map(({ alternative: _alternative, ...line }) => line), findings };
    } catch (error) {
      if (error instanceof QueueFullError) {
        throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, 'VLM_BUSY', 'The assistant is busy, retry shortly');
      }
      if (error instanceof OwnerQueueFullError) {
        throw userQueueFull(this.config.userQueueLimit);
      }
      if (error instanceof QueueTimeoutError) {
        throw new ApiError(
          HttpStatus.SERVICE_UNAVAILABLE,
          'VLM_TIMEOUT',
          'Reading the images took too long, retry shortly',
        );
      }
      if (error instanceof ApiError) {
        throw error;
      }
      // sharp accepted the header but the pixels do not decode: the client's image, not our bug.
      throw new ApiError(HttpStatus.BAD_REQUEST, 'INVALID_IMAGE', 'An image could not be decoded');
    }
  }

  async status(): Promise<VlmStatusDto> {
    const model = this.config.model;
    const loaded = this.host.ready;
    const common = {
      model: {
        type: model.type,
        name: model.name,
        version: model.version,
        source: model.source,
        files: loaded?.info.files ?? [
          { role: 'detection', path: model.detection, bytes: 0 },
          { role: 'recognition', path: model.recognition, bytes: 0 },
          { role: 'dictionary', path: model.dictionary, bytes: 0 },
        ],
      },
      runtime: { onnxruntime: ort.env.versions.node ?? 'unknown', intra_op_threads: this.config.intraOpThreads },
      latency_ms: this.requestLatency.summary(),
      image_latency_ms: this.imageLatency.summary(),
    };
    const limits = {
      max_concurrency: this.config.maxConcurrency,
      queue_limit: this.config.queueLimit,
      timeout_ms: this.config.timeoutMs,
    };
    if (this.remote) {
      // The model lives in the workers: what matters here is whether any is connected and BullMQ's queue.
      const probe = await this.remote.probe();
      return {
        mode: 'queue',
        state: probe === null ? 'queue_unreachable' : probe.workers > 0 ? 'ready' : 'no_workers',
        workers: probe?.workers ?? null,
        ...common,
        load_ms: null,
        warmup_ms: null,
        failure: null,
        queue: { ...limits, active: probe?.active ?? null, waiting: probe?.waiting ?? null },
        counters: { ...this.remoteCounters, images: this.images },
      };
    }
    return {
      mode: 'local',
      state: this.host.state,
      workers: null,
      ...common,
      load_ms: this.host.loadMs ?? null,
      warmup_ms: this.host.warmupMs ?? null,
      failure: this.host.failure ?? null,
      queue: { ...limits, active: this.queue.active, waiting: this.queue.queued },
      counters: { ...this.queue.counters, images: this.images },
    };
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

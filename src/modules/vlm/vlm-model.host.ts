import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import sharp from 'sharp';
import { vlmConfig } from '../../config/configuration';
import { WorkerPoolModel } from './model/worker-pool.model';
import { VisionModel } from './model/vision-model';

/** idle: not loaded yet, VLM_PRELOAD=false (it loads with the first photo). */
export type ModelState = 'idle' | 'loading' | 'ready' | 'failed';

/**
 * Loads the model once (plus a warm-up read) and holds it: at start-up, readiness waiting for it, or with
 * VLM_PRELOAD=false on the first read (`load()` from VlmService).
 */
@Injectable()
export class VlmModelHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Vlm');
  private model?: VisionModel;
  private loading?: Promise<VisionModel>;
  state: ModelState;
  failure?: string;
  loadMs?: number;
  warmupMs?: number;

  constructor(@Inject(vlmConfig.KEY) private readonly config: ConfigType<typeof vlmConfig>) {
    this.state = config.preload ? 'loading' : 'idle';
  }

  onApplicationBootstrap(): void {
    if (this.config.mode === 'local' && this.config.preload) {
      void this.load().catch(() => undefined); // the failure is logged and kept; main.ts exits on it
    }
  }

  /** Resolves when the model is loaded and warmed up; rejects with a one-line reason if it cannot be. */
  load(): Promise<VisionModel> {
    if (this.loading === undefined) {
      this.state = 'loading';
      this.loading = this.loadOnce();
    }
    return this.loading;
  }

  private async loadOnce(): Promise<VisionModel> {
    const files = this.config.model;
    const started = performance.now();
    let model: VisionModel | undefined;
    try {
      model = await WorkerPoolModel.start(
        files,
        { intraOpThreads: this.config.intraOpThreads, detectionMaxSide: 960, maxRegions: 40 },
        this.config.maxConcurrency,
      );
      this.loadMs = Math.round(performance.now() - started);
      const warm = performance.now();
      await model.read(await warmupImage());
      this.warmupMs = Math.round(performance.now() - warm);
      this.model = model;
      this.state = 'ready';
      this.logger.log(`${files.name} (${files.version}) loaded in ${this.loadMs} ms, warm-up ${this.warmupMs} ms`);
      return model;
    } catch (error) {
      await model?.release().catch(() => undefined); // started but failed its warm-up: stop its workers
      this.state = 'failed';
      const where = files.source === 'bundled' ? 'the bundled model' : `VLM_MODEL_PATH ${files.directory}`;
      this.failure = `${where}: ${(error as Error).message.split('\n')[0]}`;
      this.logger.error(`Model could not be loaded from ${this.failure}`);
      throw new Error(this.failure);
    }
  }

  /** VLM_PRELOAD=false: the model loads with the first read, which waits for it. */
  get loadsOnFirstUse(): boolean {
    return !this.config.preload;
  }

  /** The loaded model, or undefined while loading (or after a failure). */
  get ready(): VisionModel | undefined {
    return this.model;
  }

  private readonly inFlight = new Set<Promise<unknown>>();

  /** Reads one image with the loaded model; tracked so shutdown waits for native work to finish. */
  read(model: VisionModel, image: Buffer): ReturnType<VisionModel['read']> {
    const reading = model.read(image);
    const tracked = reading.catch(() => undefined);
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
    return reading;
  }

  async onModuleDestroy(): Promise<void> {
    // Closing while the model still loads: let the load settle, or its worker threads outlive the app.
    await this.loading?.catch(() => undefined);
    // A timed-out request's inference may still be running natively: let it finish before releasing.
    await Promise.all([...this.inFlight]);
    await this.model?.release();
    this.model = undefined;
  }
}

async function warmupImage(): Promise<Buffer> {
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="320" height="96"><rect width="100%" height="100%" fill="#111"/>' +
    '<text x="40" y="70" font-family="DejaVu Sans" font-size="56" fill="#f33">E24</text></svg>';
  return sharp(Buffer.from(svg)).png().toBuffer();
}

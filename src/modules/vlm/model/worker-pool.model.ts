import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ModelFiles } from '../../../config/model-files';
import { PaddleOcrOptions } from './paddle-ocr.model';
import { ImageReading, ModelInfo, VisionModel } from './vision-model';

interface Pending {
  resolve: (reading: ImageReading) => void;
  reject: (error: Error) => void;
}

/** The worker script: compiled JavaScript in a build, TypeScript (through ts-node) under the tests. */
function workerScript(): { file: string; execArgv: string[] } {
  const js = join(__dirname, 'model.worker.js');
  if (existsSync(js)) {
    return { file: js, execArgv: [] };
  }
  return { file: join(__dirname, 'model.worker.ts'), execArgv: ['--require', 'ts-node/register/transpile-only'] };
}

/** One worker thread holding its own model sessions. */
class ModelWorker {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  busy = 0;
  dead = false;

  private constructor(
    private readonly worker: Worker,
    readonly info: ModelInfo,
  ) {
    worker.on('message', (message: { id: number; reading?: ImageReading; error?: string }) => {
      const waiting = this.pending.get(message.id);
      if (!waiting) {
        return;
      }
      this.pending.delete(message.id);
      if (message.error !== undefined || message.reading === undefined) {
        waiting.reject(new Error(message.error ?? 'no reading'));
      } else {
        waiting.resolve(message.reading);
      }
    });
    const fail = (error: Error): void => {
      this.dead = true;
      for (const waiting of this.pending.values()) {
        waiting.reject(error);
      }
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`model worker exited (${code})`)));
  }

  static start(files: ModelFiles, options: PaddleOcrOptions): Promise<ModelWorker> {
    const { file, execArgv } = workerScript();
    const worker = new Worker(file, { workerData: { files, options }, execArgv });
    return new Promise<ModelWorker>((resolve, reject) => {
      const onMessage = (message: { type?: string; info?: ModelInfo; message?: string }): void => {
        if (message.type === 'ready' && message.info) {
          cleanup();
          resolve(new ModelWorker(worker, message.info));
        } else if (message.type === 'failed') {
          cleanup();
          void worker.terminate();
          reject(new Error(message.message ?? 'model failed to load'));
        }
      };
      const onError = (error: Error): void => {
        cleanup();
        reject(error);
      };
      const onExit = (code: number): void => {
        cleanup();
        reject(new Error(`model worker exited (${code}) while loading`));
      };
      const cleanup = (): void => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
    });
  }

  read(image: Buffer): Promise<ImageReading> {
    const id = this.nextId++;
    // A copy we can transfer: the caller's buffer may be a slice of a larger pool.
    const copy = new Uint8Array(image);
    this.busy += 1;
    return new Promise<ImageReading>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, image: copy }, [copy.buffer]);
    }).finally(() => {
      this.busy -= 1;
    });
  }

  async stop(): Promise<void> {
    if (this.dead) {
      return;
    }
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage('close');
    const timer = setTimeout(() => void this.worker.terminate(), 5000);
    await exited;
    clearTimeout(timer);
  }
}

/**
 * The model served by `size` worker threads (one per allowed concurrent inference), so inference and
 * its post-processing never run on the API's event loop. A worker that dies is replaced on the next read.
 */
export class WorkerPoolModel implements VisionModel {
  private constructor(
    private readonly workers: ModelWorker[],
    private readonly files: ModelFiles,
    private readonly options: PaddleOcrOptions,
  ) {}

  static async start(files: ModelFiles, options: PaddleOcrOptions, size: number): Promise<WorkerPoolModel> {
    const workers: ModelWorker[] = [];
    try {
      for (let i = 0; i < size; i += 1) {
        workers.push(await ModelWorker.start(files, options));
      }
    } catch (error) {
      await Promise.all(workers.map((w) => w.stop()));
      throw error;
    }
    return new WorkerPoolModel(workers, files, options);
  }

  get info(): ModelInfo {
    return this.workers[0].info;
  }

  async read(image: Buffer): Promise<ImageReading> {
    let index = this.workers.findIndex((w) => w.dead);
    if (index >= 0) {
      this.workers[index] = await ModelWorker.start(this.files, this.options);
    }
    index = this.workers.reduce((best, w, i) => (w.busy < this.workers[best].busy ? i : best), 0);
    return this.workers[index].read(image);
  }

  async release(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop()));
  }
}

export class QueueFullError extends Error {}
export class QueueTimeoutError extends Error {}

interface Waiting {
  start: () => void;
  reject: (error: Error) => void;
}

/**
 * A bounded queue in front of inference: at most `maxConcurrency` tasks run, at most `queueLimit`
 * wait (more are refused at once), and a task that has not finished within `timeoutMs` of being
 * submitted is answered with QueueTimeoutError and gives up its place or its slot at once. A native
 * inference cannot be interrupted: its late result is dropped.
 */
export class InferenceQueue {
  private running = 0;
  private readonly waiting: Waiting[] = [];
  readonly counters = { submitted: 0, completed: 0, failed: 0, rejected: 0, timed_out: 0 };

  constructor(
    readonly maxConcurrency: number,
    readonly queueLimit: number,
    readonly timeoutMs: number,
  ) {}

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.maxConcurrency && this.waiting.length >= this.queueLimit) {
      this.counters.rejected += 1;
      return Promise.reject(new QueueFullError('inference queue is full'));
    }
    this.counters.submitted += 1;
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      let holdsSlot = false;
      const release = (): void => {
        if (holdsSlot) {
          holdsSlot = false;
          this.running -= 1;
          this.next();
        }
      };
      const entry: Waiting = {
        start: () => {
          holdsSlot = true;
          this.running += 1;
          task().then(
            (value) => {
              if (!settled) {
                settled = true;
                clearTimeout(timer);
                this.counters.completed += 1;
                resolve(value);
              }
              release();
            },
            (error: unknown) => {
              if (!settled) {
                settled = true;
                clearTimeout(timer);
                this.counters.failed += 1;
                reject(error instanceof Error ? error : new Error(String(error)));
              }
              release();
            },
          );
        },
        reject,
      };
      const timer = setTimeout(() => {
        if (settled) {
          return;
        }
        settled = true;
        this.counters.timed_out += 1;
        const position = this.waiting.indexOf(entry);
        if (position >= 0) {
          this.waiting.splice(position, 1);
        }
        release();
        reject(new QueueTimeoutError(`inference did not finish within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      if (this.running < this.maxConcurrency) {
        entry.start();
      } else {
        this.waiting.push(entry);
      }
    });
  }

  private next(): void {
    while (this.running < this.maxConcurrency && this.waiting.length > 0) {
      this.waiting.shift()?.start();
    }
  }
}

/** Latency percentiles over the most recent samples (a ring buffer). */
export class LatencyWindow {
  private readonly samples: number[] = [];
  private cursor = 0;

  constructor(private readonly size = 1000) {}

  add(ms: number): void {
    if (this.samples.length < this.size) {
      this.samples.push(ms);
    } else {
      this.samples[this.cursor] = ms;
      this.cursor = (this.cursor + 1) % this.size;
    }
  }

  summary(): { samples: number; p50: number | null; p95: number | null; p99: number | null } {
    const sorted = [...this.samples].sort((a, b) => a - b);
    const at = (q: number): number | null =>
      sorted.length === 0 ? null : Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
    return { samples: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99) };
  }
}

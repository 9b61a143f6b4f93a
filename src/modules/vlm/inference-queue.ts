export class QueueFullError extends Error {}
/** The owner already has `perOwnerLimit` tasks waiting: theirs is refused, others' are still taken. */
export class OwnerQueueFullError extends Error {}
export class QueueTimeoutError extends Error {}

interface Waiting {
  start: () => void;
  reject: (error: Error) => void;
}

/**
 * A bounded, fair queue in front of inference: at most `maxConcurrency` tasks run, at most `queueLimit`
 * wait in all and at most `perOwnerLimit` per owner (a user; more are refused at once), and a freed slot
 * goes to the owners in turn (round robin), so one user's flood delays another user's single request by
 * at most one task per flooding user, and never turns it away. A task that has not finished within
 * `timeoutMs` of being submitted is answered with QueueTimeoutError and gives up its place or its slot at
 * once. A native inference cannot be interrupted: its late result is dropped.
 */
export class InferenceQueue {
  private running = 0;
  private waitingCount = 0;
  /** Waiting tasks per owner, owners in the order they are served next. */
  private readonly waiting = new Map<string, Waiting[]>();
  readonly counters = { submitted: 0, completed: 0, failed: 0, rejected: 0, timed_out: 0 };

  constructor(
    readonly maxConcurrency: number,
    readonly queueLimit: number,
    readonly timeoutMs: number,
    readonly perOwnerLimit = queueLimit,
  ) {}

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waitingCount;
  }

  run<T>(task: () => Promise<T>, owner = ''): Promise<T> {
    const full = this.running >= this.maxConcurrency;
    if (full && this.waitingCount >= this.queueLimit) {
      this.counters.rejected += 1;
      return Promise.reject(new QueueFullError('inference queue is full'));
    }
    if (full && (this.waiting.get(owner)?.length ?? 0) >= this.perOwnerLimit) {
      this.counters.rejected += 1;
      return Promise.reject(new OwnerQueueFullError(`${this.perOwnerLimit} of your readings are already waiting`));
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
        this.remove(owner, entry);
        release();
        reject(new QueueTimeoutError(`inference did not finish within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      if (this.running < this.maxConcurrency) {
        entry.start();
      } else {
        const own = this.waiting.get(owner);
        if (own === undefined) {
          this.waiting.set(owner, [entry]);
        } else {
          own.push(entry);
        }
        this.waitingCount += 1;
      }
    });
  }

  private remove(owner: string, entry: Waiting): void {
    const own = this.waiting.get(owner);
    const position = own?.indexOf(entry) ?? -1;
    if (own !== undefined && position >= 0) {
      own.splice(position, 1);
      this.waitingCount -= 1;
      if (own.length === 0) {
        this.waiting.delete(owner);
      }
    }
  }

  /** Starts waiting tasks while slots are free: the first owner in line, who then goes to the back. */
  private next(): void {
    while (this.running < this.maxConcurrency && this.waitingCount > 0) {
      const [owner, own] = this.waiting.entries().next().value as [string, Waiting[]];
      const entry = own.shift() as Waiting;
      this.waitingCount -= 1;
      this.waiting.delete(owner);
      if (own.length > 0) {
        this.waiting.set(owner, own); // re-inserted: now last in line
      }
      entry.start();
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

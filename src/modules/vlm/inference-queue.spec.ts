import {
  InferenceQueue,
  LatencyWindow,
  OwnerQueueFullError,
  QueueFullError,
  QueueTimeoutError,
} from './inference-queue';

const deferred = () => {
  let resolve!: (value: string) => void;
  const promise = new Promise<string>((r) => (resolve = r));
  return { promise, resolve };
};

describe('InferenceQueue', () => {
  it('runs at most maxConcurrency tasks, queues up to the limit and refuses the rest at once', async () => {
    const queue = new InferenceQueue(1, 1, 10_000);
    const first = deferred();
    const second = deferred();
    let started = 0;
    const a = queue.run(() => ((started += 1), first.promise));
    const b = queue.run(() => ((started += 1), second.promise));
    await expect(queue.run(() => Promise.resolve('c'))).rejects.toBeInstanceOf(QueueFullError);
    expect([started, queue.active, queue.queued]).toEqual([1, 1, 1]);
    first.resolve('a');
    await expect(a).resolves.toBe('a');
    expect([started, queue.active, queue.queued]).toEqual([2, 1, 0]);
    second.resolve('b');
    await expect(b).resolves.toBe('b');
    expect(queue.counters).toEqual({ submitted: 2, completed: 2, failed: 0, rejected: 1, timed_out: 0 });
  });

  it('serves owners in turn and caps each owner’s waiting tasks, so a flood never turns another user away', async () => {
    const queue = new InferenceQueue(1, 16, 10_000, 2);
    const order: string[] = [];
    const gates = new Map<string, ReturnType<typeof deferred>>();
    const submit = (owner: string, name: string): Promise<string> => {
      const gate = deferred();
      gates.set(name, gate);
      return queue.run(() => (order.push(name), gate.promise), owner);
    };
    const running = submit('mallory', 'm0');
    const m1 = submit('mallory', 'm1');
    const m2 = submit('mallory', 'm2');
    await expect(submit('mallory', 'm3')).rejects.toBeInstanceOf(OwnerQueueFullError);
    const alice = submit('alice', 'a0');
    expect(queue.queued).toBe(3);
    // Each finished task lets the next owner in line start: alice does not wait behind all of mallory's.
    for (const name of ['m0', 'm1', 'a0', 'm2']) {
      gates.get(name)?.resolve(name);
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all([running, m1, m2, alice]);
    expect(order).toEqual(['m0', 'm1', 'a0', 'm2']);
    expect(queue.counters.rejected).toBe(1);
  });

  it('times out a running task and gives its slot to the next one at once', async () => {
    const queue = new InferenceQueue(1, 1, 30);
    const stuck = deferred();
    const a = queue.run(() => stuck.promise);
    const b = queue.run(() => new Promise<string>((r) => setTimeout(() => r('b'), 5)));
    await expect(a).rejects.toBeInstanceOf(QueueTimeoutError);
    // b waited too: it was submitted at the same time, so it times out too unless it started and finished
    await expect(b).rejects.toBeInstanceOf(QueueTimeoutError);
    await expect(queue.run(() => Promise.resolve('c'))).resolves.toBe('c');
    stuck.resolve('late'); // a late result is dropped
    await new Promise((r) => setTimeout(r, 5));
    expect(queue.active).toBe(0);
    expect(queue.counters.timed_out).toBe(2);
  });

  it('frees the slot of a task that fails', async () => {
    const queue = new InferenceQueue(1, 0, 1000);
    await expect(queue.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(queue.run(() => Promise.resolve(1))).resolves.toBe(1);
    expect(queue.counters.failed).toBe(1);
  });
});

describe('LatencyWindow', () => {
  it('gives percentiles over the latest samples only', () => {
    const window = new LatencyWindow(100);
    expect(window.summary()).toEqual({ samples: 0, p50: null, p95: null, p99: null });
    for (let i = 1; i <= 100; i += 1) {
      window.add(i);
    }
    expect(window.summary()).toEqual({ samples: 100, p50: 51, p95: 96, p99: 100 });
    for (let i = 0; i < 100; i += 1) {
      window.add(1000);
    }
    expect(window.summary().p50).toBe(1000);
  });
});

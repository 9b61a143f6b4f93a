import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { generateCases } from '../scripts/lib/appliance-scenes';
import { VLM_QUEUE } from '../src/modules/vlm/vlm-job-queue';
import { spawnServer, ServerProcess, waitFor } from './support/spawn-server';
import { bootTestApp, TestApp } from './support/test-app';
import { createUserWithRole, LoggedIn, registerUser } from './support/users';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** VLM_MODE=queue: one API instance, two `npm run worker` processes, BullMQ in Redis between them. */
describe('Inference off the API: VLM_MODE=queue with worker processes', () => {
  const prefix = `test:${randomBytes(4).toString('hex')}:`;
  const env = { REDIS_URL, REDIS_KEY_PREFIX: prefix, VLM_TIMEOUT_MS: '30000' };
  let t: TestApp;
  let user: LoggedIn;
  const workers = new Map<string, ServerProcess>();
  let redis: Redis;
  let queue: Queue;

  const startWorker = (name: string): ServerProcess => {
    const worker = spawnServer(
      {
        ...env,
        WORKER_NAME: name,
        JWT_SECRET_KEY: 'x'.repeat(40),
        ENCRYPTION_KEY: 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=',
        VLM_INTRA_OP_THREADS: '1',
      },
      'src/worker.ts',
    );
    workers.set(name, worker);
    return worker;
  };

  beforeAll(async () => {
    t = await bootTestApp({ env: { ...env, VLM_MODE: 'queue' }, waitForModel: false });
    user = await registerUser(t, 'queued');
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue(VLM_QUEUE, { connection: redis, prefix: `${prefix}bull` });
  });

  afterAll(async () => {
    for (const worker of workers.values()) {
      worker.child.kill('SIGKILL');
    }
    await queue.close();
    redis.disconnect();
    await t.close();
  });

  it('is not ready until a worker is connected, then reads photos through the workers', async () => {
    const notReady = await t.http.get('/api/health/ready').expect(503);
    expect(JSON.stringify(notReady.body)).toContain('no inference worker connected');
    startWorker('worker-a');
    startWorker('worker-b');
    await waitFor(async () => ((await queue.getWorkers()).length === 2 ? true : undefined), 90_000);
    await t.http.get('/api/health/ready').expect(200);

    const [scene] = await generateCases({ seed: 5, perKind: 1, width: 1000, height: 750, kinds: ['clean-text'] });
    const res = await t.http
      .post('/api/vlm/analyze')
      .set(user.auth)
      .send({ images: [scene.image.toString('base64')] })
      .expect(200);
    const codes = (res.body.data.findings as { type: string; value: string }[])
      .filter((f) => f.type === 'error_code')
      .map((f) => f.value);
    expect(codes).toEqual([scene.expected.code]);

    // The metrics show BullMQ's queue (across instances), not this process's idle local one.
    const admin = await createUserWithRole(t, 'admin');
    await queue.pause();
    const waiting = t.http
      .post('/api/vlm/analyze')
      .set(user.auth)
      .send({ images: [scene.image.toString('base64')] })
      .then((r) => r);
    await waitFor(async () => ((await queue.getWaitingCount()) === 1 ? true : undefined), 10_000);
    const metrics = (await t.http.get('/api/metrics').set(admin.auth).expect(200)).text;
    expect(metrics).toContain('vlm_queue_requests{state="waiting"} 1');
    await queue.resume();
    expect((await waiting).status).toBe(200);
  });

  it('does not lose a request whose worker is killed mid-job: another worker retries it', async () => {
    const scenes = await generateCases({ seed: 8, perKind: 6, width: 1600, height: 1200, kinds: ['clean-text'] });
    const response = t.http
      .post('/api/vlm/analyze')
      .set(user.auth)
      .send({ images: scenes.map((s) => s.image.toString('base64')) })
      .then((r) => r);
    // Find the worker that took the job, and kill it while it reads.
    const owner = await waitFor(async () => {
      const [job] = await queue.getJobs(['active']);
      return job?.processedBy;
    }, 20_000);
    const victim = workers.get(owner);
    expect(victim).toBeDefined();
    victim!.child.kill('SIGKILL');
    const res = await response;
    expect(res.status).toBe(200);
    const codes = (res.body.data.findings as { type: string; value: string; image_index: number }[])
      .filter((f) => f.type === 'error_code')
      .map((f) => f.value);
    expect(codes).toEqual(scenes.map((s) => s.expected.code));
  });
});

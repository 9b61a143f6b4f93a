import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { generateCases } from '../scripts/lib/appliance-scenes';
import { VLM_QUEUE } from '../src/modules/vlm/vlm-job-queue';
import { agent } from 'supertest';
import { freePort, spawnServer, ServerProcess, waitFor } from './support/spawn-server';
import { bootTestApp, TestApp } from './support/test-app';
import { createUserWithRole, LoggedIn, login, registerUser } from './support/users';

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
    t = await bootTestApp({ env: { ...env, VLM_MODE: 'queue' } });
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
    const admin = await createUserWithRole(t, 'admin');
    const status = async (): Promise<Record<string, unknown>> =>
      (await t.http.get('/api/vlm/status').set(admin.auth).expect(200)).body.data;
    const notReady = await t.http.get('/api/health/ready').expect(503);
    expect(JSON.stringify(notReady.body)).toContain('no inference worker connected');
    // The status describes the workers and BullMQ's queue, not this process's unused local model.
    expect(await status()).toMatchObject({
      mode: 'queue',
      state: 'no_workers',
      workers: 0,
      load_ms: null,
      queue: { active: 0, waiting: 0 },
      counters: { submitted: 0, completed: 0 },
    });
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
    const afterOne = await status();
    expect(afterOne).toMatchObject({
      mode: 'queue',
      state: 'ready',
      workers: 2,
      counters: { submitted: 1, completed: 1, failed: 0, images: 1 },
    });
    expect((afterOne.latency_ms as { samples: number }).samples).toBe(1);

    // The metrics and the status show BullMQ's queue (across instances), not this process's idle local one.
    await queue.pause();
    const waiting = t.http
      .post('/api/vlm/analyze')
      .set(user.auth)
      .send({ images: [scene.image.toString('base64')] })
      .then((r) => r);
    await waitFor(async () => ((await queue.getWaitingCount()) === 1 ? true : undefined), 10_000);
    const metrics = (await t.http.get('/api/metrics').set(admin.auth).expect(200)).text;
    expect(metrics).toContain('vlm_queue_requests{state="waiting"} 1');
    expect(await status()).toMatchObject({ queue: { waiting: 1 } });
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

  it('says so when Redis does not answer, instead of hanging or inventing numbers, and still shuts down', async () => {
    // A server process of its own: BullMQ keeps reconnecting to a dead Redis inside the process for good.
    const admin = await createUserWithRole(t, 'admin');
    const port = await freePort();
    const server = spawnServer({
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: t.databaseUrl!,
      JWT_SECRET_KEY: 'x'.repeat(40),
      ENCRYPTION_KEY: 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=',
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      VLM_MODE: 'queue',
      REDIS_URL: 'redis://127.0.0.1:1',
      SHUTDOWN_DELAY_MS: '0',
      SHUTDOWN_GRACE_MS: '20000',
    });
    try {
      const base = `http://127.0.0.1:${port}`;
      // The database is connected in the background: wait until readiness names only the missing workers.
      await waitFor(async () => {
        const body = (await (await fetch(`${base}/api/health/ready`)).json().catch(() => null)) as {
          message?: string;
        } | null;
        return body?.message === 'Not ready (model: no inference worker connected)' ? body : undefined;
      }, 60_000);
      const caller = await login(agent(base), admin.email);
      const res = await agent(base).get('/api/vlm/status').set(caller.auth).expect(200);
      expect(res.body.data).toMatchObject({
        mode: 'queue',
        state: 'queue_unreachable',
        workers: null,
        queue: { active: null, waiting: null },
      });
      const signalledAt = Date.now();
      server.child.kill('SIGTERM');
      expect((await server.exited).code).toBe(0);
      expect(Date.now() - signalledAt).toBeLessThan(10_000);
    } finally {
      server.child.kill('SIGKILL');
    }
  });
});

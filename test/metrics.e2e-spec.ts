import { createServer } from 'node:net';
import { png } from './support/images';
import { bootTestApp, TestApp } from './support/test-app';
import { createUserWithRole, LoggedIn, registerUser } from './support/users';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A sample's value from Prometheus text, by metric name and a label subset. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) {
      continue;
    }
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) {
      return Number(match[3]);
    }
  }
  return undefined;
}

describe('Metrics (Prometheus)', () => {
  let t: TestApp;
  let admin: LoggedIn;
  let customer: LoggedIn;
  let metricsPort: number;

  beforeAll(async () => {
    metricsPort = await freePort();
    t = await bootTestApp({ waitForModel: true, env: { METRICS_PORT: String(metricsPort) } });
    admin = await createUserWithRole(t, 'admin');
    customer = await registerUser(t, 'metrics');
  });

  afterAll(async () => {
    await t.close();
  });

  it('counts requests per route pattern and status, the pool, the VLM queue and inference, and the process', async () => {
    const session = (await t.http.post('/api/chat/sessions').set(customer.auth).send({}).expect(201)).body.data.id;
    for (let i = 0; i < 3; i++) {
      await t.http.get(`/api/chat/sessions/${session}`).set(customer.auth).expect(200);
    }
    await t.http.get('/api/chat/sessions/00000000-0000-4000-8000-000000000000').set(customer.auth).expect(404);
    await t.http.get('/api/nowhere').expect(404);
    await t.http
      .post('/api/vlm/analyze')
      .set(customer.auth)
      .send({ images: [(await png(64, 64)).toString('base64')] })
      .expect(200);

    const res = await t.http.get('/api/metrics').set(admin.auth).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers['cache-control']).toBe('no-store');
    const text = res.text;
    const route = '/api/chat/sessions/:session_id';
    expect(sample(text, 'http_request_duration_seconds_count', { method: 'GET', route, status_code: '200' })).toBe(3);
    expect(sample(text, 'http_request_duration_seconds_count', { method: 'GET', route, status_code: '404' })).toBe(1);
    expect(sample(text, 'http_request_duration_seconds_count', { route: 'unmatched', status_code: '404' })).toBe(1);
    expect(text).not.toContain(session); // route patterns, never raw URLs
    expect(sample(text, 'http_responses_total', { status_code: '201' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'db_pool_connections', { state: 'waiting' })).toBe(0);
    expect(sample(text, 'vlm_queue_requests', { state: 'active' })).toBe(0);
    expect(sample(text, 'vlm_inference_duration_seconds_count')).toBe(1);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(sample(text, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('is admin-only on the API port', async () => {
    await t.http.get('/api/metrics').expect(401);
    const forbidden = await t.http.get('/api/metrics').set(customer.auth).expect(403);
    expect(forbidden.body).toMatchObject({ status: 'error', code: 'FORBIDDEN' });
  });

  it('serves GET /metrics without a token on METRICS_PORT, and nothing else there', async () => {
    const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('http_request_duration_seconds_bucket');
    expect((await fetch(`http://127.0.0.1:${metricsPort}/api/users`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/metrics`, { method: 'POST' })).status).toBe(404);
  });
});

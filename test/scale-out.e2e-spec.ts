import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import supertest from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { bootTestApp, TestApp } from './support/test-app';
import { createTestDatabase } from './support/test-database';
import { PASSWORD, uniqueEmail } from './support/users';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Round-robin in front of the instances, like a load balancer: request n goes to instance n mod N. */
function roundRobin(ports: number[]): Promise<{ server: Server; url: string; served: number[] }> {
  const served = ports.map(() => 0);
  let next = 0;
  const server = createServer((incoming: IncomingMessage, outgoing) => {
    const index = next++ % ports.length;
    served[index] += 1;
    const upstream = request(
      {
        host: '127.0.0.1',
        port: ports[index],
        path: incoming.url,
        method: incoming.method,
        headers: incoming.headers,
        agent: false, // no kept-alive upstream sockets: the instances can close
      },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
      },
    );
    upstream.on('error', () => outgoing.writeHead(502).end());
    incoming.pipe(upstream);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, served }),
    ),
  );
}

describe('Two instances on one database behind a round-robin (REDIS_URL for shared rate limits)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const instances: TestApp[] = [];
  let balancer: Awaited<ReturnType<typeof roundRobin>>;
  let http: TestAgent;

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = {
      RATE_LIMIT_ENABLED: 'true',
      REDIS_URL,
      REDIS_KEY_PREFIX: `test:${randomBytes(4).toString('hex')}:`,
    };
    const ports: number[] = [];
    for (let i = 0; i < 2; i += 1) {
      const t = await bootTestApp({ databaseUrl: database.url, env });
      await t.app.listen(0, '127.0.0.1');
      ports.push((t.app.getHttpServer().address() as AddressInfo).port);
      instances.push(t);
    }
    balancer = await roundRobin(ports);
    http = supertest(balancer.url);
  });

  afterAll(async () => {
    balancer.server.closeAllConnections();
    balancer.server.close();
    for (const t of instances) {
      await t.close();
    }
    await database.drop();
  });

  it('logs in on one instance and works on the other; detects refresh-token reuse across instances', async () => {
    const email = uniqueEmail('scale');
    await http.post('/api/auth/register').send({ email, password: PASSWORD }).expect(201);
    const first = (await http.post('/api/auth/login').send({ email, password: PASSWORD }).expect(200)).body.data;
    const auth = { Authorization: `Bearer ${first.access_token}` };
    await http.get('/api/users/me').set(auth).expect(200);
    const session = (await http.post('/api/chat/sessions').set(auth).send({}).expect(201)).body.data.id;
    const posted = await http
      .post(`/api/chat/sessions/${session}/messages`)
      .set(auth)
      .set('Idempotency-Key', 'scale-1')
      .send({ role: 'user', content: 'Washer shows E18' })
      .expect(201);
    // The same key on the other instance replays the first answer: idempotency lives in PostgreSQL.
    const replay = await http
      .post(`/api/chat/sessions/${session}/messages`)
      .set(auth)
      .set('Idempotency-Key', 'scale-1')
      .send({ role: 'user', content: 'Washer shows E18' })
      .expect(201);
    expect(replay.body.data.id).toBe(posted.body.data.id);
    const detail = (await http.get(`/api/chat/sessions/${session}`).set(auth).expect(200)).body.data;
    expect(detail.messages).toHaveLength(1);

    const second = (await http.post('/api/auth/refresh').send({ refresh_token: first.refresh_token }).expect(200)).body
      .data;
    const reused = await http.post('/api/auth/refresh').send({ refresh_token: first.refresh_token }).expect(401);
    expect(reused.body.code).toBe('REFRESH_TOKEN_REUSED');
    // The reuse revoked the whole login, wherever its newer token is presented.
    await http.post('/api/auth/refresh').send({ refresh_token: second.refresh_token }).expect(401);
    expect(Math.min(...balancer.served)).toBeGreaterThan(3); // both instances served
  });

  it('counts rate limits across instances in Redis', async () => {
    const email = uniqueEmail('limited');
    const statuses: number[] = [];
    for (let i = 0; i < 11; i += 1) {
      statuses.push((await http.post('/api/auth/login').send({ email, password: 'wrong password 123' })).status);
    }
    // 10 per account per minute in all; each instance alone saw only 5 or 6.
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
  });

  it('keeps serving, uncounted, when Redis is unreachable', async () => {
    const t = await bootTestApp({
      databaseUrl: database.url,
      env: { RATE_LIMIT_ENABLED: 'true', REDIS_URL: 'redis://127.0.0.1:1' },
    });
    try {
      await t.http.get('/api/health').expect(200);
      await t.http
        .post('/api/auth/login')
        .send({ email: uniqueEmail('x'), password: 'wrong password 123' })
        .expect(401);
    } finally {
      await t.close();
    }
  });
});

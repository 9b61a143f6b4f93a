import { DatabaseConnector } from '../src/database/database-connector.service';
import { TcpProxy } from './support/tcp-proxy';
import { bootTestApp, TestApp } from './support/test-app';
import { LoggedIn, PASSWORD, registerUser } from './support/users';
import { createTestDatabase, TEST_DATABASE_URL, withAdminClient } from './support/test-database';
import { waitFor } from './support/spawn-server';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** The database goes away and comes back, through a TCP proxy (never restarts the shared server). */
describe('Database outages', () => {
  const target = new URL(TEST_DATABASE_URL);
  const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let t: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    await proxy.start();
    await proxy.stop(); // the database is "still coming up" when the app starts
    const viaProxy = new URL(database.url);
    viaProxy.port = String(proxy.port);
    t = await bootTestApp({
      databaseUrl: viaProxy.toString(),
      waitForDatabase: false,
      env: { DB_CONNECT_TIMEOUT_MS: '1000', DB_QUERY_TIMEOUT_MS: '3000' },
    });
  });

  afterAll(async () => {
    await t.close();
    await proxy.stop();
    await database.drop();
  });

  it('starts while the database is down, answers 503 NOT_READY, and becomes ready when it comes up', async () => {
    await t.http.get('/api/health').expect(200);
    const notReady = await t.http.get('/api/health/ready').expect(503);
    expect(notReady.body).toMatchObject({ status: 'error', data: null, code: 'NOT_READY' });
    expect(notReady.body.message).toContain('database');
    expect(notReady.headers['retry-after']).toBeDefined();

    await proxy.start();
    await t.app.get(DatabaseConnector).whenConnected();
    await t.http.get('/api/health/ready').expect(200);
  });

  it('answers 503 while the database is unreachable at runtime and recovers without a restart', async () => {
    const user = await registerUser(t, 'outage');
    await proxy.stop();
    const unavailable = await t.http.get('/api/users/me').set(user.auth).expect(503);
    expect(unavailable.body).toMatchObject({ status: 'error', data: null, code: 'DATABASE_UNAVAILABLE' });
    expect(unavailable.headers['retry-after']).toBe('5');
    const login = await t.http.post('/api/auth/login').send({ email: user.email, password: PASSWORD }).expect(503);
    expect(login.body.code).toBe('DATABASE_UNAVAILABLE');
    const started = Date.now();
    const down = await t.http.get('/api/health/ready').expect(503);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(down.body.code).toBe('NOT_READY');
    await t.http.get('/api/health').expect(200); // the process stays up

    await proxy.start();
    await t.http.get('/api/health/ready').expect(200);
    await t.http.get('/api/users/me').set(user.auth).expect(200);
  });
});

/** A database that hangs (the proxy keeps connections open but forwards nothing), and a saturated pool. */
describe('Frozen database and pool exhaustion', () => {
  const target = new URL(TEST_DATABASE_URL);
  const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let t: TestApp;
  let user: LoggedIn;
  const POOL_MAX = 3;
  const CONNECT_TIMEOUT_MS = 1000;
  const QUERY_TIMEOUT_MS = 1500;

  beforeAll(async () => {
    database = await createTestDatabase();
    await proxy.start();
    const viaProxy = new URL(database.url);
    viaProxy.port = String(proxy.port);
    t = await bootTestApp({
      databaseUrl: viaProxy.toString(),
      env: {
        DB_POOL_MAX: String(POOL_MAX),
        DB_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
        DB_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS),
        DB_STATEMENT_TIMEOUT_MS: '1200',
      },
    });
    user = await registerUser(t, 'frozen');
  });

  afterAll(async () => {
    await t.close();
    await proxy.stop();
    await database.drop();
  });

  /** Server-side view of this test database's sessions (not through the proxy). */
  const activity = () =>
    withAdminClient(
      async (client) =>
        (
          await client.query(`SELECT state FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [
            database.name,
          ])
        ).rows as { state: string | null }[],
    );

  it('times requests out cleanly while the database hangs, stays up, and leaks nothing afterwards', async () => {
    await t.http.get('/api/users/me').set(user.auth).expect(200);
    proxy.freeze();
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: POOL_MAX + 2 }, () => t.http.get('/api/users/me').set(user.auth)),
    );
    const elapsed = Date.now() - started;
    for (const res of results) {
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ status: 'error', data: null, code: 'DATABASE_UNAVAILABLE' });
    }
    // Queued requests wait for a connection at most CONNECT_TIMEOUT_MS, running ones QUERY_TIMEOUT_MS.
    expect(elapsed).toBeLessThan(QUERY_TIMEOUT_MS + CONNECT_TIMEOUT_MS + 3000);
    await t.http.get('/api/health').expect(200); // the process stays up
    await t.http.get('/api/health/ready').expect(503);

    proxy.thaw();
    await waitFor(async () => ((await t.http.get('/api/health/ready')).status === 200 ? true : undefined), 15_000);
    // Every pool slot works again: more concurrent requests than the pool holds all succeed.
    const after = await Promise.all(
      Array.from({ length: POOL_MAX * 3 }, () => t.http.get('/api/chat/sessions').set(user.auth)),
    );
    expect(after.map((r) => r.status)).toEqual(Array(POOL_MAX * 3).fill(200));
    await waitFor(async () => {
      const rows = await activity();
      return rows.every((r) => r.state !== 'idle in transaction' && r.state !== 'idle in transaction (aborted)') &&
        rows.length <= POOL_MAX
        ? true
        : undefined;
    }, 10_000);
  });

  it('answers 503 after DB_CONNECT_TIMEOUT_MS when every pool connection is busy, and recovers when freed', async () => {
    const pool = (t.app.get(DataSource).driver as PostgresDriver).master as {
      connect(): Promise<{ release(): void }>;
    };
    const held = await Promise.all(Array.from({ length: POOL_MAX }, () => pool.connect()));
    try {
      const started = Date.now();
      const res = await t.http.get('/api/chat/sessions').set(user.auth).expect(503);
      const waited = Date.now() - started;
      expect(res.body.code).toBe('DATABASE_UNAVAILABLE');
      expect(res.headers['retry-after']).toBeDefined();
      expect(waited).toBeGreaterThanOrEqual(CONNECT_TIMEOUT_MS - 100);
      expect(waited).toBeLessThan(CONNECT_TIMEOUT_MS + 2000);
      // The log line tells operators the pool was exhausted, not that PostgreSQL did not answer.
      expect(t.serverLog()).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^warn \\[ExceptionFilter\\]: Database unavailable on GET /api/chat/sessions: timeout exceeded when trying to connect \\(pool: ${POOL_MAX} connections, 0 idle, \\d+ waiting\\)$`,
          ),
        ),
      );
    } finally {
      held.forEach((client) => client.release());
    }
    await t.http.get('/api/chat/sessions').set(user.auth).expect(200);
  });
});

import { DatabaseConnector } from '../src/database/database-connector.service';
import { TcpProxy } from './support/tcp-proxy';
import { bootTestApp, TestApp } from './support/test-app';
import { PASSWORD, registerUser } from './support/users';
import { createTestDatabase, TEST_DATABASE_URL } from './support/test-database';

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

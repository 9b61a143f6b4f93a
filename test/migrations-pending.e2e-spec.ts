import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createEmptyDatabase } from './support/test-database';
import { bootTestApp, TestApp } from './support/test-app';

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, withinMs = 15_000): Promise<T> {
  const until = Date.now() + withinMs;
  let last = await probe();
  while (!accept(last) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    last = await probe();
  }
  return last;
}

/**
 * A server started on an unmigrated DATABASE_URL (issue 17): every route answers 503 MIGRATIONS_PENDING naming
 * the command, except liveness, readiness and the API description; start-up says so in one warning line; once
 * ops migrate, it serves without a restart.
 */
describe('Unmigrated database', () => {
  let t: TestApp;
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  const warned = jest.spyOn(Logger.prototype, 'warn');

  beforeAll(async () => {
    database = await createEmptyDatabase('unmigrated');
    t = await bootTestApp({ databaseUrl: database.url });
  });

  afterAll(async () => {
    warned.mockRestore();
    await t.close();
    await database.drop();
  });

  it('answers 503 MIGRATIONS_PENDING everywhere but health, readiness and the API description', async () => {
    const res = await eventually(
      () => t.http.post('/api/auth/register').send({ email: 'x@example.com', password: 'a sturdy passphrase 42' }),
      (r) => r.status === 503,
    );
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 'error', code: 'MIGRATIONS_PENDING', data: null });
    expect(res.body.message).toContain('npm run migration:run');
    expect(res.headers['retry-after']).toBe('5');
    await t.http.get('/api/chat/sessions').expect(503);
    await t.http.get('/api/health').expect(200);
    const ready = await t.http.get('/api/health/ready').expect(503);
    expect(JSON.stringify(ready.body)).toContain('pending migrations');
    await t.http.get('/api/openapi.json').expect(200);
    const lines = warned.mock.calls.map((call) => String(call[0])).filter((line) => /pending migrations/.test(line));
    expect(lines).toHaveLength(1);
  });

  it('serves once the migrations have been run, without a restart', async () => {
    await t.app.get(DataSource).runMigrations({ transaction: 'each' });
    const res = await eventually(
      () => t.http.post('/api/auth/register').send({ email: 'late@example.com', password: 'a sturdy passphrase 42' }),
      (r) => r.status !== 503,
    );
    expect(res.status).toBe(201);
  });
});

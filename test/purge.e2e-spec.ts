import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ExpiredRowsPurger, PURGE_BATCH_SIZE } from '../src/modules/maintenance/expired-rows.purger';
import { MetricsService } from '../src/modules/metrics/metrics.service';
import { bootTestApp, TestApp } from './support/test-app';
import { LoggedIn, registerUser } from './support/users';

/** Expired idempotency keys and refresh tokens are deleted on a schedule, one instance at a time (issue 15). */
describe('Purge of expired rows', () => {
  let t: TestApp;
  let db: DataSource;
  let user: LoggedIn;

  beforeAll(async () => {
    t = await bootTestApp();
    db = t.app.get(DataSource);
    user = await registerUser(t, 'purge');
  });

  afterAll(async () => {
    await t.close();
  });

  const seed = async (expired: number, live: number): Promise<void> => {
    await db.query(
      `INSERT INTO idempotency_keys (user_id, route, key, request_hash, state, locked_until, expires_at)
       SELECT $1, 'POST /x', 'k' || g, repeat('0', 64), 'completed', now(),
              CASE WHEN g <= $2::int THEN now() - interval '1 hour' ELSE now() + interval '1 day' END
         FROM generate_series(1, $2::int + $3::int) g`,
      [user.id, expired, live],
    );
    await db.query(
      `INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at)
       SELECT $1, gen_random_uuid(), md5(random()::text) || md5(random()::text),
              CASE WHEN g <= $2::int THEN now() - interval '1 minute' ELSE now() + interval '1 day' END
         FROM generate_series(1, $2::int + $3::int) g`,
      [user.id, expired, live],
    );
  };
  const count = async (table: string): Promise<number> =>
    Number((await db.query(`SELECT count(*) AS n FROM ${table} WHERE user_id = $1`, [user.id]))[0].n);

  it('deletes every expired row in batches, keeps live ones and counts them in db_purged_rows_total', async () => {
    const liveTokens = await count('refresh_tokens'); // the login's own token
    await seed(PURGE_BATCH_SIZE * 2 + 500, 7);
    const purger = t.app.get(ExpiredRowsPurger);
    const report = await purger.purge();
    expect(report).toEqual({ ran: true, deleted: { idempotency_keys: 2500, refresh_tokens: 2500 } });
    expect(await count('idempotency_keys')).toBe(7);
    expect(await count('refresh_tokens')).toBe(7 + liveTokens);
    const metrics = await t.app.get(MetricsService).registry.getSingleMetricAsString('db_purged_rows_total');
    expect(metrics).toContain('db_purged_rows_total{table="idempotency_keys"} 2500');
    expect(metrics).toContain('db_purged_rows_total{table="refresh_tokens"} 2500');
    // The login still refreshes.
    await t.http.post('/api/auth/refresh').send({ refresh_token: user.refreshToken }).expect(200);
  });

  it('leaves the round to the instance holding the lock', async () => {
    await seed(3, 0);
    const other = new Client({ connectionString: t.databaseUrl });
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock(7380966147364811365)');
      const skipped = await t.app.get(ExpiredRowsPurger).purge();
      expect(skipped).toEqual({ ran: false, deleted: { idempotency_keys: 0, refresh_tokens: 0 } });
      expect(await count('idempotency_keys')).toBeGreaterThanOrEqual(3);
      await other.query('SELECT pg_advisory_unlock(7380966147364811365)');
      const done = await t.app.get(ExpiredRowsPurger).purge();
      expect(done).toEqual({ ran: true, deleted: { idempotency_keys: 3, refresh_tokens: 3 } });
    } finally {
      await other.end();
    }
  });
});

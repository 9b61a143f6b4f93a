import { freePort, spawnServer, waitFor } from './support/spawn-server';
import { createTestDatabase } from './support/test-database';

/** Start-up validation and graceful shutdown of the real server process. */
describe('Server process', () => {
  it('refuses to start on bad configuration, one line per bad variable, without echoing secrets', async () => {
    const server = spawnServer({
      NODE_ENV: 'production',
      PORT: 'eighty',
      JWT_SECRET_KEY: 'short-secret-value',
      JWT_ALGORITHM: 'none',
      DATABASE_URL: 'mysql://root:hunter2@localhost/db',
      ACCESS_TOKEN_TTL: 'soon',
    });
    const { code } = await server.exited;
    expect(code).toBe(1);
    const lines = server.stderr().trim().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'Invalid configuration: PORT must be a whole number from 0 to 65535 (got "eighty")',
        'Invalid configuration: DATABASE_URL must be a postgres:// or postgresql:// URL',
        'Invalid configuration: JWT_SECRET_KEY must be at least 32 bytes in production',
        'Invalid configuration: JWT_ALGORITHM must be one of HS256, HS384, HS512 (got "none")',
        expect.stringContaining('Invalid configuration: ACCESS_TOKEN_TTL must be a duration'),
        'Invalid configuration: ENCRYPTION_KEY is required',
      ]),
    );
    expect(server.stderr() + server.stdout()).not.toContain('short-secret-value');
    expect(server.stderr() + server.stdout()).not.toContain('hunter2');
  });

  it('on SIGTERM turns readiness 503 for SHUTDOWN_DELAY_MS while serving, then exits cleanly', async () => {
    const database = await createTestDatabase();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = spawnServer({
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: database.url,
      JWT_SECRET_KEY: 'x'.repeat(40),
      ENCRYPTION_KEY: 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=',
      SHUTDOWN_DELAY_MS: '2000',
      SHUTDOWN_GRACE_MS: '15000',
    });
    try {
      await waitFor(async () => ((await fetch(`${base}/api/health/ready`)).status === 200 ? true : undefined), 30_000);
      const signalledAt = Date.now();
      server.child.kill('SIGTERM');
      const draining = await waitFor(async () => {
        const res = await fetch(`${base}/api/health/ready`);
        return res.status === 503 ? ((await res.json()) as { code: string }) : undefined;
      }, 1500);
      expect(draining.code).toBe('NOT_READY');
      expect((await fetch(`${base}/api/health`)).status).toBe(200); // still serving during the delay
      const { code } = await server.exited;
      expect(code).toBe(0);
      expect(Date.now() - signalledAt).toBeGreaterThanOrEqual(1900);
      expect(Date.now() - signalledAt).toBeLessThan(15_000);
    } finally {
      server.child.kill('SIGKILL');
      await database.drop();
    }
  });
});

import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundledModelFiles } from '../src/config/model-files';
import { freePort, spawnServer, waitFor } from './support/spawn-server';
import { createTestDatabase, withAdminClient } from './support/test-database';

/** The environment of a server on `port` and a database of its own, plus `extra`. */
function serverEnv(databaseUrl: string, port: number, extra: Record<string, string>): Record<string, string> {
  return {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    JWT_SECRET_KEY: 'x'.repeat(40),
    ENCRYPTION_KEY: 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=',
    ...extra,
  };
}

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
      VLM_MODEL_PATH: '/nonexistent/model',
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
        'Invalid configuration: VLM_MODEL_PATH /nonexistent/model is not a directory',
      ]),
    );
    expect(server.stderr() + server.stdout()).not.toContain('short-secret-value');
    expect(server.stderr() + server.stdout()).not.toContain('hunter2');
  });

  it('stops with one clear line when VLM_MODEL_PATH holds a model that cannot be loaded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bad-model-'));
    try {
      const bundled = bundledModelFiles();
      copyFileSync(bundled.recognition, join(dir, 'rec.onnx'));
      copyFileSync(bundled.dictionary, join(dir, 'dict.txt'));
      writeFileSync(join(dir, 'det.onnx'), 'not an onnx graph');
      writeFileSync(join(dir, 'model.json'), JSON.stringify({ type: 'ocr-paddle', name: 'broken' }));
      const database = await createTestDatabase();
      try {
        const server = spawnServer(serverEnv(database.url, await freePort(), { VLM_MODEL_PATH: dir }));
        const { code } = await server.exited;
        expect(code).toBe(1);
        expect(server.stderr()).toMatch(
          new RegExp(`^Start-up failed: VLM_MODEL_PATH ${dir}: detection model .*det\\.onnx could not be loaded`, 'm'),
        );
      } finally {
        await database.drop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finishes in-flight requests on SIGTERM, their writes landed, and logs no secret', async () => {
    const database = await createTestDatabase();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = spawnServer(
      serverEnv(database.url, port, {
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        SHUTDOWN_DELAY_MS: '0',
        SHUTDOWN_GRACE_MS: '20000',
        RATE_LIMIT_ENABLED: 'false',
      }),
    );
    try {
      await waitFor(async () => ((await fetch(`${base}/api/health/ready`)).status === 200 ? true : undefined), 30_000);
      const password = 'in flight secret 77';
      const emails = Array.from({ length: 12 }, (_, i) => `inflight${i}.${port}@example.com`);
      const posts = emails.map(async (email) => {
        const res = await fetch(`${base}/api/auth/register`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password }),
        });
        return { email, status: res.status, at: Date.now() };
      });
      await new Promise((resolve) => setTimeout(resolve, 150)); // received, still hashing
      const signalledAt = Date.now();
      server.child.kill('SIGTERM');
      const results = await Promise.all(posts);
      // Every request the server had taken completes; one arriving after the listener closed may be
      // refused cleanly (503), never reset half-way.
      expect(results.every((r) => r.status === 201 || r.status === 503)).toBe(true);
      const completedAfterSignal = results.filter((r) => r.status === 201 && r.at > signalledAt);
      expect(completedAfterSignal.length).toBeGreaterThan(0);
      expect((await server.exited).code).toBe(0);
      const created = results.filter((r) => r.status === 201).map((r) => r.email);
      const rows = await withAdminClient(async () => {
        const { Client } = await import('pg');
        const client = new Client({ connectionString: database.url });
        await client.connect();
        try {
          return (await client.query('SELECT email FROM users')).rows as { email: string }[];
        } finally {
          await client.end();
        }
      });
      expect(rows.map((r) => r.email).sort()).toEqual(created.sort());
      const logs = server.stdout() + server.stderr();
      expect(logs).toContain('"req":{"id"'); // JSON lines with the request id in production
      expect(logs).not.toContain(password);
    } finally {
      server.child.kill('SIGKILL');
      await database.drop();
    }
  });

  it('on SIGTERM turns readiness 503 for SHUTDOWN_DELAY_MS while serving, then exits cleanly', async () => {
    const database = await createTestDatabase();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = spawnServer(
      serverEnv(database.url, port, {
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        SHUTDOWN_DELAY_MS: '2000',
        SHUTDOWN_GRACE_MS: '15000',
      }),
    );
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

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootTestApp, TestApp } from './support/test-app';

/** The embedded default (PGlite) must never silently break: same migrations, same app. */
describe('Embedded database (no DATABASE_URL)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vlm-embedded-'));
  let t: TestApp;

  beforeAll(async () => {
    t = await bootTestApp({ databaseUrl: null, env: { DATA_DIR: dataDir } });
  });

  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
    delete process.env.DATA_DIR;
  });

  it('applies the migrations at start-up and is ready', async () => {
    const res = await t.http.get('/api/health/ready').expect(200);
    expect(res.body.data.checks.migrations).toEqual({ status: 'up' });
    expect(existsSync(join(dataDir, 'pglite'))).toBe(true);
    expect(existsSync(join(dataDir, 'pglite.lock'))).toBe(true);
  });
});

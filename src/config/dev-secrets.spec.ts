import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isFernetKey } from './configuration';
import { fillDevelopmentSecrets } from './dev-secrets';

describe('fillDevelopmentSecrets', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vlm-secrets-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('generates missing keys once, stores them 0600 and reuses them on the next start', () => {
    const warnings: string[] = [];
    const first: Record<string, string | undefined> = { DATA_DIR: dir };
    expect(fillDevelopmentSecrets(first, (line) => warnings.push(line))).toEqual(['JWT_SECRET_KEY', 'ENCRYPTION_KEY']);
    expect(isFernetKey(first.ENCRYPTION_KEY ?? '')).toBe(true);
    expect((first.JWT_SECRET_KEY ?? '').length).toBeGreaterThanOrEqual(32);
    expect(statSync(join(dir, 'dev-secrets.json')).mode & 0o777).toBe(0o600);
    expect(warnings.join('\n')).not.toContain(first.JWT_SECRET_KEY);

    const second: Record<string, string | undefined> = { DATA_DIR: dir };
    fillDevelopmentSecrets(second, () => undefined);
    expect(second).toEqual(first);
    expect(JSON.parse(readFileSync(join(dir, 'dev-secrets.json'), 'utf8'))).toEqual({
      JWT_SECRET_KEY: first.JWT_SECRET_KEY,
      ENCRYPTION_KEY: first.ENCRYPTION_KEY,
    });
  });

  it('never generates keys in production', () => {
    const env: Record<string, string | undefined> = { DATA_DIR: dir, NODE_ENV: 'production' };
    expect(fillDevelopmentSecrets(env, () => undefined)).toEqual([]);
    expect(env.JWT_SECRET_KEY).toBeUndefined();
  });

  it('leaves keys that are set alone', () => {
    const env: Record<string, string | undefined> = { DATA_DIR: dir, JWT_SECRET_KEY: 'mine' };
    expect(fillDevelopmentSecrets(env, () => undefined)).toEqual(['ENCRYPTION_KEY']);
    expect(env.JWT_SECRET_KEY).toBe('mine');
  });
});

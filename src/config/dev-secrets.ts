import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Env } from './env-parsers';
import { processLogger } from './logger-options';

const GENERATORS: Record<string, () => string> = {
  JWT_SECRET_KEY: () => randomBytes(48).toString('base64url'),
  ENCRYPTION_KEY: () => randomBytes(32).toString('base64url') + '=',
};

/**
 * Outside production, a missing JWT_SECRET_KEY or ENCRYPTION_KEY is generated once, stored under the
 * data directory (mode 0600) and reused on the next start, so `npm start` works with no .env at all
 * and data encrypted yesterday still decrypts today. Production must set both explicitly.
 * Returns the names that were filled in (never the values).
 */
export function fillDevelopmentSecrets(
  env: Env,
  warn: (line: string) => void = (line) => processLogger('Config', env).warn(line),
  names: readonly string[] = Object.keys(GENERATORS),
): string[] {
  if (env.NODE_ENV === 'production') {
    return [];
  }
  const missing = names.filter((name) => name in GENERATORS && !env[name]?.trim());
  if (missing.length === 0) {
    return [];
  }
  const dataDir = resolve(env.DATA_DIR?.trim() || './data');
  const file = join(dataDir, 'dev-secrets.json');
  const stored = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  let changed = false;
  for (const name of missing) {
    if (!stored[name]) {
      stored[name] = GENERATORS[name]();
      changed = true;
    }
    env[name] = stored[name];
    warn(`${name} is not set: using the development key stored in ${file} (set it explicitly in production)`);
  }
  if (changed) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2) + '\n', { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return missing;
}

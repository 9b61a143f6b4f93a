/**
 * npm run legacy:import -- --from <legacy PostgreSQL URL> [--dry-run] [--json] [--batch-size N]
 * Copies the Python backend's users, chats, photos and feedback into DATABASE_URL (migrated), re-encrypting
 * with ENCRYPTION_KEY what it opens with LEGACY_ENCRYPTION_KEY. Exit 0: everything carried; 1: something was
 * not (the report says what); 2: a usage or configuration problem, named in one line.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { ConfigService, ConfigType } from '@nestjs/config';
import { parseArgs } from 'node:util';
import { CryptoModule } from '../src/common/crypto/crypto.module';
import { FernetKey, FernetKeyring } from '../src/common/crypto/fernet';
import { CommandLineConfigModule } from '../src/config/command-line-config.module';
import { databaseConfig, EnvError } from '../src/config/configuration';
import { describeReport, exitCodeOf } from '../src/legacy-import/import-report';
import { ImportConfigurationError, runLegacyImport } from '../src/legacy-import/legacy-importer';
import { cliLogger } from '../src/config/logger-options';
import { openCliContext } from './lib/cli-context';

/** Diagnostics in the log format, on stderr; the report stays plain on stdout. */
const log = cliLogger('legacy:import');

const USAGE = 'usage: npm run legacy:import -- --from <legacy PostgreSQL URL> [--dry-run] [--json] [--batch-size N]';

class UsageError extends Error {}

/**
 * Our database's URL and keys, through ConfigService like the server. No development keys: what is imported must
 * be readable by the installation it is for, so ENCRYPTION_KEY is required.
 */
@Module({
  imports: [CommandLineConfigModule.forSections(['database', 'crypto'], { developmentKeys: false }), CryptoModule],
})
class LegacyImportModule {}

function isPostgresUrl(value: string): boolean {
  try {
    return ['postgres:', 'postgresql:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

function options(): { from: string; dryRun: boolean; json: boolean; batchSize: number } {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        from: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        'batch-size': { type: 'string', default: '500' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  const from = values.from as string | undefined;
  if (from === undefined || !isPostgresUrl(from)) {
    throw new UsageError(`--from must be the legacy database's postgresql:// URL\n${USAGE}`);
  }
  const batchSize = Number(values['batch-size']);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 5000) {
    throw new UsageError('--batch-size must be a whole number from 1 to 5000');
  }
  return { from, dryRun: values['dry-run'] === true, json: values.json === true, batchSize };
}

/** The Python backend's key, from the environment ConfigService holds (the tool's own variable). */
function legacyKeyFrom(config: ConfigService): FernetKey {
  const legacy = config.get<string>('LEGACY_ENCRYPTION_KEY')?.trim();
  if (!legacy) {
    throw new UsageError('LEGACY_ENCRYPTION_KEY is required: the Python backend’s ENCRYPTION_KEY');
  }
  try {
    return new FernetKey(legacy);
  } catch {
    throw new UsageError('LEGACY_ENCRYPTION_KEY must be a Fernet key: 32 bytes in URL-safe base64 (44 characters)');
  }
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof options>;
  try {
    parsed = options();
  } catch (error) {
    if (error instanceof UsageError) {
      log.error(error.message);
      return 2;
    }
    throw error;
  }
  const app = await openCliContext(LegacyImportModule, 'legacy:import');
  if (app instanceof EnvError) {
    log.error(app.message);
    return 2;
  }
  try {
    const target = app.get<ConfigType<typeof databaseConfig>>(databaseConfig.KEY).url;
    if (target === undefined || !isPostgresUrl(target)) {
      throw new UsageError('DATABASE_URL must be the postgresql:// URL of our database (migrated)');
    }
    const legacyKey = legacyKeyFrom(app.get(ConfigService));
    const terminal = process.stderr.isTTY === true;
    const report = await runLegacyImport({
      sourceUrl: parsed.from,
      targetUrl: target,
      legacyKey,
      keyring: app.get(FernetKeyring),
      dryRun: parsed.dryRun,
      batchSize: parsed.batchSize,
      progress: terminal
        ? (table, done, total) => process.stderr.write(`\r${table}: ${done}/${total} rows${done >= total ? '\n' : ''}`)
        : undefined,
    });
    console.log(parsed.json ? JSON.stringify(report, null, 2) : describeReport(report));
    return exitCodeOf(report);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ImportConfigurationError) {
      log.error(error.message);
      return 2;
    }
    throw error;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log.error(`legacy:import failed: ${(error as Error).message}`);
    process.exit(1);
  },
);

/**
 * npm run keys:rotate [-- --batch-size N]: re-encrypts every encrypted column of every table under
 * ENCRYPTION_KEY, opening old values with ENCRYPTION_KEYS_PREVIOUS. Shows progress per batch; Ctrl-C
 * (or SIGTERM) stops after the current batch, and running it again resumes (rows already under the
 * current key are skipped). Keep the old keys in ENCRYPTION_KEYS_PREVIOUS until it reports 0 left.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { CryptoModule } from '../src/common/crypto/crypto.module';
import { FernetKeyring } from '../src/common/crypto/fernet';
import { encryptedTables, rotateTable } from '../src/common/crypto/key-rotation';
import { CommandLineConfigModule } from '../src/config/command-line-config.module';
import { EnvError } from '../src/config/configuration';
import { CommandLineDatabaseModule } from '../src/database/command-line-database.module';
import { AuditLogEntity } from '../src/modules/audit/entities/audit-log.entity';
import { cliLogger } from '../src/config/logger-options';
import { openCliContext } from './lib/cli-context';

/** Diagnostics in the log format, on stderr; the report stays plain on stdout. */
const log = cliLogger('keys:rotate');

/** The database and the keyring, configured through ConfigService like the server (the same development keys). */
@Module({
  imports: [
    CommandLineConfigModule.forSections(['database', 'crypto'], { developmentKeys: true }),
    CommandLineDatabaseModule,
    CryptoModule,
  ],
})
class KeysRotateModule {}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { 'batch-size': { type: 'string', default: '500' } }, strict: true });
  const batchSize = Number(values['batch-size']);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    log.error('--batch-size must be a whole number from 1 to 10000');
    return 1;
  }
  const app = await openCliContext(KeysRotateModule, 'keys:rotate');
  if (app instanceof EnvError) {
    log.error(app.message);
    return 1;
  }
  const ring = app.get(FernetKeyring);
  const dataSource = app.get(DataSource);
  let stopping = false;
  const stop = (): void => {
    stopping = true;
    console.log('Stopping after the current batch…');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  let unreadable = 0;
  const rotated: Record<string, number> = {};
  let completed = false;
  try {
    for (const target of encryptedTables(dataSource)) {
      const [{ total }] = (await dataSource.query(`SELECT count(*)::int AS total FROM "${target.table}"`)) as {
        total: number;
      }[];
      const columns = target.columns.map((c) => c.name).join(', ');
      const result = await rotateTable(dataSource, ring, target, {
        batchSize,
        shouldStop: () => stopping,
        onBatch: (s) =>
          console.log(
            `${target.table} (${columns}): ${s.scanned}/${total} rows scanned, ${s.rotated} values re-encrypted`,
          ),
      });
      unreadable += result.unreadable;
      rotated[target.table] = result.rotated;
      if (!result.completed) {
        console.log('Interrupted: run npm run keys:rotate again to resume.');
        return 2;
      }
      console.log(`${target.table}: done (${result.rotated} re-encrypted, ${result.unreadable} unreadable)`);
    }
    completed = true;
  } finally {
    // The audit log records every run, interrupted or not (no actor: an ops tool).
    await dataSource
      .getRepository(AuditLogEntity)
      .insert({
        actorId: null,
        action: 'keys.rotated',
        targetType: 'encryption_keys',
        targetId: null,
        details: { completed, re_encrypted: rotated, unreadable, previous_keys: ring.keys.length - 1 },
      })
      .catch((error: unknown) => log.error(`Could not write the audit record: ${(error as Error).message}`));
    await app.close();
  }
  if (unreadable > 0) {
    log.warn(`${unreadable} value(s) could not be opened with any configured key and were left unchanged.`);
    return 3;
  }
  console.log('All encrypted columns are under the current key.');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log.error(`keys:rotate failed: ${(error as Error).message}`);
    process.exit(1);
  },
);

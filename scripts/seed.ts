/**
 * npm run seed: loads the fault knowledge base (src/database/seeds/knowledge-base.json) into the
 * database, idempotently (unchanged entries are not rewritten; entries gone from the file are removed).
 * Runs through a Nest application context with only configuration, database and Diagnosis modules.
 * Needs DATABASE_URL (or the embedded database while the server is stopped; the server seeds it itself).
 */
import 'dotenv/config';
import { Module } from '@nestjs/common';
import { AppConfigModule } from '../src/config/config.module';
import { EnvError } from '../src/config/configuration';
import { DatabaseModule } from '../src/database/database.module';
import { DatabaseConnector } from '../src/database/database-connector.service';
import { DiagnosisModule } from '../src/modules/diagnosis/diagnosis.module';
import { describe, KnowledgeBaseSeeder } from '../src/modules/diagnosis/knowledge-base.seeder';
import { cliLogger } from '../src/config/logger-options';
import { openCliContext } from './lib/cli-context';

/** Diagnostics in the log format, on stderr; the report stays plain on stdout. */
const log = cliLogger('seed');

@Module({ imports: [AppConfigModule, DatabaseModule, DiagnosisModule] })
class SeedModule {}

async function main(): Promise<void> {
  const app = await openCliContext(SeedModule, 'seed');
  if (app instanceof EnvError) {
    throw app;
  }
  try {
    await app.init();
    await app.get(DatabaseConnector).whenConnected();
    const report = await app.get(KnowledgeBaseSeeder).seed();
    console.log(describe(report));
  } finally {
    await app.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    log.error(error instanceof EnvError ? error.message : `Seed failed: ${(error as Error).message}`);
    process.exit(1);
  },
);

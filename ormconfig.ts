/**
 * The TypeORM data source for the CLI and ops (migration:run, migration:generate, …). It is built by
 * the same factory as the app's, from the same environment (.env is read when present).
 */
import 'dotenv/config';
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { readDatabaseConfig } from './src/config/configuration';
import { EnvReader } from './src/config/env-parsers';
import { EmbeddedDatabaseLock } from './src/database/embedded-lock';
import { buildDataSourceOptions, isEmbedded } from './src/database/typeorm-options';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const reader = new EnvReader(process.env);
const config = readDatabaseConfig(process.env, reader);
if (reader.problems.length > 0) {
  fail(reader.problems.map((line) => `Invalid configuration: ${line}`).join('\n'));
}
const refusal = isEmbedded(config) ? new EmbeddedDatabaseLock(config.embeddedDir).refusal() : undefined;
if (refusal !== undefined) {
  fail(refusal);
}

export default new DataSource(buildDataSourceOptions(config));

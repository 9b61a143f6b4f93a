import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { DatabaseConfig } from '../config/configuration';
import { createSerializedPGliteDriver } from './embedded-pool';
import { WatchedClient } from './watched-client';

const ROOT = join(__dirname, '..', '..');

/** Entities and migrations resolve from the source tree under ts-node/jest and from dist when built. */
export const ENTITY_GLOBS = [join(ROOT, 'src', 'modules', '**', 'entities', '*.entity.{ts,js}')];
export const MIGRATION_GLOBS = [join(ROOT, 'migrations', '*.{ts,js}')];
/**
 * Entity subscribers (encryption at rest keeps decryption failures out of entities with one): named by path,
 * like the entities, so this layer imports nothing of common/ or the modules.
 */
export const SUBSCRIBER_GLOBS = [join(ROOT, 'src', '**', '*.subscriber.{ts,js}')];

export function isEmbedded(config: DatabaseConfig): boolean {
  return config.url === undefined;
}

/**
 * The one factory for TypeORM options, used by the app (TypeOrmModule.forRootAsync) and by
 * ormconfig.ts (the CLI's data source), so both always agree.
 */
export function buildDataSourceOptions(
  config: DatabaseConfig,
  onPoolError: (error: Error) => void = () => undefined,
): DataSourceOptions {
  const common = {
    type: 'postgres' as const,
    entities: ENTITY_GLOBS,
    subscribers: SUBSCRIBER_GLOBS,
    migrations: MIGRATION_GLOBS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logging: false,
    // Ids come from gen_random_uuid() (core since PostgreSQL 13): no uuid-ossp/pgcrypto, which PGlite lacks.
    installExtensions: false,
    uuidExtension: 'pgcrypto' as const,
  };
  if (isEmbedded(config)) {
    return { ...common, driver: createSerializedPGliteDriver({ dataDir: config.embeddedDir }) };
  }
  return {
    ...common,
    url: config.url,
    // An unhandled 'error' on an idle pooled client would kill the process.
    poolErrorHandler: onPoolError,
    connectTimeoutMS: config.connectTimeoutMs,
    extra: {
      max: config.poolMax,
      connectionTimeoutMillis: config.connectTimeoutMs,
      // The read timeout, without node-postgres' per-query query_timeout (see WatchedClient).
      Client: WatchedClient,
      readTimeoutMs: config.queryTimeoutMs,
      statement_timeout: config.statementTimeoutMs,
      idle_in_transaction_session_timeout: config.idleInTransactionTimeoutMs,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10000,
      application_name: 'appliance-vlm-backend',
    },
  };
}

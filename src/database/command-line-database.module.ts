import { Global, Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { databaseConfig } from '../config/configuration';
import { EmbeddedDatabaseLock } from './embedded-lock';
import { transactionsModule } from './transactions';
import { buildDataSourceOptions, isEmbedded } from './typeorm-options';

/**
 * The database of a command-line tool's application context: the same options as the server's, connected at
 * once (no retries: a tool reports an unreachable database and exits); the embedded database is refused while
 * the server holds it, and migrated when opened, as the server would.
 */
@Global()
@Module({
  imports: [
    transactionsModule(),
    TypeOrmModule.forRootAsync({
      inject: [databaseConfig.KEY],
      useFactory: (config: ConfigType<typeof databaseConfig>) => {
        const embedded = isEmbedded(config);
        const refusal = embedded ? new EmbeddedDatabaseLock(config.embeddedDir).refusal() : undefined;
        if (refusal !== undefined) {
          throw new Error(refusal);
        }
        return { ...buildDataSourceOptions(config), migrationsRun: embedded, retryAttempts: 0 };
      },
    }),
  ],
})
export class CommandLineDatabaseModule {}

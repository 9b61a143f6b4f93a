import { Global, Logger, Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { databaseConfig } from '../config/configuration';
import { DatabaseConnector } from './database-connector.service';
import { transactionsModule } from './transactions';
import { buildDataSourceOptions } from './typeorm-options';

@Global()
@Module({
  imports: [
    transactionsModule(),
    TypeOrmModule.forRootAsync({
      inject: [databaseConfig.KEY],
      useFactory: (config: ConfigType<typeof databaseConfig>) => {
        const logger = new Logger('DatabasePool');
        return {
          ...buildDataSourceOptions(config, (error) =>
            logger.warn(`Idle database connection failed: ${error.message}`),
          ),
          // DatabaseConnector initializes it, so start-up does not wait for a PostgreSQL still booting.
          manualInitialization: true,
        };
      },
    }),
  ],
  providers: [DatabaseConnector],
  exports: [DatabaseConnector],
})
export class DatabaseModule {}

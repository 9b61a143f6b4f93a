import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import {
  appConfig,
  authConfig,
  cryptoConfig,
  databaseConfig,
  limitsConfig,
  vlmConfig,
  validateEnvironment,
} from './configuration';
import { fillDevelopmentSecrets } from './dev-secrets';

/**
 * Global, cached, validated configuration. `.env` is read except under NODE_ENV=test, so a developer's
 * .env never leaks into the test suite. Validation reports every bad variable, one line each.
 */
@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      cache: true,
      ignoreEnvFile: process.env.NODE_ENV === 'test',
      load: [appConfig, databaseConfig, authConfig, cryptoConfig, vlmConfig, limitsConfig],
      validate: (config: Record<string, unknown>) => {
        const env = config as Record<string, string | undefined>;
        fillDevelopmentSecrets(env);
        validateEnvironment(env);
        return env;
      },
    }),
  ],
})
export class AppConfigModule {}

import { Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { AllExceptionsFilter } from './common/filters/all-exceptions.filter';
import { EnvelopeInterceptor } from './common/interceptors/envelope.interceptor';
import { LifecycleModule } from './common/lifecycle/lifecycle.module';
import { LoggingModule } from './common/logging/logging.module';
import { AppValidationPipe } from './common/pipes/app-validation.pipe';
import { AppConfigModule } from './config/config.module';
import { appConfig } from './config/configuration';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './modules/health/health.module';

/** Default per-IP budget for every route; auth routes tighten it with @Throttle. */
export const DEFAULT_RATE_LIMIT = { ttl: 60_000, limit: 300 };

@Module({
  imports: [
    AppConfigModule,
    LoggingModule,
    LifecycleModule,
    DatabaseModule,
    ThrottlerModule.forRootAsync({
      inject: [appConfig.KEY],
      useFactory: (config: ConfigType<typeof appConfig>) => ({
        throttlers: [{ name: 'default', ...DEFAULT_RATE_LIMIT }],
        skipIf: () => !config.rateLimitEnabled,
      }),
    }),
    HealthModule,
  ],
  providers: [
    { provide: APP_PIPE, useClass: AppValidationPipe },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
    { provide: APP_INTERCEPTOR, useClass: EnvelopeInterceptor },
    { provide: APP_GUARD, useClass: ThrottlerGuard },
  ],
})
export class AppModule {}

import { DynamicModule, Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AllExceptionsFilter } from './common/filters/all-exceptions.filter';
import { EnvelopeInterceptor } from './common/interceptors/envelope.interceptor';
import { LifecycleModule } from './common/lifecycle/lifecycle.module';
import { LoggingModule } from './common/logging/logging.module';
import { AppValidationPipe } from './common/pipes/app-validation.pipe';
import { AppConfigModule } from './config/config.module';
import { appConfig, VlmConfig } from './config/configuration';
import { DatabaseModule } from './database/database.module';
import { AuditModule } from './modules/audit/audit.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { MaintenanceModule } from './modules/maintenance/maintenance.module';
import { HealthModule } from './modules/health/health.module';
import { AuthModule } from './modules/auth/auth.module';
import { CredentialThrottlerGuard } from './modules/auth/credential-throttler.guard';
import { ChatModule } from './modules/chat/chat.module';
import { ChatFeedbackModule } from './modules/chat-feedback/chat-feedback.module';
import { TechnicianFeedbackModule } from './modules/technician-feedback/technician-feedback.module';
import { AnalyticsModule } from './modules/analytics/analytics.module';
import { CryptoModule } from './common/crypto/crypto.module';
import { UsersModule } from './modules/users/users.module';
import { VlmModule } from './modules/vlm/vlm.module';
import { VlmQueueModule } from './modules/vlm/vlm-queue.module';
import { AssistantModule } from './modules/assistant/assistant.module';
import { DispatchModule } from './modules/dispatch/dispatch.module';
import { DiagnosisModule } from './modules/diagnosis/diagnosis.module';
import { JwtAuthGuard } from './common/guards/jwt-auth.guard';
import { RolesGuard } from './common/guards/roles.guard';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { FailOpenThrottlerStorage } from './common/rate-limit/rate-limit-storage';
import { RedisConnection, RedisModule } from './common/redis/redis.module';
import { throttlers } from './common/rate-limit/rate-limit';

@Module({
  imports: [
    AppConfigModule,
    LoggingModule,
    LifecycleModule,
    CryptoModule,
    DatabaseModule,
    RedisModule,
    ThrottlerModule.forRootAsync({
      inject: [appConfig.KEY, RedisConnection],
      useFactory: (config: ConfigType<typeof appConfig>, redis: RedisConnection) => ({
        throttlers: throttlers(config.rateLimitEnabled, config.rateLimitPerMinute),
        // With REDIS_URL, every instance counts against the same limits.
        storage: redis.client
          ? new FailOpenThrottlerStorage(new ThrottlerStorageRedisService(redis.client), (m) => redis.warn(m))
          : undefined,
      }),
    }),
    MetricsModule,
    MaintenanceModule,
    AuditModule,
    HealthModule,
    UsersModule,
    AuthModule,
    ChatModule,
    ChatFeedbackModule,
    TechnicianFeedbackModule,
    AnalyticsModule,
    VlmModule,
    AssistantModule,
    DispatchModule,
    DiagnosisModule,
  ],
  providers: [
    { provide: APP_PIPE, useClass: AppValidationPipe },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
    { provide: APP_INTERCEPTOR, useClass: EnvelopeInterceptor },
    // Guards run in this order: rate limit, authentication, role.
    { provide: APP_GUARD, useExisting: CredentialThrottlerGuard },
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
})
export class AppModule {
  /**
   * The app for these settings, decided when it is created (tests create apps with different settings in one
   * process): VLM_MODE=queue adds the BullMQ queue; without it nothing connects to Redis for jobs.
   */
  static forRoot(vlm: Pick<VlmConfig, 'mode'>): DynamicModule {
    return { module: AppModule, imports: vlm.mode === 'queue' ? [VlmQueueModule] : [] };
  }
}

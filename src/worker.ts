/**
 * npm run worker: an inference worker for VLM_MODE=queue. Loads the same model as the API would, then
 * serves BullMQ jobs from the API instances (VLM_MAX_CONCURRENCY at a time). Needs REDIS_URL; no database.
 * SIGTERM/SIGINT: stops taking jobs, finishes the running ones, exits.
 */
import 'reflect-metadata';
import 'dotenv/config';
import { Logger, Module } from '@nestjs/common';
import { Logger as PinoLogger } from 'nestjs-pino';
import { LoggingModule } from './common/logging/logging.module';
import { processLogger } from './config/logger-options';
import { ConfigType } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { UnrecoverableError, Worker } from 'bullmq';
import { hostname } from 'node:os';
import { AppConfigModule } from './config/config.module';
import { appConfig, EnvError, validateEnvironment, vlmConfig } from './config/configuration';
import { ApiError, ApiErrorBody } from './common/http/api-error';
import { AnalyzeJob, bullConnection, lockTimings, VLM_QUEUE } from './modules/vlm/vlm-job-queue';
import { VlmModelHost } from './modules/vlm/vlm-model.host';
import { VlmService } from './modules/vlm/vlm.service';
import { AnalyzeResultDto } from './modules/vlm/dto/vlm.dto';

@Module({ imports: [AppConfigModule, LoggingModule], providers: [VlmModelHost, VlmService] })
class WorkerModule {}

async function main(): Promise<void> {
  validateEnvironment(process.env);
  if (!process.env.REDIS_URL) {
    throw new EnvError('Invalid configuration: REDIS_URL is required by the inference worker');
  }
  process.env.VLM_MODE = 'local'; // the worker reads with its own model
  // The API's log format and LOG_LEVEL (nestjs-pino through LoggingModule).
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(PinoLogger));
  const logger = new Logger('Worker');
  const app_ = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  const vlm = app.get<ConfigType<typeof vlmConfig>>(vlmConfig.KEY);
  await app.get(VlmModelHost).load();
  const service = app.get(VlmService);
  const connection = bullConnection(app_.redisUrl!);
  const name = process.env.WORKER_NAME ?? `${hostname()}:${process.pid}`;
  const worker = new Worker<AnalyzeJob, AnalyzeResultDto>(
    VLM_QUEUE,
    async (job) => {
      try {
        return await service.read(
          job.data.images.map((image) => Buffer.from(image, 'base64')),
          job.data.text,
        );
      } catch (error) {
        if (error instanceof ApiError && (error.getResponse() as ApiErrorBody).code === 'INVALID_IMAGE') {
          throw new UnrecoverableError('INVALID_IMAGE'); // the client's image: no retry
        }
        throw error;
      }
    },
    {
      connection,
      prefix: `${app_.redisKeyPrefix}bull`,
      concurrency: vlm.maxConcurrency,
      name,
      maxStalledCount: 2,
      ...lockTimings(vlm.timeoutMs),
    },
  );
  await worker.waitUntilReady();
  logger.log(`Inference worker ${name} ready (${vlm.maxConcurrency} at a time)`);
  const stop = (): void => {
    logger.log('Stopping: finishing running jobs');
    void worker
      .close()
      .then(() => app.close())
      .then(() => connection.disconnect())
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  processLogger('Worker').fatal(
    error instanceof EnvError ? error.message : `Worker failed: ${(error as Error).message}`,
  );
  process.exit(1);
});

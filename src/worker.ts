/**
 * npm run worker: an inference worker for VLM_MODE=queue. Loads the same model as the API would, then
 * serves BullMQ jobs from the API instances (VLM_MAX_CONCURRENCY at a time). Needs REDIS_URL; no database.
 * SIGTERM/SIGINT: stops taking jobs, finishes the running ones, exits.
 */
import 'reflect-metadata';
import 'dotenv/config';
import { Logger, Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import { hostname } from 'node:os';
import { LoggingModule } from './common/logging/logging.module';
import { AppConfigModule } from './config/config.module';
import { EnvError, settingsFor, vlmConfig } from './config/configuration';
import { processLogger } from './config/logger-options';
import { VlmWorkerModule } from './modules/vlm/vlm-queue.module';

async function main(): Promise<void> {
  // Parsed once (every bad variable reported together); the context's ConfigModule reads the same result.
  if (!settingsFor(process.env).app.redisUrl) {
    throw new EnvError('Invalid configuration: REDIS_URL is required by the inference worker');
  }
  process.env.VLM_MODE = 'local'; // the worker reads with its own model
  const name = process.env.WORKER_NAME ?? `${hostname()}:${process.pid}`;

  @Module({ imports: [AppConfigModule, LoggingModule, VlmWorkerModule.forWorker(name)] })
  class WorkerModule {}

  // The API's log format and LOG_LEVEL (nestjs-pino through LoggingModule). The context is ready once the model
  // is loaded and the BullMQ worker (@nestjs/bullmq) is taking jobs.
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(PinoLogger));
  const vlm = app.get<ConfigType<typeof vlmConfig>>(vlmConfig.KEY);
  const logger = new Logger('Worker');
  logger.log(`Inference worker ${name} ready (${vlm.maxConcurrency} at a time)`);
  const stop = (): void => {
    logger.log('Stopping: finishing running jobs');
    // @nestjs/bullmq closes the worker (running jobs finish) and its connections.
    void app.close().finally(() => process.exit(0));
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

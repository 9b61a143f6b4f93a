import { BullModule, BullRootModuleOptions } from '@nestjs/bullmq';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { UnrecoverableError, type Job } from 'bullmq';
import { appConfig, vlmConfig } from '../../config/configuration';
import { ApiError, ApiErrorBody } from '../../common/http/api-error';
import { AnalyzeResultDto } from './dto/vlm.dto';
import { AnalyzeJob, lockTimings, VLM_QUEUE, VlmJobQueue } from './vlm-job-queue';
import { VlmModelHost } from './vlm-model.host';
import { VlmService } from './vlm.service';

/**
 * BullMQ through @nestjs/bullmq, for VLM_MODE=queue. One Redis (REDIS_URL) and key prefix (REDIS_KEY_PREFIX +
 * "bull") for the API's queue and the workers; BullMQ owns its connections (its blocking commands wait, hence no
 * per-command retry limit) and @nestjs/bullmq closes them on shutdown.
 */
const bullRoot = BullModule.forRootAsync({
  inject: [appConfig.KEY],
  useFactory: (app: ConfigType<typeof appConfig>): BullRootModuleOptions => ({
    connection: { url: app.redisUrl ?? undefined, maxRetriesPerRequest: null },
    prefix: `${app.redisKeyPrefix}bull`,
  }),
});

/**
 * The API side: the queue and VlmJobQueue, which VlmService and readiness use. Imported by the app only when
 * VLM_MODE=queue (AppModule.forRoot), so without it nothing connects to Redis for jobs; global, so VlmModule and
 * HealthModule find VlmJobQueue when it is there (they inject it as optional).
 */
@Global()
@Module({
  imports: [bullRoot, BullModule.registerQueue({ name: VLM_QUEUE })],
  providers: [VlmJobQueue],
  exports: [VlmJobQueue],
})
export class VlmQueueModule {}

/** Reads one job with the worker's own model; an image the model cannot decode fails for good (no retry). */
export async function readAnalyzeJob(service: VlmService, job: Job<AnalyzeJob>): Promise<AnalyzeResultDto> {
  try {
    return await service.read(
      job.data.images.map((image) => Buffer.from(image, 'base64')),
      job.data.text,
    );
  } catch (error) {
    if (error instanceof ApiError && (error.getResponse() as ApiErrorBody).code === 'INVALID_IMAGE') {
      throw new UnrecoverableError('INVALID_IMAGE');
    }
    throw error;
  }
}

/** The model and the reading code, for the worker's queue factory. */
@Module({ providers: [VlmModelHost, VlmService], exports: [VlmModelHost, VlmService] })
class WorkerInferenceModule {}

/**
 * The worker side (`npm run worker`): the queue's processor, created only once the model is loaded, so a worker
 * takes no job it cannot read; VLM_MAX_CONCURRENCY jobs at a time, its lock and stall check well below
 * VLM_TIMEOUT_MS (lockTimings), a stalled job retried at most twice. @nestjs/bullmq closes the worker on
 * shutdown, letting its running jobs finish.
 */
@Module({})
export class VlmWorkerModule {
  static forWorker(name: string): DynamicModule {
    return {
      module: VlmWorkerModule,
      imports: [
        bullRoot,
        BullModule.registerQueueAsync({
          name: VLM_QUEUE,
          imports: [WorkerInferenceModule],
          inject: [VlmModelHost, VlmService, vlmConfig.KEY],
          useFactory: async (host: VlmModelHost, service: VlmService, vlm: ConfigType<typeof vlmConfig>) => {
            await host.load();
            return {
              processors: [
                {
                  callback: (job: Job<AnalyzeJob>) => readAnalyzeJob(service, job),
                  name,
                  concurrency: vlm.maxConcurrency,
                  maxStalledCount: 2,
                  ...lockTimings(vlm.timeoutMs),
                },
              ],
            };
          },
        }),
      ],
    };
  }
}

import 'dotenv/config';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { ShutdownState } from './common/lifecycle/shutdown-state';
import { ConfigType } from '@nestjs/config';
import { AppConfig, appConfig, EnvError, vlmConfig } from './config/configuration';
import { VlmModelHost } from './modules/vlm/vlm-model.host';

/**
 * SIGTERM (an orchestrator): readiness turns 503 for SHUTDOWN_DELAY_MS while we keep serving, then the
 * listener closes, in-flight requests finish, the pool closes, and we exit; SHUTDOWN_GRACE_MS bounds it
 * all. SIGINT (a person at a terminal) skips the delay but still drains.
 */
function installShutdown(app: NestFastifyApplication, config: AppConfig): void {
  const logger = new Logger('Shutdown');
  let started = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (started) {
      return;
    }
    started = true;
    const delayMs = signal === 'SIGTERM' ? config.shutdownDelayMs : 0;
    logger.log(`${signal} received: draining for ${delayMs} ms, then closing (grace ${config.shutdownGraceMs} ms)`);
    app.get(ShutdownState).beginDraining();
    setTimeout(() => {
      logger.error(`Shutdown did not finish within ${config.shutdownGraceMs} ms: exiting`);
      process.exit(1);
    }, config.shutdownGraceMs).unref();
    setTimeout(() => {
      app
        .close()
        .then(() => process.exit(0))
        .catch((error: unknown) => {
          logger.error(`Shutdown failed: ${(error as Error).message}`);
          process.exit(1);
        });
    }, delayMs);
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

async function bootstrap(): Promise<void> {
  const app = await createApp();
  const config = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  installShutdown(app, config);
  await app.listen({ port: config.port, host: config.host });
  // The model loads in the background (readiness waits for it); one that cannot load stops the server.
  // With VLM_MODE=queue the worker processes load it instead.
  if (app.get<ConfigType<typeof vlmConfig>>(vlmConfig.KEY).mode === 'local') {
    app
      .get(VlmModelHost)
      .load()
      .catch((error: unknown) => {
        console.error(`Start-up failed: ${(error as Error).message}`);
        process.exit(1);
      });
  }
  new Logger('Bootstrap').log(`Listening on http://${config.host}:${config.port}/api (docs at /api/docs)`);
}

bootstrap().catch((error: unknown) => {
  if (error instanceof EnvError) {
    console.error(error.message);
  } else {
    console.error(`Start-up failed: ${(error as Error).message ?? String(error)}`);
  }
  process.exit(1);
});

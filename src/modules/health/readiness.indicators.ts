import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { withTimeout } from '../../common/async/with-timeout';
import { ShutdownState } from '../../common/lifecycle/shutdown-state';
import { VlmJobQueue } from '../vlm/vlm-job-queue';
import { VlmModelHost } from '../vlm/vlm-model.host';

const PING_TIMEOUT_MS = 2000;

@Injectable()
export class ReadinessIndicators {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly shutdown: ShutdownState,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly vlm: VlmModelHost,
    @Optional() @Inject(VlmJobQueue) private readonly remote?: VlmJobQueue | null,
  ) {}

  async model(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('model');
    if (this.remote) {
      // VLM_MODE=queue: the model lives in worker processes; ready when at least one is connected.
      const workers = await withTimeout(this.remote.workers(), PING_TIMEOUT_MS).catch(() => 0);
      return workers > 0 ? indicator.up({ workers }) : indicator.down({ message: 'no inference worker connected' });
    }
    // VLM_PRELOAD=false: requests wait for the load, so the instance serves while the model is idle or loading.
    if (this.vlm.state === 'ready' || (this.vlm.loadsOnFirstUse && this.vlm.state !== 'failed')) {
      return indicator.up();
    }
    return indicator.down({ message: this.vlm.state === 'loading' ? 'model loading' : 'model failed to load' });
  }

  notDraining(): HealthIndicatorResult {
    const indicator = this.indicators.check('shutdown');
    return this.shutdown.draining ? indicator.down({ message: 'draining for shutdown' }) : indicator.up();
  }

  async database(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('database');
    if (!this.dataSource.isInitialized) {
      return indicator.down({ message: 'not connected' });
    }
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), PING_TIMEOUT_MS);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  async migrations(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('migrations');
    if (!this.dataSource.isInitialized) {
      return indicator.down({ message: 'database not connected' });
    }
    try {
      const pending = await withTimeout(this.dataSource.showMigrations(), PING_TIMEOUT_MS);
      return pending ? indicator.down({ message: 'pending migrations: run npm run migration:run' }) : indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}

import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { appConfig } from '../../config/configuration';
import { nodePostgresPool } from '../../database/node-postgres-pool';

/**
 * The Prometheus registry of this process (one per app instance, so tests can run several): request
 * latency per route, responses per status, the database pool, the VLM queue and inference latency, and
 * Node's own process metrics (event-loop delay, heap, GC, RSS).
 */
@Injectable()
export class MetricsService implements OnModuleInit {
  readonly registry = new Registry();

  private readonly requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  private readonly responses = new Counter({
    name: 'http_responses_total',
    help: 'HTTP responses by status code',
    labelNames: ['status_code'],
    registers: [this.registry],
  });

  /** Observed by the Vlm module per photo read. */
  readonly inferenceDuration = new Histogram({
    name: 'vlm_inference_duration_seconds',
    help: 'Time to read one photo (detection, recognition, segment decoding)',
    buckets: [0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5, 10, 30],
    registers: [this.registry],
  });

  /** Counted by the maintenance module: expired rows deleted, per table. */
  readonly purgedRows = new Counter({
    name: 'db_purged_rows_total',
    help: 'Expired rows deleted by the scheduled purge, by table',
    labelNames: ['table'],
    registers: [this.registry],
  });

  /** Filled by the Vlm module: a function answering the queue's state at scrape time. */
  vlmQueue: () => Promise<{ active: number; waiting: number }> = () => Promise.resolve({ active: 0, waiting: 0 });

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {
    collectDefaultMetrics({ register: this.registry });
    const pool = () => nodePostgresPool(this.dataSource);
    new Gauge({
      name: 'db_pool_connections',
      help: 'Database pool connections by state (node-postgres; absent on the embedded database)',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        const stats = pool();
        if (stats) {
          this.set({ state: 'total' }, stats.totalCount);
          this.set({ state: 'idle' }, stats.idleCount);
          this.set({ state: 'waiting' }, stats.waitingCount);
        }
      },
    });
    const queue = () => this.vlmQueue();
    new Gauge({
      name: 'vlm_queue_requests',
      help: 'Inference requests running and waiting (this process, or the BullMQ queue with VLM_MODE=queue)',
      labelNames: ['state'],
      registers: [this.registry],
      async collect() {
        const state = await queue().catch(() => ({ active: NaN, waiting: NaN }));
        this.set({ state: 'active' }, state.active);
        this.set({ state: 'waiting' }, state.waiting);
      },
    });
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onResponse', (request, reply, done) => {
      // The route pattern, never the raw URL: ids would make every session its own time series.
      const route = request.routeOptions.url ?? 'unmatched';
      const status = String(reply.statusCode);
      this.requestDuration.observe({ method: request.method, route, status_code: status }, reply.elapsedTime / 1000);
      this.responses.inc({ status_code: status });
      done();
    });
  }

  get port(): number | null {
    return this.app.metricsPort;
  }

  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

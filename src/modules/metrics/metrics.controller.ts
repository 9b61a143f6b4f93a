import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Auth } from '../../common/decorators/auth.decorator';
import { MetricsService } from './metrics.service';

@ApiTags('metrics')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  /** Prometheus text exposition (not enveloped). Scrapers without a token use METRICS_PORT instead. */
  @Get()
  @Auth('admin')
  @ApiOperation({ summary: 'Prometheus metrics: request latency per route, statuses, pool, VLM queue, process' })
  @ApiProduces('text/plain')
  async getMetrics(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    void reply.header('Content-Type', this.metrics.contentType).header('Cache-Control', 'no-store');
    return this.metrics.metrics();
  }
}

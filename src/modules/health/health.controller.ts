import { Controller, Get, HttpStatus, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { HealthCheckService, HealthIndicatorFunction } from '@nestjs/terminus';
import { Public } from '../../common/decorators/public.decorator';
import { ResponseMessage } from '../../common/decorators/response.decorators';
import { ApiEnvelopedResponse } from '../../common/openapi/api-enveloped-response.decorator';
import { ApiError } from '../../common/http/api-error';
import { HealthResponseDto, ReadinessResponseDto } from './dto/health-response.dto';
import { ReadinessIndicators } from './readiness.indicators';
import { ApiErrors } from '../../common/openapi/operation-docs.decorators';

@ApiTags('health')
@Public()
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly readiness: ReadinessIndicators,
  ) {}

  /** Liveness: the process is up and its event loop answers. Never touches the database. */
  @Get()
  @ApiOperation({ summary: 'Liveness probe' })
  @ApiEnvelopedResponse(HealthResponseDto)
  @ResponseMessage('Alive')
  getLiveness(): HealthResponseDto {
    return { status: 'ok', uptime_seconds: Math.round(process.uptime()) };
  }

  /** Readiness: not draining, database reachable, every migration applied, model loaded. 503 otherwise. */
  @Get('ready')
  @ApiOperation({
    summary: 'Readiness probe (database reachable, migrations applied, model loaded, not shutting down)',
  })
  @ApiEnvelopedResponse(ReadinessResponseDto)
  @ResponseMessage('Ready')
  @ApiErrors('NOT_READY')
  async getReadiness(): Promise<ReadinessResponseDto> {
    const checks: HealthIndicatorFunction[] = [
      () => this.readiness.notDraining(),
      () => this.readiness.database(),
      () => this.readiness.migrations(),
      () => this.readiness.model(),
    ];
    try {
      const result = await this.health.check(checks);
      return { status: 'ok', checks: result.details };
    } catch (error) {
      if (error instanceof ServiceUnavailableException) {
        const details = (error.getResponse() as { error?: Record<string, { message?: string }> }).error ?? {};
        const reasons = Object.entries(details).map(([name, info]) => `${name}: ${info.message ?? 'down'}`);
        throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, 'NOT_READY', `Not ready (${reasons.join('; ')})`);
      }
      throw error;
    }
  }
}

import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { ReadinessIndicators } from './readiness.indicators';
import { VlmModule } from '../vlm/vlm.module';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), VlmModule],
  controllers: [HealthController],
  providers: [ReadinessIndicators],
})
export class HealthModule {}

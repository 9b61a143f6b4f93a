import { ApiProperty } from '@nestjs/swagger';

export class HealthResponseDto {
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';

  @ApiProperty({ example: 42 })
  uptime_seconds!: number;
}

export class ReadinessResponseDto {
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';

  @ApiProperty({
    description: 'Each check and its state',
    example: { shutdown: { status: 'up' }, database: { status: 'up' }, migrations: { status: 'up' } },
    type: 'object',
    additionalProperties: true,
  })
  checks!: Record<string, unknown>;
}

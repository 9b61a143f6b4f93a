import { IsOmittable } from '../../../common/validation/is-omittable';
import { ApiProperty, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { ListQueryDto } from '../../../common/pagination/list-query.dto';
import { PeriodQueryDto } from '../../../common/validation/period-query.dto';
import { AUDIT_ACTIONS, AuditAction } from '../entities/audit-log.entity';

export class AuditQueryDto extends IntersectionType(PeriodQueryDto, ListQueryDto) {
  @IsOmittable()
  @IsIn(AUDIT_ACTIONS)
  @ApiProperty({ enum: AUDIT_ACTIONS, required: false })
  action?: AuditAction;

  @IsOmittable()
  @IsUUID()
  actor_id?: string;

  @IsOmittable()
  @IsUUID()
  target_id?: string;
}

export class AuditRecordDto {
  id!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null: an ops tool, or a deleted account' })
  actor_id!: string | null;
  @ApiProperty({ enum: AUDIT_ACTIONS })
  action!: AuditAction;
  target_type!: string;
  @ApiProperty({ type: String, nullable: true })
  target_id!: string | null;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true })
  details!: Record<string, unknown> | null;
  @ApiProperty({ format: 'date-time' })
  created_at!: string;
}

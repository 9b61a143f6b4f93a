import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class DispatchDto {
  /** The technician (a user with the technician role) to send. */
  @IsUUID()
  technician_id!: string;
}

export class AssignmentResponseDto {
  @ApiProperty({ format: 'uuid' })
  session_id!: string;

  @ApiProperty({ format: 'uuid' })
  technician_id!: string;

  @ApiProperty({ type: 'string', format: 'uuid', nullable: true })
  assigned_by!: string | null;

  @ApiProperty({ format: 'date-time' })
  assigned_at!: string;
}

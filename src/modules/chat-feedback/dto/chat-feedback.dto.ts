import { IsOmittable } from '../../../common/validation/is-omittable';
import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

export class UpsertChatFeedbackDto {
  /** Your chat session being rated. */
  @IsUUID()
  session_id!: string;

  /** 1 (poor) to 5 (excellent). */
  @IsInt()
  @Min(1)
  @Max(5)
  rating!: number;

  @IsOmittable()
  @IsString()
  @MaxLength(2000)
  comment?: string;

  /** Snapshot of the session title; defaults to the session's current title. */
  @IsOmittable()
  @IsString()
  @MaxLength(200)
  session_title?: string;
}

export class ChatFeedbackResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  session_id!: string;

  @ApiProperty({ minimum: 1, maximum: 5 })
  rating!: number;

  @ApiProperty({ type: 'string', nullable: true })
  comment!: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  session_title!: string | null;

  @ApiProperty({ format: 'date-time' })
  created_at!: string;

  @ApiProperty({ format: 'date-time' })
  updated_at!: string;
}

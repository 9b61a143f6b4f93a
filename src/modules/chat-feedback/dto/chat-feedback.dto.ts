import { AbsentIfBlank } from '../../../common/validation/absent';
import { IsOmittable } from '../../../common/validation/is-omittable';
import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

export class UpsertChatFeedbackDto {
  /**
   * The session being rated: one of your sessions' ids links the feedback to it; any other string (up to 255
   * characters; the legacy app rated sessions it kept elsewhere) is kept as your own reference.
   */
  @ApiProperty({ example: '3f6c1a52-8a53-4c8e-9d0b-2f3e3c1f7a10', minLength: 1, maxLength: 255 })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  session_id!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5, example: 5, description: '1 (poor) to 5 (excellent)' })
  @IsInt()
  @Min(1)
  @Max(5)
  rating!: number;

  @AbsentIfBlank()
  @IsOmittable()
  @IsString()
  @MaxLength(2000)
  comment?: string;

  /** Snapshot of the session title (up to 255 characters); defaults to the session's current title. */
  @AbsentIfBlank()
  @IsOmittable()
  @IsString()
  @MaxLength(255)
  session_title?: string;
}

export class ChatFeedbackResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  /** Your session's id, or the reference you rated it under when it is not one of your sessions. */
  @ApiProperty({ maxLength: 255 })
  session_id!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5, example: 5 })
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

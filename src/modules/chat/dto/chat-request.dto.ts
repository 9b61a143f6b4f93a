import { IsOmittable } from '../../../common/validation/is-omittable';
import { Transform } from 'class-transformer';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsTimestamp } from '../../../common/validation/timestamp';
import { AbsentIfBlank, AbsentIfNull } from '../../../common/validation/absent';
import { ListQueryDto } from '../../../common/pagination/list-query.dto';
import { MESSAGE_ROLES, MessageRole } from '../entities/chat-message.entity';

/** Query-string booleans: only "true" and "false" (anything else fails @IsBoolean). */
export const QueryBoolean = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));

export class CreateSessionDto {
  /** Session title, up to 255 characters; derived from the first user message when absent (null or empty). */
  @AbsentIfBlank()
  @IsOmittable()
  @IsString()
  @MaxLength(255)
  title?: string;

  /** Legacy client key, unique per user (409 when taken). */
  @AbsentIfBlank()
  @IsOmittable()
  @IsString()
  @MaxLength(255)
  session_key?: string;
}

export class UpdateSessionDto {
  /** Up to 255 characters; null or an empty string clears it (the session then reads as "New chat"). */
  @IsOptional()
  @IsString()
  @MaxLength(255)
  title?: string | null;

  /** When the conversation ended (ISO 8601); null reopens it. */
  @ApiPropertyOptional({ type: 'string', format: 'date-time', nullable: true })
  @IsOptional()
  @IsTimestamp()
  ended_at?: string | null;

  @IsOmittable()
  @IsBoolean()
  problem_solved?: boolean;

  @IsOmittable()
  @IsBoolean()
  technician_dispatched?: boolean;
}

export class ListSessionsQueryDto extends ListQueryDto {
  @IsOmittable()
  @IsString()
  @MaxLength(255)
  session_key?: string;

  @IsOmittable()
  @QueryBoolean()
  @IsBoolean()
  problem_solved?: boolean;

  @IsOmittable()
  @QueryBoolean()
  @IsBoolean()
  technician_dispatched?: boolean;
}

export class GetSessionQueryDto {
  @ApiPropertyOptional({
    type: 'boolean',
    default: true,
    description: "false leaves each message's `images` empty (image_refs still list them) for light reads",
  })
  @IsOmittable()
  @QueryBoolean()
  @IsBoolean()
  include_images: boolean = true;
}

export class CreateMessageDto {
  @IsIn(MESSAGE_ROLES)
  role!: MessageRole;

  /** Message text, up to 20,000 characters (null: none, for an image-only message). */
  @AbsentIfNull()
  @IsOmittable()
  @IsString()
  @MaxLength(20_000)
  content?: string;

  /** Up to 10 images as base64 (a data-URL prefix is accepted): JPEG, PNG, WebP or GIF, 10 MB each; null: none. */
  @AbsentIfNull()
  @IsOmittable()
  @IsArray()
  @IsString({ each: true })
  images?: string[];
}

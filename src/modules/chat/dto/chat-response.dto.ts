import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { MESSAGE_ROLES, MESSAGE_SOURCES, MessageRole, MessageSource } from '../entities/chat-message.entity';

export class ChatSessionSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: 'string', nullable: true, example: 'Washer shows E24' })
  title!: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  session_key!: string | null;

  @ApiProperty()
  problem_solved!: boolean;

  @ApiProperty()
  technician_dispatched!: boolean;

  /** When the conversation was closed (set with PUT; null while open). */
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  ended_at!: string | null;

  @ApiProperty({ example: 3 })
  message_count!: number;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  last_message_at!: string | null;

  @ApiProperty({ format: 'date-time' })
  created_at!: string;

  @ApiProperty({ format: 'date-time' })
  updated_at!: string;
}

export class ImageRefDto {
  @ApiProperty({ example: 0 })
  index!: number;

  @ApiProperty({ example: 'image/jpeg' })
  content_type!: string;

  @ApiProperty({ example: 204800 })
  bytes!: number;

  @ApiProperty({ example: 1600 })
  width!: number;

  @ApiProperty({ example: 1200 })
  height!: number;

  /** A short-lived signed URL (IMAGE_URL_TTL): works as an `<img src>` without an Authorization header. */
  @ApiProperty({ example: '/api/chat/sessions/…/messages/…/images/0?exp=1796200000&sig=…' })
  url!: string;
}

export class ChatMessageDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  session_id!: string;

  @ApiProperty({ enum: MESSAGE_ROLES })
  role!: MessageRole;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'null for an image-only message, or when it could not be decrypted (decryption_error)',
  })
  content!: string | null;

  @ApiProperty({
    type: [String],
    description:
      'Images as data URLs (data:image/jpeg;base64,…), usable as an <img src>; empty with include_images=false',
  })
  images!: string[];

  @ApiProperty({ type: [ImageRefDto] })
  image_refs!: ImageRefDto[];

  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true })
  structured!: Record<string, unknown> | null;

  @ApiProperty({ enum: MESSAGE_SOURCES })
  source!: MessageSource;

  @ApiProperty({ format: 'date-time' })
  created_at!: string;

  @ApiPropertyOptional({ description: 'Present (true) when a stored field could not be decrypted' })
  decryption_error?: boolean;
}

export class ChatSessionDetailDto extends OmitType(ChatSessionSummaryDto, ['last_message_at'] as const) {
  @ApiProperty({ type: [ChatMessageDto] })
  messages!: ChatMessageDto[];
}

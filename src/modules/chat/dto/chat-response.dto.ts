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

  @ApiProperty({ example: '/api/chat/sessions/…/messages/…/images/0' })
  url!: string;
}

export class ChatMessageDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: MESSAGE_ROLES })
  role!: MessageRole;

  @ApiProperty({ type: 'string', nullable: true, description: 'null only when it could not be decrypted' })
  content!: string | null;

  @ApiProperty({ type: [String], description: 'base64 images (empty with include_images=false)' })
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

export class ChatSessionDetailDto extends OmitType(ChatSessionSummaryDto, [
  'message_count',
  'last_message_at',
] as const) {
  @ApiProperty({ type: [ChatMessageDto] })
  messages!: ChatMessageDto[];
}

import { ApiProperty } from '@nestjs/swagger';
import { ChatSessionSummaryDto } from '../../chat/dto/chat-response.dto';

export class TechnicianSessionDto extends ChatSessionSummaryDto {
  @ApiProperty({ format: 'date-time', description: 'When the session was dispatched to you' })
  assigned_at!: string;
}

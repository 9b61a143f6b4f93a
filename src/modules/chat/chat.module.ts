import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChatController } from './chat.controller';
import { ChatRepository } from './chat.repository';
import { ChatService } from './chat.service';
import { ChatMessageEntity } from './entities/chat-message.entity';
import { ChatSessionEntity } from './entities/chat-session.entity';
import { IdempotencyKeyEntity } from './entities/idempotency-key.entity';
import { IdempotencyService } from './idempotency.service';
import { ImageProcessor } from './image-processor';
import { ImageUrls } from './image-urls';

@Module({
  imports: [TypeOrmModule.forFeature([ChatSessionEntity, ChatMessageEntity, IdempotencyKeyEntity])],
  controllers: [ChatController],
  providers: [ChatRepository, ChatService, IdempotencyService, ImageProcessor, ImageUrls],
  exports: [ChatRepository, ChatService, ImageProcessor, ImageUrls],
})
export class ChatModule {}

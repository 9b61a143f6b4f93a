import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChatModule } from '../chat/chat.module';
import { ChatFeedbackController } from './chat-feedback.controller';
import { ChatFeedbackRepository } from './chat-feedback.repository';
import { ChatFeedbackService } from './chat-feedback.service';
import { ChatFeedbackEntity } from './entities/chat-feedback.entity';

@Module({
  imports: [TypeOrmModule.forFeature([ChatFeedbackEntity]), ChatModule],
  controllers: [ChatFeedbackController],
  providers: [ChatFeedbackRepository, ChatFeedbackService],
})
export class ChatFeedbackModule {}

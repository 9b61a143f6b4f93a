import { Module } from '@nestjs/common';
import { ChatModule } from '../chat/chat.module';
import { DiagnosisModule } from '../diagnosis/diagnosis.module';
import { VlmModule } from '../vlm/vlm.module';
import { AssistantController } from './assistant.controller';
import { AssistantService } from './assistant.service';

/** The assistant's turn in a chat session: POST /api/chat/sessions/{session_id}/assistant. */
@Module({
  imports: [ChatModule, DiagnosisModule, VlmModule],
  controllers: [AssistantController],
  providers: [AssistantService],
})
export class AssistantModule {}

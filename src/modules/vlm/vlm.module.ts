import { Module } from '@nestjs/common';
import { ChatModule } from '../chat/chat.module';
import { DiagnosisModule } from '../diagnosis/diagnosis.module';
import { AssistantService } from './assistant.service';
import { AssistantController, VlmController } from './vlm.controller';
import { VlmModelHost } from './vlm-model.host';
import { VlmService } from './vlm.service';

@Module({
  imports: [ChatModule, DiagnosisModule],
  controllers: [VlmController, AssistantController],
  providers: [VlmModelHost, VlmService, AssistantService],
  exports: [VlmModelHost, VlmService],
})
export class VlmModule {}

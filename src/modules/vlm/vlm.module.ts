import { Module } from '@nestjs/common';
import { ChatModule } from '../chat/chat.module';
import { DiagnosisModule } from '../diagnosis/diagnosis.module';
import { VlmController } from './vlm.controller';
import { VlmModelHost } from './vlm-model.host';
import { VlmService } from './vlm.service';

@Module({
  imports: [ChatModule, DiagnosisModule],
  controllers: [VlmController],
  // With VLM_MODE=queue, VlmService sends photos to VlmJobQueue (VlmQueueModule, added by AppModule.forRoot).
  providers: [VlmModelHost, VlmService],
  exports: [VlmModelHost, VlmService],
})
export class VlmModule {}

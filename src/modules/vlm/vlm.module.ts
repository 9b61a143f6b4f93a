import { Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { appConfig, vlmConfig } from '../../config/configuration';
import { ChatModule } from '../chat/chat.module';
import { DiagnosisModule } from '../diagnosis/diagnosis.module';
import { VlmController } from './vlm.controller';
import { VlmJobQueue } from './vlm-job-queue';
import { VlmModelHost } from './vlm-model.host';
import { VlmService } from './vlm.service';

@Module({
  imports: [ChatModule, DiagnosisModule],
  controllers: [VlmController],
  providers: [
    VlmModelHost,
    VlmService,
    {
      provide: VlmJobQueue,
      inject: [vlmConfig.KEY, appConfig.KEY],
      useFactory: (vlm: ConfigType<typeof vlmConfig>, app: ConfigType<typeof appConfig>) =>
        vlm.mode === 'queue' ? new VlmJobQueue(vlm, app) : null,
    },
  ],
  exports: [VlmModelHost, VlmService, VlmJobQueue],
})
export class VlmModule {}

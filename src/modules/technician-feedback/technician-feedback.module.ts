import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChatModule } from '../chat/chat.module';
import { DiagnosisModule } from '../diagnosis/diagnosis.module';
import { DispatchModule } from '../dispatch/dispatch.module';
import { TechnicianFeedbackEntity } from './entities/technician-feedback.entity';
import { TechniciansController } from './technician-feedback.controller';
import { TechnicianFeedbackRepository } from './technician-feedback.repository';
import { TechnicianFeedbackService } from './technician-feedback.service';

@Module({
  imports: [TypeOrmModule.forFeature([TechnicianFeedbackEntity]), DispatchModule, ChatModule, DiagnosisModule],
  controllers: [TechniciansController],
  providers: [TechnicianFeedbackRepository, TechnicianFeedbackService],
})
export class TechnicianFeedbackModule {}

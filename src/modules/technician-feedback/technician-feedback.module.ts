import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChatModule } from '../chat/chat.module';
import { DiagnosisModule } from '../diagnosis/diagnosis.module';
import { UsersModule } from '../users/users.module';
import { SessionAssignmentEntity } from './entities/session-assignment.entity';
import { TechnicianFeedbackEntity } from './entities/technician-feedback.entity';
import { DispatchController, TechniciansController } from './technician-feedback.controller';
import { TechnicianFeedbackRepository } from './technician-feedback.repository';
import { TechnicianFeedbackService } from './technician-feedback.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([TechnicianFeedbackEntity, SessionAssignmentEntity]),
    ChatModule,
    UsersModule,
    DiagnosisModule,
  ],
  controllers: [DispatchController, TechniciansController],
  providers: [TechnicianFeedbackRepository, TechnicianFeedbackService],
})
export class TechnicianFeedbackModule {}

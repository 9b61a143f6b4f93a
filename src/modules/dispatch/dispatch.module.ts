import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChatModule } from '../chat/chat.module';
import { UsersModule } from '../users/users.module';
import { AssignmentsRepository } from './assignments.repository';
import { DispatchController } from './dispatch.controller';
import { DispatchService } from './dispatch.service';
import { SessionAssignmentEntity } from './entities/session-assignment.entity';

/** Dispatch: which technician a session is sent to (POST/DELETE /api/chat/sessions/{session_id}/dispatch). */
@Module({
  imports: [TypeOrmModule.forFeature([SessionAssignmentEntity]), ChatModule, UsersModule],
  controllers: [DispatchController],
  providers: [AssignmentsRepository, DispatchService],
  exports: [AssignmentsRepository],
})
export class DispatchModule {}

import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Transactions } from '../../database/transactions';
import { AuthenticatedUser } from '../../common/decorators/current-user.decorator';
import { ApiError } from '../../common/http/api-error';
import { AuditService } from '../audit/audit.service';
import { ChatRepository } from '../chat/chat.repository';
import { SESSION_NOT_FOUND } from '../chat/chat.service';
import { UsersRepository } from '../users/users.repository';
import { AssignmentRow, AssignmentsRepository } from './assignments.repository';
import { AssignmentResponseDto } from './dto/dispatch.dto';

function toAssignment(row: AssignmentRow): AssignmentResponseDto {
  return {
    session_id: row.session_id,
    technician_id: row.technician_id,
    assigned_by: row.assigned_by,
    assigned_at: new Date(row.assigned_at).toISOString(),
  };
}

/** Admins send a technician to a customer's session, or take the assignment back; both are audited. */
@Injectable()
export class DispatchService {
  constructor(
    private readonly repo: AssignmentsRepository,
    private readonly chat: ChatRepository,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    @Inject(TransactionHost) private readonly transactions: Transactions,
  ) {}

  /** Admin: send a technician to a session (replacing an earlier assignment); sets technician_dispatched. */
  async dispatch(admin: AuthenticatedUser, sessionId: string, technicianId: string): Promise<AssignmentResponseDto> {
    const technician = await this.users.findById(technicianId);
    if (!technician || technician.role !== 'technician' || !technician.isActive) {
      throw new ApiError(HttpStatus.BAD_REQUEST, 'NOT_A_TECHNICIAN', 'technician_id must be an active technician', [
        { field: 'technician_id', message: 'is not an active user with the technician role' },
      ]);
    }
    return this.transactions.withTransaction(async () => {
      if (!(await this.chat.lockSession(sessionId, 'no key update'))) {
        throw SESSION_NOT_FOUND();
      }
      const row = await this.repo.assign(sessionId, technicianId, admin.id);
      await this.chat.updateSession(sessionId, { technicianDispatched: true });
      await this.audit.record({
        actorId: admin.id,
        action: 'session.dispatched',
        targetType: 'chat_session',
        targetId: sessionId,
        details: { technician_id: technicianId },
      });
      return toAssignment(row);
    });
  }

  async undispatch(admin: AuthenticatedUser, sessionId: string): Promise<void> {
    await this.transactions.withTransaction(async () => {
      if (!(await this.chat.lockSession(sessionId, 'no key update'))) {
        throw SESSION_NOT_FOUND();
      }
      if (!(await this.repo.unassign(sessionId))) {
        throw new ApiError(HttpStatus.NOT_FOUND, 'ASSIGNMENT_NOT_FOUND', 'This session is not dispatched');
      }
      await this.chat.updateSession(sessionId, { technicianDispatched: false });
      await this.audit.record({
        actorId: admin.id,
        action: 'session.undispatched',
        targetType: 'chat_session',
        targetId: sessionId,
      });
    });
  }
}

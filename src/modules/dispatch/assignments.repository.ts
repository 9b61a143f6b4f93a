import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Repository } from 'typeorm';
import { Transactions } from '../../database/transactions';
import { CursorPosition } from '../../common/pagination/cursor';
import { newestFirstPage } from '../../common/pagination/keyset';
import { returningRows } from '../../database/returning-rows';
import { SessionAssignmentEntity } from './entities/session-assignment.entity';

export interface AssignmentRow {
  session_id: string;
  technician_id: string;
  assigned_by: string | null;
  assigned_at: Date;
}

/** Which technician a session is dispatched to: one row per session. */
@Injectable()
export class AssignmentsRepository {
  constructor(
    @InjectRepository(SessionAssignmentEntity) private readonly assignments: Repository<SessionAssignmentEntity>,
    @Inject(TransactionHost) private readonly transactions: Transactions,
  ) {}

  /** Assigns (or re-assigns) a session: one row per session, the newest dispatch wins. */
  async assign(sessionId: string, technicianId: string, assignedBy: string): Promise<AssignmentRow> {
    const [row] = returningRows<AssignmentRow>(
      await this.transactions.tx.query(
        `INSERT INTO session_assignments (session_id, technician_id, assigned_by, assigned_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (session_id) DO UPDATE
           SET technician_id = EXCLUDED.technician_id, assigned_by = EXCLUDED.assigned_by, assigned_at = now()
         RETURNING session_id, technician_id, assigned_by, assigned_at`,
        [sessionId, technicianId, assignedBy],
      ),
    );
    return row;
  }

  async unassign(sessionId: string): Promise<boolean> {
    return (
      returningRows(
        await this.transactions.tx.query(`DELETE FROM session_assignments WHERE session_id = $1 RETURNING session_id`, [
          sessionId,
        ]),
      ).length > 0
    );
  }

  isAssigned(sessionId: string, technicianId: string): Promise<boolean> {
    return this.assignments.existsBy({ sessionId, technicianId });
  }

  /** The technician's assignments, newest first, keyset on (assigned_at, session_id), limit + 1 rows. */
  listAssignments(technicianId: string, limit: number, after?: CursorPosition): Promise<SessionAssignmentEntity[]> {
    const query = this.assignments.createQueryBuilder('a').where('a.technician_id = :technicianId', { technicianId });
    return newestFirstPage(query, { sort: 'a.assigned_at', id: 'a.session_id' }, limit, after).getMany();
  }
}

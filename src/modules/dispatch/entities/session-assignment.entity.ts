import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ChatSessionEntity } from '../../chat/entities/chat-session.entity';
import { UserEntity } from '../../users/entities/user.entity';

/** The technician a session is dispatched to (one at a time; a new dispatch replaces it). */
@Entity({ name: 'session_assignments' })
@Index('session_assignments_technician_idx', ['technicianId', 'assignedAt', 'sessionId'])
export class SessionAssignmentEntity {
  @PrimaryColumn({ name: 'session_id', type: 'uuid' })
  sessionId!: string;

  @ManyToOne(() => ChatSessionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'FK_session_assignments_session' })
  session?: ChatSessionEntity;

  @Column({ name: 'technician_id', type: 'uuid' })
  technicianId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'technician_id', foreignKeyConstraintName: 'FK_session_assignments_technician' })
  technician?: UserEntity;

  /** The admin who dispatched it. */
  @Column({ name: 'assigned_by', type: 'uuid', nullable: true })
  assignedBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assigned_by', foreignKeyConstraintName: 'FK_session_assignments_assigned_by' })
  assigner?: UserEntity;

  @Column({ name: 'assigned_at', type: 'timestamptz', default: () => 'now()' })
  assignedAt!: Date;
}

import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

export const AUDIT_ACTIONS = [
  'user.role_changed',
  'user.deactivated',
  'user.reactivated',
  'session.dispatched',
  'session.undispatched',
  'technician.session_viewed',
  'technician.photo_viewed',
  'keys.rotated',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * Who did what to whom, for security reviews: role changes, deactivations, dispatches, key rotations, and
 * technicians opening a customer's session or photos. Ids and small facts only, never customer content.
 */
@Entity({ name: 'audit_log' })
@Index('audit_log_created_idx', ['createdAt', 'id'])
@Index('audit_log_action_created_idx', ['action', 'createdAt'])
@Index('audit_log_target_idx', ['targetId'])
export class AuditLogEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Null for ops tools (the key rotation CLI) and once the actor's account is deleted. */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  // Named, not imported: the users module writes the audit log, so the audit module never imports it.
  @ManyToOne('UserEntity', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'actor_id', foreignKeyConstraintName: 'FK_audit_log_actor' })
  actor?: { id: string };

  @Column({ type: 'varchar', length: 60 })
  action!: AuditAction;

  /** "user", "chat_session", "chat_message", "encryption_keys" */
  @Column({ name: 'target_type', type: 'varchar', length: 40 })
  targetType!: string;

  /** No foreign key: the record outlives its target. */
  @Column({ name: 'target_id', type: 'uuid', nullable: true })
  targetId!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  details!: Record<string, unknown> | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

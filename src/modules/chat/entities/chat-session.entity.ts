import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { encryptedText } from '../../../common/crypto/encrypted-columns';
import { UserEntity } from '../../users/entities/user.entity';

/** The encrypted column's transformer, also for the repository's hand-hydrated hot reads. */
export const ENCRYPTED_SESSION_COLUMNS = { title: encryptedText('chat_sessions.title') };

@Entity({ name: 'chat_sessions' })
@Index('chat_sessions_user_created_idx', ['userId', 'createdAt', 'id'])
// Unique (user_id, session_key) where session_key is set: a partial index, defined in the migration.
@Index('chat_sessions_user_session_key_key', { synchronize: false })
export class ChatSessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_chat_sessions_user' })
  user?: UserEntity;

  /** Encrypted: it may repeat what the customer wrote. Null until set or derived from the first message. */
  @Column({ type: 'text', nullable: true, transformer: ENCRYPTED_SESSION_COLUMNS.title })
  title!: string | null;

  @Column({ name: 'problem_solved', type: 'boolean', default: false })
  problemSolved!: boolean;

  @Column({ name: 'technician_dispatched', type: 'boolean', default: false })
  technicianDispatched!: boolean;

  /** Legacy client key, unique per user. */
  @Column({ name: 'session_key', type: 'varchar', length: 255, nullable: true })
  sessionKey!: string | null;

  /** When the conversation was closed (the legacy app sets it; null while open). */
  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  /**
   * Bytes its messages take in storage, kept by triggers on chat_messages (migration SessionStoredBytes);
   * a new message may not take it past SESSION_MAX_BYTES. Read only where that is checked.
   */
  @Column({ name: 'stored_bytes', type: 'bigint', default: 0, select: false, insert: false, update: false })
  storedBytes?: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

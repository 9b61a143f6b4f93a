import {
  Check,
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
import { ChatSessionEntity } from '../../chat/entities/chat-session.entity';
import { UserEntity } from '../../users/entities/user.entity';

/** A customer's rating of one of their chats: one per user and session (a second POST updates it). */
@Check('CHK_chat_feedback_rating', '"rating" BETWEEN 1 AND 5')
@Entity({ name: 'chat_feedback' })
@Check('CHK_chat_feedback_session', '("session_id" IS NULL) <> ("session_ref" IS NULL)')
@Index('chat_feedback_user_session_key', ['userId', 'sessionId'], { unique: true })
// Unique (user_id, session_ref) where session_ref is set: a partial index, in the migration.
@Index('chat_feedback_user_session_ref_key', { synchronize: false })
@Index('chat_feedback_user_created_idx', ['userId', 'createdAt', 'id'])
@Index('chat_feedback_created_idx', ['createdAt'])
export class ChatFeedbackEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_chat_feedback_user' })
  user?: UserEntity;

  /** The caller's own session this rates; null when the feedback names a session that is not one of ours. */
  @Column({ name: 'session_id', type: 'uuid', nullable: true })
  sessionId!: string | null;

  @ManyToOne(() => ChatSessionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'FK_chat_feedback_session' })
  session?: ChatSessionEntity;

  /** The session reference as the client gave it, when it is not one of the caller's sessions (legacy). */
  @Column({ name: 'session_ref', type: 'varchar', length: 255, nullable: true })
  sessionRef!: string | null;

  @Column({ type: 'smallint' })
  rating!: number;

  @Column({ type: 'text', nullable: true, transformer: encryptedText('chat_feedback.comment') })
  comment!: string | null;

  /** A snapshot of the session's title when the feedback was given. */
  @Column({
    name: 'session_title',
    type: 'text',
    nullable: true,
    transformer: encryptedText('chat_feedback.session_title'),
  })
  sessionTitle!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

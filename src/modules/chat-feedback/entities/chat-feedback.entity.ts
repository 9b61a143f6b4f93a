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
import { DecryptionFailure, encryptedText } from '../../../common/crypto/encrypted-columns';
import { ChatSessionEntity } from '../../chat/entities/chat-session.entity';
import { UserEntity } from '../../users/entities/user.entity';

/** A customer's rating of one of their chats: one per user and session (a second POST updates it). */
@Check('CHK_chat_feedback_rating', '"rating" BETWEEN 1 AND 5')
@Entity({ name: 'chat_feedback' })
@Index('chat_feedback_user_session_key', ['userId', 'sessionId'], { unique: true })
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

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId!: string;

  @ManyToOne(() => ChatSessionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'FK_chat_feedback_session' })
  session?: ChatSessionEntity;

  @Column({ type: 'smallint' })
  rating!: number;

  @Column({ type: 'text', nullable: true, transformer: encryptedText('chat_feedback.comment') })
  comment!: string | null | DecryptionFailure;

  /** A snapshot of the session's title when the feedback was given. */
  @Column({
    name: 'session_title',
    type: 'text',
    nullable: true,
    transformer: encryptedText('chat_feedback.session_title'),
  })
  sessionTitle!: string | null | DecryptionFailure;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

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
import { encryptedJson, encryptedText } from '../../../common/crypto/encrypted-columns';
import { ChatSessionEntity } from '../../chat/entities/chat-session.entity';
import { UserEntity } from '../../users/entities/user.entity';
import { ProblemCategory } from '../../diagnosis/problem-categories';

/**
 * A technician's report after a visit: the ground truth on the assistant's diagnosis. Free text is
 * encrypted; what the quality figures count (rating, booleans, category) stays structured.
 */
@Check('CHK_technician_feedback_rating', '"rating" BETWEEN 1 AND 5')
@Entity({ name: 'technician_feedback' })
// Several per technician and session (one per visit); a partial index on chat_session_id, in the migration.
@Index('technician_feedback_session_idx', { synchronize: false })
@Index('technician_feedback_technician_created_idx', ['technicianId', 'createdAt', 'id'])
@Index('technician_feedback_created_idx', ['createdAt'])
export class TechnicianFeedbackEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'technician_id', type: 'uuid', nullable: true })
  technicianId!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'technician_id', foreignKeyConstraintName: 'FK_technician_feedback_technician' })
  technician?: UserEntity;

  /** Set null when the customer deletes the session or their account: the report is kept, unlinked. */
  @Column({ name: 'chat_session_id', type: 'uuid', nullable: true })
  chatSessionId!: string | null;

  @ManyToOne(() => ChatSessionEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'chat_session_id', foreignKeyConstraintName: 'FK_technician_feedback_session' })
  chatSession?: ChatSessionEntity;

  @Column({ type: 'smallint' })
  rating!: number;

  @Column({ type: 'text', nullable: true, transformer: encryptedText('technician_feedback.comment') })
  comment!: string | null;

  @Column({ name: 'diagnosis_correct', type: 'boolean' })
  diagnosisCorrect!: boolean;

  @Column({ name: 'parts_sufficient', type: 'boolean' })
  partsSufficient!: boolean;

  @Column({ name: 'second_trip_required', type: 'boolean' })
  secondTripRequired!: boolean;

  @Column({
    name: 'actual_problem',
    type: 'text',
    nullable: true,
    transformer: encryptedText('technician_feedback.actual_problem'),
  })
  actualProblem!: string | null;

  @Column({
    name: 'actual_solution',
    type: 'text',
    nullable: true,
    transformer: encryptedText('technician_feedback.actual_solution'),
  })
  actualSolution!: string | null;

  @Column({ name: 'actual_problem_category', type: 'varchar', length: 40, nullable: true })
  actualProblemCategory!: ProblemCategory | null;

  @Column({
    name: 'missing_parts',
    type: 'text',
    nullable: true,
    transformer: encryptedJson('technician_feedback.missing_parts'),
  })
  missingParts!: string[] | null;

  @Column({
    name: 'second_trip_reason',
    type: 'text',
    nullable: true,
    transformer: encryptedText('technician_feedback.second_trip_reason'),
  })
  secondTripReason!: string | null;

  @Column({
    name: 'actual_reason',
    type: 'text',
    nullable: true,
    transformer: encryptedText('technician_feedback.actual_reason'),
  })
  actualReason!: string | null;

  @Column({
    name: 'actual_parts_needed',
    type: 'text',
    nullable: true,
    transformer: encryptedText('technician_feedback.actual_parts_needed'),
  })
  actualPartsNeeded!: string | null;

  @Column({
    name: 'ai_diagnosed_problem',
    type: 'text',
    nullable: true,
    transformer: encryptedText('technician_feedback.ai_diagnosed_problem'),
  })
  aiDiagnosedProblem!: string | null;

  @Column({
    name: 'ai_recommended_parts',
    type: 'text',
    nullable: true,
    transformer: encryptedText('technician_feedback.ai_recommended_parts'),
  })
  aiRecommendedParts!: string | null;

  @Column({
    name: 'ai_solution_strategy',
    type: 'text',
    nullable: true,
    transformer: encryptedText('technician_feedback.ai_solution_strategy'),
  })
  aiSolutionStrategy!: string | null;

  @Column({ name: 'field_trip_was_required', type: 'boolean', nullable: true })
  fieldTripWasRequired!: boolean | null;

  /**
   * A session id the report named that was not dispatched to its technician (or does not exist): kept as
   * an unverified reference, counted neither in the quality figures nor in learning.
   */
  @Column({ name: 'session_reference', type: 'uuid', nullable: true })
  sessionReference!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

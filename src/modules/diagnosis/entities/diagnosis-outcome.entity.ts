import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ChatMessageEntity } from '../../chat/entities/chat-message.entity';
import { ProblemCategory } from '../problem-categories';
import { ApplianceKind } from '../knowledge-base';

/**
 * The ground truth for one model diagnosis: a technician's report on a dispatched session whose
 * diagnosis the platform's model wrote (`source: "model"`), linked to what that diagnosis matched
 * (knowledge-base entry, appliance kind, brand, code). Confirmed outcomes re-rank later diagnoses of the
 * same entry and feed the accuracy figures. Holds no customer text: only knowledge-base vocabulary.
 */
@Entity({ name: 'diagnosis_outcomes' })
@Index('diagnosis_outcomes_feedback_key', ['technicianFeedbackId'], { unique: true })
@Index('diagnosis_outcomes_entry_idx', ['entryKey', 'confirmedCategory'])
@Index('diagnosis_outcomes_created_idx', ['createdAt'])
export class DiagnosisOutcomeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Deleting the report deletes its outcome; a report is kept when the customer deletes the session. */
  @Column({ name: 'technician_feedback_id', type: 'uuid' })
  technicianFeedbackId!: string;

  // Named, not imported: the technician-feedback module writes outcomes, so diagnosis never imports it.
  @ManyToOne('TechnicianFeedbackEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'technician_feedback_id', foreignKeyConstraintName: 'FK_diagnosis_outcomes_feedback' })
  technicianFeedback?: { id: string };

  /** The model's assistant message whose diagnosis was judged (null once the customer deletes it). */
  @Column({ name: 'chat_message_id', type: 'uuid', nullable: true })
  chatMessageId!: string | null;

  @ManyToOne(() => ChatMessageEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'chat_message_id', foreignKeyConstraintName: 'FK_diagnosis_outcomes_message' })
  chatMessage?: ChatMessageEntity;

  /** kb_entries.entry_key (no foreign key: a seed may retire an entry, the outcome stays); null when nothing matched. */
  @Column({ name: 'entry_key', type: 'varchar', length: 160, nullable: true })
  entryKey!: string | null;

  @Column({ name: 'appliance_kind', type: 'varchar', length: 30, nullable: true })
  applianceKind!: ApplianceKind | null;

  /** Brand family (lower case). */
  @Column({ type: 'varchar', length: 40, nullable: true })
  brand!: string | null;

  @Column({ type: 'varchar', length: 12, nullable: true })
  code!: string | null;

  /** The category of the cause the model ranked first. */
  @Column({ name: 'predicted_category', type: 'varchar', length: 40, nullable: true })
  predictedCategory!: ProblemCategory | null;

  @Column({ name: 'diagnosis_correct', type: 'boolean' })
  diagnosisCorrect!: boolean;

  /** What the visit confirmed: the predicted category when correct, the technician's category when not. */
  @Column({ name: 'confirmed_category', type: 'varchar', length: 40, nullable: true })
  confirmedCategory!: ProblemCategory | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '../../users/entities/user.entity';
import { encryptedJson } from '../../../common/crypto/encrypted-columns';

/**
 * One row per (user, route, Idempotency-Key), kept 24 h. `completed` rows replay the stored response;
 * `in_progress` rows answer 409 until their lease ends (a crashed request is then taken over).
 */
@Entity({ name: 'idempotency_keys' })
@Index('idempotency_keys_scope_key', ['userId', 'route', 'key'], { unique: true })
@Index('idempotency_keys_expires_at_idx', ['expiresAt'])
export class IdempotencyKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_idempotency_keys_user' })
  user?: UserEntity;

  @Column({ type: 'varchar', length: 200 })
  route!: string;

  @Column({ type: 'varchar', length: 255 })
  key!: string;

  /** SHA-256 of the request body: the same key with another body is a 422. */
  @Column({ name: 'request_hash', type: 'char', length: 64 })
  requestHash!: string;

  @Column({ type: 'varchar', length: 20 })
  state!: 'in_progress' | 'completed';

  @Column({ name: 'locked_until', type: 'timestamptz' })
  lockedUntil!: Date;

  @Column({ name: 'response_status', type: 'int', nullable: true })
  responseStatus!: number | null;

  /** The response body, encrypted (it repeats message content). */
  @Column({
    name: 'response_body',
    type: 'text',
    nullable: true,
    transformer: encryptedJson('idempotency_keys.response_body'),
  })
  responseBody!: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}

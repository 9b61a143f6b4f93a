import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { USER_ROLES, UserRole } from '../user-role';

@Entity({ name: 'users' })
// Unique on lower(email): defined in the migration (TypeORM cannot express expression indexes).
@Index('users_email_lower_key', { synchronize: false })
@Index('users_role_created_at_id_idx', ['role', 'createdAt', 'id'])
@Index('users_created_at_id_idx', ['createdAt', 'id'])
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stored normalised (trimmed, lower-case). */
  @Column({ type: 'varchar', length: 320 })
  email!: string;

  /** argon2id PHC string; legacy accounts may hold a bcrypt hash until their next login. */
  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ name: 'full_name', type: 'varchar', length: 200, nullable: true })
  fullName!: string | null;

  @Column({ type: 'enum', enum: USER_ROLES, enumName: 'user_role', default: 'user' })
  role!: UserRole;

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Language } from '../../../common/i18n/language';
import { encryptedText } from '../../../common/crypto/encrypted-columns';
import { USER_ROLES, UserRole } from '../../../common/auth/user-role';

/**
 * The legacy app's profile (its sign-up form and its users table), kept as it was given: nothing here is
 * secret (phone and address are columns of their own, encrypted). `legacy` holds what an import carried
 * that we have no field for (enterprise role, employee id, Google id, …).
 */
export interface UserProfile {
  preferred_contact_method?: string | null;
  skill_level?: number | null;
  gdpr_consent?: boolean | null;
  age_verified?: boolean | null;
  referral_source?: string | null;
  available_tools?: unknown[] | null;
  owned_products?: unknown[] | null;
  legacy?: Record<string, unknown>;
}

@Entity({ name: 'users' })
@Check('CHK_users_locale', `"locale" IN ('en', 'tr')`)
// Unique on lower(email) and lower(username): defined in the migrations (TypeORM cannot express expression indexes).
@Index('users_email_lower_key', { synchronize: false })
@Index('users_username_lower_key', { synchronize: false })
@Index('users_role_created_at_id_idx', ['role', 'createdAt', 'id'])
@Index('users_created_at_id_idx', ['createdAt', 'id'])
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stored normalised (trimmed, lower-case). */
  @Column({ type: 'varchar', length: 320 })
  email!: string;

  /**
   * argon2id PHC string; legacy accounts may hold a bcrypt hash until their next login. Null for an
   * imported account that never had a password (Google sign-in): no password opens it.
   */
  @Column({ name: 'password_hash', type: 'text', nullable: true })
  passwordHash!: string | null;

  @Column({ name: 'full_name', type: 'varchar', length: 255, nullable: true })
  fullName!: string | null;

  /** Optional, unique ignoring case (the legacy app logs in with it too). */
  @Column({ type: 'varchar', length: 50, nullable: true })
  username!: string | null;

  @Column({ type: 'text', nullable: true, transformer: encryptedText('users.phone') })
  phone!: string | null;

  @Column({ type: 'text', nullable: true, transformer: encryptedText('users.address') })
  address!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  profile!: UserProfile | null;

  @Column({ type: 'enum', enum: USER_ROLES, enumName: 'user_role', default: 'user' })
  role!: UserRole;

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive!: boolean;

  /** Replies fall back to it when a message's language cannot be told (migration UserLocale). */
  @Column({ type: 'varchar', length: 2, default: 'en' })
  locale!: Language;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

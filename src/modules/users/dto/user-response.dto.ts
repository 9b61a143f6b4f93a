import { ApiProperty } from '@nestjs/swagger';
import { UserEntity } from '../entities/user.entity';
import { Language, LANGUAGES } from '../../../common/i18n/language';
import { USER_ROLES, UserRole } from '../../../common/auth/user-role';

export class OwnedProductDto {
  @ApiProperty({ type: 'string', nullable: true, example: 'Arçelik' })
  brand!: string | null;

  @ApiProperty({ type: 'string', nullable: true, example: '9120 PM' })
  model!: string | null;
}

export class UserResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'jane@example.com' })
  email!: string;

  @ApiProperty({ type: 'string', nullable: true, example: 'jane' })
  username!: string | null;

  @ApiProperty({ type: 'string', nullable: true, example: 'Jane Doe' })
  full_name!: string | null;

  @ApiProperty({ enum: USER_ROLES })
  role!: UserRole;

  /** The legacy app's technician marker: "technician" for technicians, else null (its technician pages check it). */
  @ApiProperty({ type: 'string', enum: ['technician'], nullable: true })
  enterprise_role!: 'technician' | null;

  @ApiProperty()
  is_active!: boolean;

  /** The language replies fall back to (Turkish or English): from Accept-Language at registration. */
  @ApiProperty({ enum: LANGUAGES, example: 'tr' })
  locale!: Language;

  /** Stored encrypted. */
  @ApiProperty({ type: 'string', nullable: true, example: '+90 532 111 22 33' })
  phone!: string | null;

  /** Stored encrypted. */
  @ApiProperty({ type: 'string', nullable: true })
  address!: string | null;

  @ApiProperty({ type: 'string', nullable: true, example: 'email' })
  preferred_contact_method!: string | null;

  @ApiProperty({ type: 'integer', nullable: true, minimum: 1, maximum: 5 })
  skill_level!: number | null;

  @ApiProperty({ type: 'boolean', nullable: true })
  gdpr_consent!: boolean | null;

  @ApiProperty({ type: 'boolean', nullable: true })
  age_verified!: boolean | null;

  @ApiProperty({ type: 'string', nullable: true })
  referral_source!: string | null;

  @ApiProperty({ type: [String] })
  available_tools!: string[];

  @ApiProperty({ type: [OwnedProductDto] })
  owned_products!: OwnedProductDto[];

  @ApiProperty({ format: 'date-time' })
  created_at!: string;

  @ApiProperty({ format: 'date-time' })
  updated_at!: string;
}

export function toUserResponse(user: UserEntity): UserResponseDto {
  const profile = user.profile ?? {};
  return {
    id: user.id,
    email: user.email,
    username: user.username,
    full_name: user.fullName,
    role: user.role,
    enterprise_role: user.role === 'technician' ? 'technician' : null,
    is_active: user.isActive,
    locale: user.locale,
    phone: user.phone,
    address: user.address,
    preferred_contact_method: profile.preferred_contact_method ?? null,
    skill_level: profile.skill_level ?? null,
    gdpr_consent: profile.gdpr_consent ?? null,
    age_verified: profile.age_verified ?? null,
    referral_source: profile.referral_source ?? null,
    available_tools: (profile.available_tools ?? []).filter((t): t is string => typeof t === 'string'),
    owned_products: (profile.owned_products ?? []).map((p) => {
      const product = (p ?? {}) as { brand?: unknown; model?: unknown };
      return {
        brand: typeof product.brand === 'string' ? product.brand : null,
        model: typeof product.model === 'string' ? product.model : null,
      };
    }),
    created_at: user.createdAt.toISOString(),
    updated_at: user.updatedAt.toISOString(),
  };
}

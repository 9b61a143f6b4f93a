import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

export const CONTACT_METHODS = ['email', 'phone', 'sms', 'whatsapp'] as const;
/** Letters, digits, dot, underscore and hyphen (any script: Turkish names included). */
export const USERNAME = /^[\p{L}\p{N}._-]+$/u;

export class OwnedProductInput {
  @IsOptional()
  @IsString()
  @MaxLength(100)
  brand?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  model?: string | null;
}

/**
 * The legacy sign-up form's profile, shared by registration and /api/users/me. Every field is nullable:
 * registration treats null and empty text as "not given", an update treats null (or empty text) as "clear it".
 */
export class ProfileFields {
  /** 3 to 50 letters, digits, `.`, `_` or `-`; unique ignoring case; logs in like the email. */
  @IsOptional()
  @IsString()
  @MinLength(3)
  @MaxLength(50)
  @Matches(USERNAME, { message: 'may contain only letters, digits, ".", "_" and "-"' })
  username?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string | null;

  @IsOptional()
  @IsIn(CONTACT_METHODS)
  preferred_contact_method?: string | null;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 5, nullable: true, description: '1 (beginner) to 5' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  skill_level?: number | null;

  @IsOptional()
  @IsBoolean()
  gdpr_consent?: boolean | null;

  @IsOptional()
  @IsBoolean()
  age_verified?: boolean | null;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  referral_source?: string | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  available_tools?: string[] | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => OwnedProductInput)
  owned_products?: OwnedProductInput[] | null;
}

import { IsOmittable } from '../../../common/validation/is-omittable';
import { Transform } from 'class-transformer';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { Language, LANGUAGES } from '../../../common/i18n/language';
import { ProfileFields } from './profile-fields';

/** Any of your profile fields; null (or an empty text) clears a field. */
export class UpdateMeDto extends ProfileFields {
  /** Display name; an empty string clears it. */
  @IsOmittable()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MaxLength(200)
  full_name?: string;

  /** The language replies fall back to when a message's own cannot be told. */
  @IsOmittable()
  @IsIn(LANGUAGES)
  locale?: Language;

  /** New password (10 to 128 characters, not your email, not a common password); needs current_password. */
  @IsOmittable()
  @IsString()
  @MaxLength(1024)
  new_password?: string;

  /** Your current password, required with new_password. */
  @IsOmittable()
  @IsString()
  @MaxLength(1024)
  current_password?: string;
}

export class DeleteMeDto {
  /** Your current password, to confirm. */
  @IsString()
  @MaxLength(1024)
  password!: string;
}

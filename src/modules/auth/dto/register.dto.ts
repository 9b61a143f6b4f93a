import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, MaxLength } from 'class-validator';
import { AbsentIfBlank } from '../../../common/validation/absent';
import { IsOmittable } from '../../../common/validation/is-omittable';
import { ProfileFields } from '../../users/dto/profile-fields';

/** The sign-up form (the legacy app's too): email and password, the rest optional. Answers like login. */
export class RegisterDto extends ProfileFields {
  /** Email address; normalised (trimmed, lower-case) and unique. */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsEmail({}, { message: 'must be a valid email address' })
  @MaxLength(254)
  email!: string;

  /** 10 to 128 characters; not your email and not a common password. */
  @IsString()
  @MaxLength(1024)
  password!: string;

  /** When sent (the legacy form does), it must equal password. */
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  confirmPassword?: string | null;

  /** Display name. */
  @AbsentIfBlank()
  @IsOmittable()
  @IsString()
  @MaxLength(200)
  full_name?: string;
}

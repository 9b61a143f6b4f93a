import { IsOmittable } from '../../../common/validation/is-omittable';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, MaxLength } from 'class-validator';

export class RegisterDto {
  /** Email address; normalised (trimmed, lower-case) and unique. */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsEmail({}, { message: 'must be a valid email address' })
  @MaxLength(254)
  email!: string;

  /** 10 to 128 characters; not your email and not a common password. */
  @IsString()
  @MaxLength(1024)
  password!: string;

  /** Display name. */
  @IsOmittable()
  @IsString()
  @MaxLength(200)
  full_name?: string;
}

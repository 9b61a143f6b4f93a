import { IsOmittable } from '../../../common/validation/is-omittable';
import { IsIn, IsString, MaxLength } from 'class-validator';

export class LoginDto {
  /** Your email, or your username (the legacy app sends either here). */
  @IsString()
  @MaxLength(320)
  email!: string;

  @IsString()
  @MaxLength(1024)
  password!: string;
}

export class RefreshTokenDto {
  /** The refresh token from login or the last refresh. */
  @IsString()
  @MaxLength(200)
  refresh_token!: string;
}

export class LogoutDto {
  /** The refresh token of the login to end; without it, the bearer token's login ends. */
  @IsOmittable()
  @IsString()
  @MaxLength(200)
  refresh_token?: string;
}

/** OAuth2 password grant (application/x-www-form-urlencoded), as the Swagger page's Authorize sends it. */
export class PasswordGrantDto {
  /** The account's email (or username). */
  @IsString()
  @MaxLength(320)
  username!: string;

  @IsString()
  @MaxLength(1024)
  password!: string;

  @IsOmittable()
  @IsIn(['password'])
  grant_type?: string;

  @IsOmittable()
  @IsString()
  @MaxLength(1000)
  scope?: string;

  @IsOmittable()
  @IsString()
  @MaxLength(200)
  client_id?: string;

  @IsOmittable()
  @IsString()
  @MaxLength(200)
  client_secret?: string;
}

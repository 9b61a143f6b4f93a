import { ApiProperty } from '@nestjs/swagger';
import { UserResponseDto } from '../../users/dto/user-response.dto';
import { USER_ROLES, UserRole } from '../../../common/auth/user-role';

export class TokenPairDto {
  @ApiProperty({ description: 'JWT access token; send as `Authorization: Bearer …`' })
  access_token!: string;

  @ApiProperty({ enum: ['bearer'] })
  token_type!: 'bearer';

  @ApiProperty({ description: 'Seconds until the access token expires', example: 900 })
  expires_in!: number;

  @ApiProperty({ description: 'Opaque, single-use refresh token' })
  refresh_token!: string;

  /** The user's role, also at the top level (the legacy app reads it here after login). */
  @ApiProperty({ enum: USER_ROLES })
  role!: UserRole;

  /** "technician" for technicians, else null (the legacy app's technician pages check it). */
  @ApiProperty({ type: 'string', enum: ['technician'], nullable: true })
  enterprise_role!: 'technician' | null;

  @ApiProperty({ type: UserResponseDto })
  user!: UserResponseDto;
}

/** The plain OAuth2 token response (not enveloped: OAuth2 clients read access_token at the top level). */
export class OAuthTokenResponseDto {
  @ApiProperty()
  access_token!: string;

  @ApiProperty({ enum: ['bearer'] })
  token_type!: 'bearer';

  @ApiProperty({ example: 900 })
  expires_in!: number;

  @ApiProperty()
  refresh_token!: string;
}

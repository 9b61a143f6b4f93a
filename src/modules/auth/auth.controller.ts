import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/decorators/public.decorator';
import { RawResponse, ResponseMessage } from '../../common/decorators/response.decorators';
import { ApiEnvelopedResponse } from '../../common/openapi/api-enveloped-response.decorator';
import { AuthRateLimit } from '../../common/rate-limit/rate-limit';
import { UserResponseDto } from '../users/dto/user-response.dto';
import { AuthService } from './auth.service';
import { LoginDto, PasswordGrantDto, RefreshTokenDto } from './dto/login.dto';
import { RegisterDto } from './dto/register.dto';
import { OAuthTokenResponseDto, TokenPairDto } from './dto/token-pair.dto';

@ApiTags('auth')
@Public()
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('register')
  @AuthRateLimit()
  @ApiOperation({ summary: 'Create a customer account (role user)' })
  @ApiEnvelopedResponse(UserResponseDto, { status: HttpStatus.CREATED })
  @ResponseMessage('Account created')
  register(@Body() dto: RegisterDto): Promise<UserResponseDto> {
    return this.auth.register(dto);
  }

  @Post('login')
  @HttpCode(HttpStatus.OK)
  @AuthRateLimit()
  @ApiOperation({ summary: 'Log in with email and password' })
  @ApiEnvelopedResponse(TokenPairDto)
  @ResponseMessage('Logged in')
  login(@Body() dto: LoginDto): Promise<TokenPairDto> {
    return this.auth.login(dto.email, dto.password);
  }

  /** OAuth2 password grant for the Swagger page's Authorize button: plain OAuth2 JSON, no envelope. */
  @Post('token')
  @HttpCode(HttpStatus.OK)
  @AuthRateLimit()
  @RawResponse()
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({ summary: 'OAuth2 password grant (form-encoded; answers plain OAuth2 JSON)' })
  @ApiOkResponse({ type: OAuthTokenResponseDto })
  async issueToken(@Body() dto: PasswordGrantDto): Promise<OAuthTokenResponseDto> {
    const pair = await this.auth.login(dto.username, dto.password);
    return {
      access_token: pair.access_token,
      token_type: pair.token_type,
      expires_in: pair.expires_in,
      refresh_token: pair.refresh_token,
    };
  }

  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @AuthRateLimit()
  @ApiOperation({ summary: 'Exchange a refresh token for a new pair (single use; reuse revokes the login)' })
  @ApiEnvelopedResponse(TokenPairDto)
  @ResponseMessage('Tokens refreshed')
  refresh(@Body() dto: RefreshTokenDto): Promise<TokenPairDto> {
    return this.auth.refresh(dto.refresh_token);
  }

  @Post('logout')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'End the login of this refresh token (its access tokens stop working too)' })
  @ApiEnvelopedResponse(null)
  @ResponseMessage('Logged out')
  async logout(@Body() dto: RefreshTokenDto): Promise<null> {
    await this.auth.logout(dto.refresh_token);
    return null;
  }
}

import { Body, Controller, Headers, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { localeFromAcceptLanguage } from '../../common/i18n/language';
import { RouteConfig } from '@nestjs/platform-fastify';
import { FORM_ROUTE } from '../../common/http/request-body';
import { ApiConsumes, ApiOAuth2, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '../../common/decorators/current-user.decorator';
import { AuthenticatedIfPresent, Public } from '../../common/decorators/public.decorator';
import { OAUTH2_SCHEME } from '../../common/openapi/openapi';
import { ApiError } from '../../common/http/api-error';
import { RawResponse, ResponseMessage } from '../../common/decorators/response.decorators';
import { ApiEnvelopedResponse } from '../../common/openapi/api-enveloped-response.decorator';
import { AuthRateLimit, CredentialCheck } from '../../common/rate-limit/rate-limit';
import { AuthService } from './auth.service';
import { LoginDto, LogoutDto, PasswordGrantDto, RefreshTokenDto } from './dto/login.dto';
import { RegisterDto } from './dto/register.dto';
import { OAuthTokenResponseDto, TokenPairDto } from './dto/token-pair.dto';
import { ApiErrors } from '../../common/openapi/operation-docs.decorators';
import { ApiRequestExample } from '../../common/openapi/operation-docs.decorators';
import { EXAMPLE_CUSTOMER, EXAMPLE_REFRESH_TOKEN } from '../../common/openapi/examples';

@ApiTags('auth')
@Public()
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('register')
  @AuthRateLimit()
  @ApiOperation({
    summary: 'Create a customer account (role user) and log it in',
    description: 'Takes the legacy sign-up form too (username, confirmPassword, profile fields); answers like login.',
  })
  @ApiEnvelopedResponse(TokenPairDto, { status: HttpStatus.CREATED })
  @ResponseMessage('Account created')
  @ApiErrors('EMAIL_TAKEN', 'USERNAME_TAKEN')
  @ApiRequestExample({ ...EXAMPLE_CUSTOMER })
  register(
    @Body() dto: RegisterDto,
    @Headers('accept-language') acceptLanguage: string | undefined,
  ): Promise<TokenPairDto> {
    return this.auth.register(dto, localeFromAcceptLanguage(acceptLanguage));
  }

  @Post('login')
  @HttpCode(HttpStatus.OK)
  @AuthRateLimit()
  @CredentialCheck()
  @ApiOperation({ summary: 'Log in with email (or username) and password' })
  @ApiEnvelopedResponse(TokenPairDto)
  @ResponseMessage('Logged in')
  @ApiErrors('INVALID_CREDENTIALS', 'ACCOUNT_DISABLED')
  @ApiRequestExample({ email: EXAMPLE_CUSTOMER.email, password: EXAMPLE_CUSTOMER.password })
  login(@Body() dto: LoginDto): Promise<TokenPairDto> {
    return this.auth.login(dto.email, dto.password);
  }

  /** OAuth2 password grant for the Swagger page's Authorize button: plain OAuth2 JSON, no envelope. */
  @Post('token')
  @RouteConfig({ [FORM_ROUTE]: true })
  @HttpCode(HttpStatus.OK)
  @AuthRateLimit()
  @CredentialCheck()
  @RawResponse()
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({ summary: 'OAuth2 password grant (form-encoded; answers plain OAuth2 JSON)' })
  @ApiOkResponse({ type: OAuthTokenResponseDto })
  @ApiErrors('INVALID_CREDENTIALS', 'ACCOUNT_DISABLED')
  @ApiRequestExample({ grant_type: 'password', username: EXAMPLE_CUSTOMER.email, password: EXAMPLE_CUSTOMER.password })
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
  @ApiErrors('INVALID_REFRESH_TOKEN', 'REFRESH_TOKEN_REUSED', 'ACCOUNT_DISABLED')
  @ApiRequestExample({ refresh_token: EXAMPLE_REFRESH_TOKEN })
  refresh(@Body() dto: RefreshTokenDto): Promise<TokenPairDto> {
    return this.auth.refresh(dto.refresh_token);
  }

  @Post('logout')
  @HttpCode(HttpStatus.OK)
  @AuthenticatedIfPresent()
  @ApiOAuth2([], OAUTH2_SCHEME)
  @ApiOperation({
    summary: 'End a login: the refresh token’s, or else the bearer token’s (its access tokens stop working too)',
  })
  @ApiEnvelopedResponse(null)
  @ResponseMessage('Logged out')
  @ApiErrors('UNAUTHORIZED')
  async logout(
    @Body() dto: LogoutDto | undefined,
    @CurrentUser() caller: AuthenticatedUser | undefined,
  ): Promise<null> {
    if (dto?.refresh_token !== undefined) {
      await this.auth.logout(dto.refresh_token);
    } else if (caller !== undefined) {
      await this.auth.endLogin(caller.sessionId);
    } else {
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'UNAUTHORIZED', 'Send a refresh_token or an Authorization header', [
        { field: 'refresh_token', message: 'is required without an Authorization header' },
      ]);
    }
    return null;
  }
}

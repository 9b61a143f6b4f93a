import { Language } from '../../common/i18n/language';
import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Transactions } from '../../database/transactions';
import { randomUUID } from 'node:crypto';
import { isUniqueViolation } from '../../database/database-errors';
import { ApiError, FieldError } from '../../common/http/api-error';
import { UserEntity } from '../users/entities/user.entity';
import { toUserResponse } from '../users/dto/user-response.dto';
import { profileChanges } from '../users/profile-changes';
import { usernameTaken } from '../users/user-errors';
import { UsersRepository } from '../users/users.repository';
import { RegisterDto } from './dto/register.dto';
import { TokenPairDto } from './dto/token-pair.dto';
import { PasswordHasher } from '../users/credentials/password-hasher';
import { normaliseEmail, passwordProblem } from '../users/credentials/password-policy';
import { RefreshTokensRepository } from '../users/credentials/refresh-tokens.repository';
import { hashRefreshToken, TokenService } from './token.service';

const INVALID_CREDENTIALS = (): ApiError =>
  new ApiError(HttpStatus.UNAUTHORIZED, 'INVALID_CREDENTIALS', 'Incorrect email or password');
const INVALID_REFRESH = (): ApiError =>
  new ApiError(HttpStatus.UNAUTHORIZED, 'INVALID_REFRESH_TOKEN', 'Invalid or expired refresh token');

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly passwords: PasswordHasher,
    private readonly tokens: TokenService,
    @Inject(TransactionHost) private readonly transactions: Transactions,
  ) {}

  /** Creates a customer account (with the legacy form's profile) and logs it in, as login answers. */
  async register(dto: RegisterDto, locale: Language = 'en'): Promise<TokenPairDto> {
    const email = normaliseEmail(dto.email);
    const errors: FieldError[] = [];
    const problem = passwordProblem(dto.password, email);
    if (problem !== undefined) {
      errors.push({ field: 'password', message: problem });
    }
    if (typeof dto.confirmPassword === 'string' && dto.confirmPassword !== dto.password) {
      errors.push({ field: 'confirmPassword', message: 'must match password' });
    }
    if (dto.gdpr_consent === false) {
      // The legacy sign-up form sends its consent box; an unticked one creates no account (as there).
      errors.push({ field: 'gdpr_consent', message: 'must be accepted to create an account' });
    }
    if (errors.length > 0) {
      throw new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'Validation failed', errors);
    }
    const profile = profileChanges(dto, null);
    if (await this.users.findByEmail(email)) {
      throw emailTaken();
    }
    if (profile.username && (await this.users.findByUsername(profile.username))) {
      throw usernameTaken();
    }
    const passwordHash = await this.passwords.hash(dto.password);
    let user: UserEntity;
    try {
      user = await this.users.create({
        email,
        passwordHash,
        fullName: dto.full_name?.trim() || null,
        role: 'user',
        locale,
        ...profile,
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        // lost a race with a concurrent registration
        throw (await this.users.findByEmail(email)) ? emailTaken() : usernameTaken();
      }
      throw error;
    }
    return this.startLogin(user);
  }

  /**
   * Checks credentials. An unknown email still runs a full (dummy) verification, so both failures
   * cost the same and answer the same 401. Legacy or weaker hashes are upgraded on success.
   */
  async verifyCredentials(login: string, password: string): Promise<UserEntity> {
    const user = await this.users.findByLogin(login);
    if (!user) {
      await this.passwords.verifyDummy(password);
      throw INVALID_CREDENTIALS();
    }
    const { valid, needsRehash } = await this.passwords.verify(user.passwordHash, password);
    if (!valid) {
      throw INVALID_CREDENTIALS();
    }
    if (!user.isActive) {
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'ACCOUNT_DISABLED', 'This account is deactivated');
    }
    if (needsRehash) {
      await this.users.update(user.id, { passwordHash: await this.passwords.hash(password) });
      this.logger.log(`Upgraded the password hash of user ${user.id} to argon2id`);
    }
    return user;
  }

  /** `login`: an email or a username (the legacy app sends either in its email field). */
  async login(login: string, password: string): Promise<TokenPairDto> {
    return this.startLogin(await this.verifyCredentials(login, password));
  }

  private async startLogin(user: UserEntity): Promise<TokenPairDto> {
    const familyId = randomUUID();
    const refresh = this.tokens.newRefreshToken();
    await this.refreshTokens.insert({
      userId: user.id,
      familyId,
      tokenHash: refresh.hash,
      expiresAt: refresh.expiresAt,
    });
    return this.pair(user, familyId, refresh.token);
  }

  /**
   * Rotates a refresh token. The presented token is consumed by one atomic conditional UPDATE; a token
   * that was already used is a replay (theft, or a lost race): its whole family is revoked.
   */
  async refresh(token: string): Promise<TokenPairDto> {
    const tokenHash = hashRefreshToken(token);
    const outcome = await this.transactions.withTransaction(async () => {
      const consumed = await this.refreshTokens.consume(tokenHash);
      if (!consumed) {
        return undefined;
      }
      const user = await this.users.findById(consumed.userId);
      if (!user || !user.isActive) {
        return undefined;
      }
      const next = this.tokens.newRefreshToken();
      await this.refreshTokens.insert({
        userId: user.id,
        familyId: consumed.familyId,
        tokenHash: next.hash,
        expiresAt: next.expiresAt,
      });
      return { user, familyId: consumed.familyId, token: next.token };
    });
    if (outcome) {
      return this.pair(outcome.user, outcome.familyId, outcome.token);
    }
    const known = await this.refreshTokens.findByHash(tokenHash);
    if (known?.usedAt && !known.revokedAt) {
      await this.refreshTokens.revokeFamily(known.familyId);
      this.logger.warn(`Refresh token reuse for user ${known.userId}: login session ${known.familyId} revoked`);
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'REFRESH_TOKEN_REUSED', 'Refresh token already used; log in again');
    }
    throw INVALID_REFRESH();
  }

  /** Ends the login the refresh token belongs to: its refresh tokens and its access tokens. */
  async logout(token: string): Promise<void> {
    const known = await this.refreshTokens.findByHash(hashRefreshToken(token));
    if (!known) {
      throw INVALID_REFRESH();
    }
    await this.refreshTokens.revokeFamily(known.familyId);
  }

  /** Ends the login session (refresh-token family) an access token belongs to. */
  async endLogin(familyId: string): Promise<void> {
    await this.refreshTokens.revokeFamily(familyId);
  }

  private pair(user: UserEntity, familyId: string, refreshToken: string): TokenPairDto {
    const access = this.tokens.signAccessToken(user, familyId);
    return {
      access_token: access.token,
      token_type: 'bearer',
      expires_in: access.expiresIn,
      refresh_token: refreshToken,
      role: user.role,
      enterprise_role: user.role === 'technician' ? 'technician' : null,
      user: toUserResponse(user),
    };
  }
}

function emailTaken(): ApiError {
  return new ApiError(HttpStatus.CONFLICT, 'EMAIL_TAKEN', 'An account with this email already exists', [
    { field: 'email', message: 'is already registered' },
  ]);
}

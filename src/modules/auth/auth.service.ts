import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { isUniqueViolation } from '../../database/database-errors';
import { ApiError } from '../../common/http/api-error';
import { UserEntity } from '../users/entities/user.entity';
import { toUserResponse, UserResponseDto } from '../users/dto/user-response.dto';
import { UsersRepository } from '../users/users.repository';
import { RegisterDto } from './dto/register.dto';
import { TokenPairDto } from './dto/token-pair.dto';
import { PasswordHasher } from './password-hasher';
import { normaliseEmail, passwordProblem } from './password-policy';
import { RefreshTokensRepository } from './refresh-tokens.repository';
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
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async register(dto: RegisterDto): Promise<UserResponseDto> {
    const email = normaliseEmail(dto.email);
    const problem = passwordProblem(dto.password, email);
    if (problem !== undefined) {
      throw new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'Validation failed', [
        { field: 'password', message: problem },
      ]);
    }
    if (await this.users.findByEmail(email)) {
      throw emailTaken();
    }
    const passwordHash = await this.passwords.hash(dto.password);
    try {
      const user = await this.users.create({
        email,
        passwordHash,
        fullName: dto.full_name?.trim() || null,
        role: 'user',
      });
      return toUserResponse(user);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw emailTaken(); // lost a race with a concurrent registration
      }
      throw error;
    }
  }

  /**
   * Checks credentials. An unknown email still runs a full (dummy) verification, so both failures
   * cost the same and answer the same 401. Legacy or weaker hashes are upgraded on success.
   */
  async verifyCredentials(emailInput: string, password: string): Promise<UserEntity> {
    const user = await this.users.findByEmail(normaliseEmail(emailInput));
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

  async login(email: string, password: string): Promise<TokenPairDto> {
    const user = await this.verifyCredentials(email, password);
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
    const outcome = await this.dataSource.transaction(async (manager) => {
      const consumed = await this.refreshTokens.consume(tokenHash, manager);
      if (!consumed) {
        return undefined;
      }
      const user = await this.users.findById(consumed.userId, manager);
      if (!user || !user.isActive) {
        return undefined;
      }
      const next = this.tokens.newRefreshToken();
      await this.refreshTokens.insert(
        { userId: user.id, familyId: consumed.familyId, tokenHash: next.hash, expiresAt: next.expiresAt },
        manager,
      );
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

  private pair(user: UserEntity, familyId: string, refreshToken: string): TokenPairDto {
    const access = this.tokens.signAccessToken(user, familyId);
    return {
      access_token: access.token,
      token_type: 'bearer',
      expires_in: access.expiresIn,
      refresh_token: refreshToken,
      user: toUserResponse(user),
    };
  }
}

function emailTaken(): ApiError {
  return new ApiError(HttpStatus.CONFLICT, 'EMAIL_TAKEN', 'An account with this email already exists', [
    { field: 'email', message: 'is already registered' },
  ]);
}

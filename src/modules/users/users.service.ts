import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Transactions } from '../../database/transactions';
import { AuthenticatedUser } from '../../common/decorators/current-user.decorator';
import { ApiError } from '../../common/http/api-error';
import { decodeCursor, Page, toPage } from '../../common/pagination/cursor';
import { AuditService } from '../audit/audit.service';
import { AuditAction } from '../audit/entities/audit-log.entity';
import { PasswordHasher } from './credentials/password-hasher';
import { passwordProblem } from './credentials/password-policy';
import { RefreshTokensRepository } from './credentials/refresh-tokens.repository';
import { AdminUpdateUserDto, ListUsersQueryDto } from './dto/admin-users.dto';
import { UpdateMeDto } from './dto/update-me.dto';
import { toUserResponse, UserResponseDto } from './dto/user-response.dto';
import { UserEntity } from './entities/user.entity';
import { usernameTaken } from './user-errors';
import { UsersRepository } from './users.repository';
import { namesProfileField, ProfileColumns, profileChanges } from './profile-changes';
import { isUniqueViolation } from '../../database/database-errors';

const USER_NOT_FOUND = (): ApiError => new ApiError(HttpStatus.NOT_FOUND, 'USER_NOT_FOUND', 'User not found');

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly passwords: PasswordHasher,
    private readonly audit: AuditService,
    @Inject(TransactionHost) private readonly transactions: Transactions,
  ) {}

  async getMe(caller: AuthenticatedUser): Promise<UserResponseDto> {
    return toUserResponse(await this.load(caller.id));
  }

  /**
   * full_name and the profile fields (null clears one); new_password (with current_password) also ends
   * every other login of this user.
   */
  async updateMe(caller: AuthenticatedUser, dto: UpdateMeDto): Promise<UserResponseDto> {
    if (
      dto.full_name === undefined &&
      dto.new_password === undefined &&
      dto.locale === undefined &&
      !namesProfileField(dto)
    ) {
      throw new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'Nothing to update', [
        { field: 'body', message: 'send full_name, new_password, locale and/or profile fields' },
      ]);
    }
    const user = await this.load(caller.id);
    const changes: Partial<Pick<UserEntity, 'fullName' | 'passwordHash' | 'locale'>> & ProfileColumns = profileChanges(
      dto,
      user.profile,
    );
    if (changes.username) {
      const holder = await this.users.findByUsername(changes.username);
      if (holder && holder.id !== user.id) {
        throw usernameTaken();
      }
    }
    if (dto.full_name !== undefined) {
      changes.fullName = dto.full_name === '' ? null : dto.full_name;
    }
    if (dto.locale !== undefined) {
      changes.locale = dto.locale;
    }
    if (dto.new_password !== undefined) {
      if (dto.current_password === undefined) {
        throw new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'Validation failed', [
          { field: 'current_password', message: 'is required to set a new password' },
        ]);
      }
      await this.assertPassword(user, dto.current_password, 'current_password');
      const problem = passwordProblem(dto.new_password, user.email);
      if (problem !== undefined) {
        throw new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'Validation failed', [
          { field: 'new_password', message: problem },
        ]);
      }
      changes.passwordHash = await this.passwords.hash(dto.new_password);
    }
    await this.transactions.withTransaction(async () => {
      await this.users.update(user.id, changes).catch((error: unknown) => {
        throw isUniqueViolation(error) ? usernameTaken() : error;
      });
      if (changes.passwordHash !== undefined) {
        await this.refreshTokens.revokeAllForUser(user.id, caller.sessionId);
      }
    });
    return toUserResponse(await this.load(caller.id));
  }

  /** Deletes the account and everything it owns in one transaction (rows cascade from users). */
  async deleteMe(caller: AuthenticatedUser, password: string): Promise<void> {
    const user = await this.load(caller.id);
    await this.assertPassword(user, password, 'password');
    await this.transactions.withTransaction(async () => {
      if (user.role === 'admin' && user.isActive) {
        const admins = await this.users.lockActiveAdminIds();
        if (admins.length <= 1) {
          throw lastAdmin();
        }
      }
      await this.users.delete(user.id);
    });
  }

  async list(query: ListUsersQueryDto): Promise<Page<UserResponseDto>> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const rows = await this.users.list({ role: query.role }, query.limit, after);
    return toPage(rows, query.limit, (u) => ({ sortKey: u.createdAt.toISOString(), id: u.id }), toUserResponse);
  }

  /** Role and activation changes; the last active admin can be neither demoted nor deactivated. */
  async adminUpdate(caller: AuthenticatedUser, id: string, dto: AdminUpdateUserDto): Promise<UserResponseDto> {
    if (dto.role === undefined && dto.is_active === undefined) {
      throw new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'Nothing to update', [
        { field: 'body', message: 'send role and/or is_active' },
      ]);
    }
    await this.transactions.withTransaction(async () => {
      const admins = await this.users.lockActiveAdminIds();
      const user = await this.users.findById(id);
      if (!user) {
        throw USER_NOT_FOUND();
      }
      const losesAdmin = admins.includes(user.id) && ((dto.role ?? 'admin') !== 'admin' || dto.is_active === false);
      if (losesAdmin && admins.length <= 1) {
        throw lastAdmin();
      }
      await this.users.update(id, {
        ...(dto.role !== undefined ? { role: dto.role } : {}),
        ...(dto.is_active !== undefined ? { isActive: dto.is_active } : {}),
      });
      const audit = (action: AuditAction, details?: Record<string, unknown>) =>
        this.audit.record({ actorId: caller.id, action, targetType: 'user', targetId: id, details });
      if (dto.role !== undefined && dto.role !== user.role) {
        await audit('user.role_changed', { from: user.role, to: dto.role });
      }
      if (dto.is_active !== undefined && dto.is_active !== user.isActive) {
        await audit(dto.is_active ? 'user.reactivated' : 'user.deactivated');
      }
    });
    return toUserResponse(await this.load(id));
  }

  private async load(id: string): Promise<UserEntity> {
    const user = await this.users.findById(id);
    if (!user) {
      throw USER_NOT_FOUND();
    }
    return user;
  }

  private async assertPassword(user: UserEntity, password: string, field: string): Promise<void> {
    const { valid } = await this.passwords.verify(user.passwordHash, password);
    if (!valid) {
      throw new ApiError(HttpStatus.BAD_REQUEST, 'INVALID_PASSWORD', 'The password is not correct', [
        { field, message: 'is not correct' },
      ]);
    }
  }
}

function lastAdmin(): ApiError {
  return new ApiError(
    HttpStatus.CONFLICT,
    'LAST_ADMIN',
    'The last active admin cannot be demoted, deactivated or deleted',
  );
}

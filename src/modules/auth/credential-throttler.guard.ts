import { Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  ThrottlerModuleOptions,
  ThrottlerRequest,
  ThrottlerStorage,
} from '@nestjs/throttler';
import { loginIdentifier } from '../../common/rate-limit/rate-limit';
import { UsersRepository } from '../users/users.repository';
import { TokenService } from './token.service';

/**
 * The app's ThrottlerGuard: as @nestjs/throttler's, plus the tracker of `auth-account`, which counts
 * password guesses per account whichever way it is named: the account a login's email or username
 * resolves to (one indexed lookup), the caller's own account on a password change (from the bearer
 * token), or, for a login that names no account, that login as typed.
 */
@Injectable()
export class CredentialThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly users: UsersRepository,
    private readonly tokens: TokenService,
  ) {
    super(options, storage, reflector);
  }

  protected override handleRequest(requestProps: ThrottlerRequest): Promise<boolean> {
    if (requestProps.throttler.name !== 'auth-account') {
      return super.handleRequest(requestProps);
    }
    return super.handleRequest({ ...requestProps, getTracker: (req) => this.accountOf(req) });
  }

  private async accountOf(req: Record<string, unknown>): Promise<string> {
    const login = loginIdentifier(req.body);
    if (login === undefined) {
      const caller = this.tokens.subjectOf((req.headers as Record<string, string | undefined>).authorization);
      return caller === undefined ? `ip:${String(req.ip)}` : `user:${caller}`;
    }
    const user = await this.users.findByLogin(login);
    return user === null ? `login:${login}` : `user:${user.id}`;
  }
}

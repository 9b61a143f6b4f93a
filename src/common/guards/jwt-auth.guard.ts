import { ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { TokenExpiredError } from 'jsonwebtoken';
import { AUTH_IF_PRESENT_KEY, IS_PUBLIC_KEY } from '../decorators/public.decorator';
import { ApiError } from '../http/api-error';

/** Global guard: every route needs a valid access token unless it is @Public() (secure by default). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) {
      const ifPresent = this.reflector.getAllAndOverride<boolean>(AUTH_IF_PRESENT_KEY, targets);
      const header = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers.authorization;
      if (!ifPresent || header === undefined) {
        return true;
      }
    }
    return super.canActivate(context) as Promise<boolean>;
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false, info: unknown): TUser {
    if (error) {
      // Errors from the strategy's validate(): our 401s, or the database being down (503): keep them.
      throw error;
    }
    if (!user) {
      if (info instanceof TokenExpiredError) {
        throw new ApiError(HttpStatus.UNAUTHORIZED, 'TOKEN_EXPIRED', 'Access token expired');
      }
      const missing = info instanceof Error && /No auth token/i.test(info.message);
      throw new ApiError(
        HttpStatus.UNAUTHORIZED,
        'UNAUTHORIZED',
        missing ? 'Authentication required' : 'Invalid access token',
      );
    }
    return user;
  }
}

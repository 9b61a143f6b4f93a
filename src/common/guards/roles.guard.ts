import { CanActivate, ExecutionContext, HttpStatus, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { UserRole } from '../auth/user-role';
import { ROLES_KEY } from '../decorators/auth.decorator';
import { AuthenticatedUser } from '../decorators/current-user.decorator';
import { IS_PUBLIC_KEY } from '../decorators/public.decorator';
import { ApiError } from '../http/api-error';

/** Global guard after JwtAuthGuard: the caller's role (read from the database this request) must be allowed. */
@Injectable()
export class RolesGuard implements CanActivate {
  private readonly logger = new Logger(RolesGuard.name);

  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) {
      return true;
    }
    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(ROLES_KEY, targets);
    if (roles === undefined) {
      this.logger.error(`${context.getClass().name}.${context.getHandler().name} has no access rule: refused`);
      throw new ApiError(HttpStatus.FORBIDDEN, 'FORBIDDEN', 'You are not allowed to do this');
    }
    const user = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user;
    if (user === undefined || !roles.includes(user.role)) {
      throw new ApiError(HttpStatus.FORBIDDEN, 'FORBIDDEN', 'You are not allowed to do this');
    }
    return true;
  }
}

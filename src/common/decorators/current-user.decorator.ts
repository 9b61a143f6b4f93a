import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { UserRole } from '../auth/user-role';
import { Language } from '../i18n/language';

/** Who is calling, as loaded by the JWT strategy (from the database, once per request). */
export interface AuthenticatedUser {
  id: string;
  email: string;
  role: UserRole;
  /** The login session (refresh-token family) of the access token. */
  sessionId: string;
  /** The language replies fall back to. */
  locale: Language;
}

export const CurrentUser = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): AuthenticatedUser =>
    ctx.switchToHttp().getRequest<{ user: AuthenticatedUser }>().user,
);

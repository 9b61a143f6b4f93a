import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOAuth2, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { USER_ROLES, UserRole } from '../../modules/users/user-role';
import { ErrorEnvelopeDto } from '../dto/envelope.dto';

export const ROLES_KEY = 'auth:roles';

/**
 * Names who may call a route: `@Auth()` any logged-in user, `@Auth('admin')` admins only. Adds the
 * role metadata read by RolesGuard and the Swagger security and 401/403 docs in one place. Roles are
 * not hierarchical (API.md). A route with neither @Public() nor @Auth() is refused (deny by default).
 */
export function Auth(...roles: UserRole[]): MethodDecorator & ClassDecorator {
  const allowed = roles.length > 0 ? roles : [...USER_ROLES];
  const decorators = [
    SetMetadata(ROLES_KEY, allowed),
    ApiBearerAuth('bearer'),
    ApiOAuth2([], 'oauth2'),
    ApiUnauthorizedResponse({ description: 'Missing, invalid or expired access token', type: ErrorEnvelopeDto }),
  ];
  if (roles.length > 0) {
    decorators.push(
      ApiForbiddenResponse({ description: `Role not allowed (needs ${roles.join(' or ')})`, type: ErrorEnvelopeDto }),
    );
  }
  return applyDecorators(...decorators);
}

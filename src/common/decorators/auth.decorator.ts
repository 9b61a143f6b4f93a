import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension, ApiOAuth2 } from '@nestjs/swagger';
import { USER_ROLES, UserRole } from '../auth/user-role';
import { ROLES_EXTENSION } from '../openapi/operation-docs.decorators';
import { OAUTH2_SCHEME } from '../openapi/openapi';

export const ROLES_KEY = 'auth:roles';

/**
 * Names who may call a route: `@Auth()` any logged-in user, `@Auth('admin')` admins only. Adds the
 * role metadata read by RolesGuard and the Swagger security and 401/403 docs in one place. Roles are
 * not hierarchical (docs/api.md). A route with neither @Public() nor @Auth() is refused (deny by default).
 */
export function Auth(...roles: UserRole[]): MethodDecorator & ClassDecorator {
  const allowed = roles.length > 0 ? roles : [...USER_ROLES];
  // The spec's 401 and 403 responses are written from these by buildOpenApiDocument (one example per code).
  return applyDecorators(
    SetMetadata(ROLES_KEY, allowed),
    ApiOAuth2([], OAUTH2_SCHEME),
    ApiExtension(ROLES_EXTENSION, roles),
  );
}

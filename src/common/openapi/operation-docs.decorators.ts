import { ApiExtension } from '@nestjs/swagger';
import { ErrorCode } from '../http/error-codes';

/** Where the route-specific error codes wait in the document until `buildOpenApiDocument` turns them into responses. */
export const ERROR_CODES_EXTENSION = 'x-error-codes';

/** Where `@Auth(...roles)` leaves the roles a route accepts (read when documenting 401/403). */
export const ROLES_EXTENSION = 'x-roles';

/**
 * The error codes a route answers with beyond those its shape implies. `buildOpenApiDocument` adds the implied
 * ones itself (401s for a bearer route, 403 for a role-guarded one, 400s for a body, path ids, query parameters
 * and cursors, 413/415 for a body, 429, 500, 503) and documents every status with one example per code.
 */
export function ApiErrors(...codes: ErrorCode[]): MethodDecorator {
  return ApiExtension(ERROR_CODES_EXTENSION, codes);
}

/** Where `@ApiRequestExample` leaves a request body example until `buildOpenApiDocument` places it. */
export const REQUEST_EXAMPLE_EXTENSION = 'x-request-example';

/**
 * The route's request body example, as a client would send it (the spec's `requestBody…example`; Swagger UI's
 * "Try it out" starts from it, and the contract test sends it).
 */
export function ApiRequestExample(example: Record<string, unknown>): MethodDecorator {
  return ApiExtension(REQUEST_EXAMPLE_EXTENSION, example);
}

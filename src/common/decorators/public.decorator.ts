import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'auth:public';

export const AUTH_IF_PRESENT_KEY = 'auth:if-present';

/** Opts a route (or controller) out of the global authentication guard. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);

/**
 * On a public route: a request that carries an Authorization header is authenticated as usual (a bad
 * token is a 401), one without it passes anonymously (`@CurrentUser()` is then undefined).
 */
export const AuthenticatedIfPresent = (): MethodDecorator => SetMetadata(AUTH_IF_PRESENT_KEY, true);

import { ExecutionContext, SetMetadata } from '@nestjs/common';
import { ThrottlerOptions } from '@nestjs/throttler';
import { createHash } from 'node:crypto';

const AUTH_RATE_LIMITED_KEY = 'rate-limit:auth';
const CREDENTIAL_CHECK_KEY = 'rate-limit:credential-check';

/**
 * Marks a credential route (login, token, register, refresh): one tighter budget per IP shared by all of
 * them (10 guesses on login and 10 on token are 20 of the same 30).
 */
export const AuthRateLimit = (): MethodDecorator => SetMetadata(AUTH_RATE_LIMITED_KEY, true);

/**
 * Marks a route that checks a password (login, token, a password change): one budget per account shared
 * by all of them, the account resolved from email or username (CredentialThrottlerGuard). `when` limits it
 * to requests that carry a password to check (PATCH /users/me only with current_password).
 */
export const CredentialCheck = (when?: (body: Record<string, unknown>) => boolean): MethodDecorator =>
  SetMetadata(CREDENTIAL_CHECK_KEY, when ?? (() => true));

/** Counters shared across routes: the key names the throttler and whom it counts, not the route. */
export function sharedKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
  return createHash('sha256').update(`${throttlerName}:${tracker}`).digest('hex');
}

export const RATE_LIMITS = {
  default: { ttl: 60_000, limit: 300 },
  authPerIp: { ttl: 60_000, limit: 30 },
  authPerAccount: { ttl: 60_000, limit: 10 },
} as const;

function isAuthRoute(context: ExecutionContext): boolean {
  return Reflect.getMetadata(AUTH_RATE_LIMITED_KEY, context.getHandler()) === true;
}

function isCredentialCheck(context: ExecutionContext): boolean {
  const when = Reflect.getMetadata(CREDENTIAL_CHECK_KEY, context.getHandler()) as
    ((body: Record<string, unknown>) => boolean) | undefined;
  if (when === undefined) {
    return false;
  }
  const body = (context.switchToHttp().getRequest<{ body?: unknown }>().body ?? {}) as Record<string, unknown>;
  return when(typeof body === 'object' && body !== null ? body : {});
}

/** The login a credential request names (email or username), trimmed and lower-cased, if any. */
export function loginIdentifier(body: unknown): string | undefined {
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const login = fields.email ?? fields.username;
  return typeof login === 'string' && login.trim() !== '' ? login.trim().toLowerCase() : undefined;
}

/**
 * Every route: `default` per IP and route (RATE_LIMIT_PER_MINUTE). Credential routes also `auth-ip` (per IP, across them all), and routes
 * that check a password `auth-account` (per account, across them all; its tracker is set by
 * CredentialThrottlerGuard, which can resolve an email or a username to the account).
 */
export function throttlers(enabled: boolean, perMinute: number = RATE_LIMITS.default.limit): ThrottlerOptions[] {
  return [
    { name: 'default', ttl: RATE_LIMITS.default.ttl, limit: perMinute, skipIf: () => !enabled },
    {
      name: 'auth-ip',
      ...RATE_LIMITS.authPerIp,
      skipIf: (ctx) => !enabled || !isAuthRoute(ctx),
      generateKey: sharedKey,
    },
    {
      name: 'auth-account',
      ...RATE_LIMITS.authPerAccount,
      skipIf: (ctx) => !enabled || !isCredentialCheck(ctx),
      generateKey: sharedKey,
    },
  ];
}

import { ExecutionContext, SetMetadata } from '@nestjs/common';
import { ThrottlerOptions } from '@nestjs/throttler';
import { createHash } from 'node:crypto';

const AUTH_RATE_LIMITED_KEY = 'rate-limit:auth';

/** Marks a credential route (login, register, refresh, token): tighter limits per IP and per account. */
export const AuthRateLimit = (): MethodDecorator => SetMetadata(AUTH_RATE_LIMITED_KEY, true);

export const RATE_LIMITS = {
  default: { ttl: 60_000, limit: 300 },
  authPerIp: { ttl: 60_000, limit: 30 },
  authPerAccount: { ttl: 60_000, limit: 10 },
} as const;

function isAuthRoute(context: ExecutionContext): boolean {
  return Reflect.getMetadata(AUTH_RATE_LIMITED_KEY, context.getHandler()) === true;
}

/** The account a credential request is about: the email, or the refresh token (hashed), else the IP. */
export function accountTracker(req: { body?: unknown; ip?: string }): string {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const account = body.email ?? body.username;
  if (typeof account === 'string' && account.trim() !== '') {
    return `account:${account.trim().toLowerCase()}`;
  }
  if (typeof body.refresh_token === 'string') {
    return `refresh:${createHash('sha256').update(body.refresh_token).digest('hex').slice(0, 32)}`;
  }
  return `ip:${req.ip ?? 'unknown'}`;
}

/** Every route: `default` per IP. Credential routes also: `auth-ip` and `auth-account`. */
export function throttlers(enabled: boolean): ThrottlerOptions[] {
  return [
    { name: 'default', ...RATE_LIMITS.default, skipIf: () => !enabled },
    { name: 'auth-ip', ...RATE_LIMITS.authPerIp, skipIf: (ctx) => !enabled || !isAuthRoute(ctx) },
    {
      name: 'auth-account',
      ...RATE_LIMITS.authPerAccount,
      skipIf: (ctx) => !enabled || !isAuthRoute(ctx),
      getTracker: (req) => accountTracker(req),
    },
  ];
}

import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import { KeyObject } from 'node:crypto';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { authConfig } from '../../config/configuration';
import { AuthenticatedUser } from '../../common/decorators/current-user.decorator';
import { ApiError } from '../../common/http/api-error';
import { UsersRepository } from '../users/users.repository';
import { AccessTokenClaims, TokenService } from './token.service';
import { UUID_PATTERN } from '../../common/validation/uuid';

function headerKid(rawJwt: string): unknown {
  try {
    return (JSON.parse(Buffer.from(rawJwt.split('.')[0] ?? '', 'base64url').toString('utf8')) as { kid?: unknown }).kid;
  } catch {
    return undefined;
  }
}

/**
 * passport-jwt verification. Pinned algorithm, issuer and audience are top-level options (passport-jwt
 * ignores them inside jsonWebTokenOptions). `exp` is required and `typ` must be "access", so a token
 * without expiry or a refresh-like token is refused. Then one query loads the user and their login
 * session: role, deactivation and logout take effect on the next request.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(authConfig.KEY) config: ConfigType<typeof authConfig>,
    tokens: TokenService,
    private readonly users: UsersRepository,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject (jsonwebtoken takes one; passport-jwt's types only name string | Buffer).
      secretOrKeyProvider: (_req: unknown, rawJwt: string, done: (err: Error | null, key?: string | Buffer) => void) =>
        done(null, tokens.verificationKeyFor(headerKid(rawJwt)) as KeyObject as unknown as Buffer),
      algorithms: [config.jwtAlgorithm],
      issuer: config.jwtIssuer,
      audience: config.jwtAudience,
      ignoreExpiration: false,
    });
  }

  async validate(claims: Partial<AccessTokenClaims>): Promise<AuthenticatedUser> {
    if (
      claims.typ !== 'access' ||
      typeof claims.exp !== 'number' ||
      typeof claims.sub !== 'string' ||
      !UUID_PATTERN.test(claims.sub) ||
      typeof claims.sid !== 'string' ||
      !UUID_PATTERN.test(claims.sid)
    ) {
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'UNAUTHORIZED', 'Invalid access token');
    }
    const context = await this.users.findAuthContext(claims.sub, claims.sid);
    if (context === undefined) {
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'UNAUTHORIZED', 'Invalid access token');
    }
    if (!context.isActive) {
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'ACCOUNT_DISABLED', 'This account is deactivated');
    }
    if (!context.sessionActive) {
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'SESSION_REVOKED', 'This login has ended; log in again');
    }
    return { id: context.id, email: context.email, role: context.role, sessionId: claims.sid, locale: context.locale };
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { createHash, createSecretKey, KeyObject, randomBytes, randomUUID } from 'node:crypto';
import { authConfig } from '../../config/configuration';
import { UserRole } from '../../common/auth/user-role';

export interface AccessTokenClaims {
  sub: string;
  role: UserRole;
  /** The login session (refresh-token family) this token belongs to. */
  sid: string;
  typ: 'access';
  jti: string;
  iat: number;
  exp: number;
  iss: string;
  aud: string;
}

export interface IssuedAccessToken {
  token: string;
  expiresIn: number;
}

/** Key id: a short fingerprint of the key, so verification picks the right one during a rotation. */
export function keyId(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 16);
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Signs access tokens (JWT) and mints opaque refresh tokens. Verification is done by the passport-jwt
 * strategy with the same keys (`verificationKeyFor`).
 */
@Injectable()
export class TokenService {
  /**
   * Verification keys as KeyObjects: given a string, jsonwebtoken first tries (and fails) to parse it as
   * a public key on every verify, which cost more than the rest of the request's crypto together.
   */
  private readonly keysById: Map<string, KeyObject>;
  private readonly currentKey: KeyObject;

  constructor(
    private readonly jwt: JwtService,
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
  ) {
    this.keysById = new Map(
      [...config.jwtPreviousKeys, config.jwtSecretKey].map(
        (secret) => [keyId(secret), createSecretKey(Buffer.from(secret, 'utf8'))] as const,
      ),
    );
    this.currentKey = createSecretKey(Buffer.from(config.jwtSecretKey, 'utf8'));
  }

  signAccessToken(user: { id: string; role: UserRole }, sessionId: string): IssuedAccessToken {
    const expiresIn = this.config.accessTokenTtlSeconds;
    const token = this.jwt.sign(
      { role: user.role, sid: sessionId, typ: 'access' },
      {
        secret: this.config.jwtSecretKey,
        algorithm: this.config.jwtAlgorithm,
        header: { alg: this.config.jwtAlgorithm, typ: 'JWT', kid: keyId(this.config.jwtSecretKey) },
        // A number: seconds (a numeric string would be read as milliseconds).
        expiresIn,
        subject: user.id,
        issuer: this.config.jwtIssuer,
        audience: this.config.jwtAudience,
        jwtid: randomUUID(),
      },
    );
    return { token, expiresIn };
  }

  /** The key for a token's `kid`; unknown or absent kid: the current key (verification then decides). */
  verificationKeyFor(kid: unknown): KeyObject {
    return (typeof kid === 'string' && this.keysById.get(kid)) || this.currentKey;
  }

  /**
   * The user id of a valid access token in an `Authorization: Bearer` header (signature, algorithm, issuer,
   * audience and expiry checked; not whether the login was revoked: the guard checks that), else undefined.
   * For capacity rules that must know the user before the body is read.
   */
  subjectOf(authorization: string | undefined): string | undefined {
    const match = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(authorization ?? '');
    if (match === null) {
      return undefined;
    }
    const token = match[1];
    try {
      const kid = (JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8')) as { kid?: unknown }).kid;
      const claims = this.jwt.verify<Partial<AccessTokenClaims>>(token, {
        secret: this.verificationKeyFor(kid) as unknown as string,
        algorithms: [this.config.jwtAlgorithm],
        issuer: this.config.jwtIssuer,
        audience: this.config.jwtAudience,
      });
      return claims.typ === 'access' && typeof claims.sub === 'string' ? claims.sub : undefined;
    } catch {
      return undefined;
    }
  }

  newRefreshToken(): { token: string; hash: string; expiresAt: Date } {
    const token = `rt_${randomBytes(32).toString('base64url')}`;
    return {
      token,
      hash: hashRefreshToken(token),
      expiresAt: new Date(Date.now() + this.config.refreshTokenTtlSeconds * 1000),
    };
  }
}

import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * Short-lived signed URLs (`?exp=…&sig=…`), so an `<img src>` can load a photo without an Authorization
 * header. The key is derived from the JWT secret (HKDF, its own label), so a URL signature can never pass
 * for a token signature or the other way round. Expiry is rounded up to a whole minute: the same photo
 * keeps one URL for a while, which lets the browser cache it.
 */
export class UrlSigner {
  private readonly key: Buffer;

  constructor(
    secret: string,
    readonly ttlSeconds: number,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.key = Buffer.from(hkdfSync('sha256', secret, '', 'appliance-vlm image urls v1', 32));
  }

  private mac(path: string, exp: number): string {
    return createHmac('sha256', this.key).update(`${path}\n${exp}`).digest('base64url');
  }

  /** `path` with its expiry and signature as query parameters. */
  sign(path: string): string {
    const exp = Math.ceil((this.now() / 1000 + this.ttlSeconds) / 60) * 60;
    return `${path}?exp=${exp}&sig=${this.mac(path, exp)}`;
  }

  /** Whether `sig` signs `path` until `exp`, and `exp` has not passed. */
  verify(path: string, exp: string | undefined, sig: string | undefined): boolean {
    if (exp === undefined || sig === undefined || !/^\d{1,12}$/.test(exp)) {
      return false;
    }
    const expiry = Number(exp);
    if (expiry * 1000 <= this.now()) {
      return false;
    }
    const expected = Buffer.from(this.mac(path, expiry));
    const given = Buffer.from(sig);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

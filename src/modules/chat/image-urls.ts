import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { UrlSigner } from '../../common/crypto/url-signer';
import { authConfig } from '../../config/configuration';
import { CUSTOMER_SESSIONS_PATH, ImageUrlFor, imageUrl } from './chat.mapper';

/**
 * The `image_refs[].url` of messages: short-lived signed URLs (IMAGE_URL_TTL) that work as an `<img src>`
 * without an Authorization header, for customers' and technicians' image routes alike.
 */
@Injectable()
export class ImageUrls {
  private readonly signer: UrlSigner;

  constructor(@Inject(authConfig.KEY) config: ConfigType<typeof authConfig>) {
    this.signer = new UrlSigner(config.jwtSecretKey, config.imageUrlTtlSeconds);
  }

  /** Signed URLs under `base` (the customer's or the technician's sessions path). */
  under(base: string = CUSTOMER_SESSIONS_PATH): ImageUrlFor {
    return (sessionId, messageId, index) => this.signer.sign(imageUrl(sessionId, messageId, index, base));
  }

  /** Whether a request for `path` carries a valid, unexpired signature. */
  verify(path: string, exp: string | undefined, sig: string | undefined): boolean {
    return this.signer.verify(path, exp, sig);
  }
}

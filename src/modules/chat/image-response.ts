import { applyDecorators, HttpStatus } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiQuery } from '@nestjs/swagger';
import { AuthenticatedUser } from '../../common/decorators/current-user.decorator';
import { AuthenticatedIfPresent, Public } from '../../common/decorators/public.decorator';
import { ApiError } from '../../common/http/api-error';
import { RawResponse } from '../../common/decorators/response.decorators';
import { FastifyReply } from 'fastify';
import { StoredImage } from './chat.service';

/** Headers for a stored image (no recompression, private caching, revalidation by ETag). */
export function replyWithImage(
  reply: FastifyReply,
  image: StoredImage,
  ifNoneMatch: string | undefined,
): Buffer | undefined {
  void reply
    .header('Content-Type', image.contentType)
    .header('Cache-Control', 'private, max-age=3600')
    .header('ETag', image.etag)
    .header('X-Content-Type-Options', 'nosniff');
  if (ifNoneMatch === image.etag) {
    void reply.status(HttpStatus.NOT_MODIFIED);
    return undefined;
  }
  return image.bytes;
}

/** An image route: raw bytes (no envelope), documented as one of the allowed image types. */
export function ImageResponse(): MethodDecorator {
  return applyDecorators(
    RawResponse(),
    ApiProduces('image/jpeg', 'image/png', 'image/webp', 'image/gif'),
    ApiOkResponse({
      description: 'The image',
      content: { 'image/*': { schema: { type: 'string', format: 'binary' } } },
    }),
  );
}

/**
 * An image route that also answers a signed URL (image_refs[].url: `exp` and `sig`) without an
 * Authorization header, so it works as an `<img src>`. Without a valid signature it needs a bearer token as
 * before (the handler checks ownership or role).
 */
export function SignedImageRoute(): MethodDecorator {
  return applyDecorators(
    Public(),
    AuthenticatedIfPresent(),
    ApiQuery({ name: 'exp', required: false, description: 'Signed URL expiry (Unix seconds), from image_refs[].url' }),
    ApiQuery({ name: 'sig', required: false, description: 'Signed URL signature, from image_refs[].url' }),
  );
}

/** The caller of an image route that carried no valid signature: they must be logged in (with `role`, if given). */
export function requireImageCaller(
  caller: AuthenticatedUser | undefined,
  role?: AuthenticatedUser['role'],
): AuthenticatedUser {
  if (caller === undefined) {
    throw new ApiError(
      HttpStatus.UNAUTHORIZED,
      'UNAUTHORIZED',
      'Authentication required (or an unexpired signed image URL)',
    );
  }
  if (role !== undefined && caller.role !== role) {
    throw new ApiError(HttpStatus.FORBIDDEN, 'FORBIDDEN', 'You are not allowed to do this');
  }
  return caller;
}

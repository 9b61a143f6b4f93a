import { applyDecorators, HttpStatus } from '@nestjs/common';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';
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

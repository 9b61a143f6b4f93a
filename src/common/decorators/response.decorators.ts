import { SetMetadata } from '@nestjs/common';

export const RESPONSE_MESSAGE_KEY = 'response:message';
export const RAW_RESPONSE_KEY = 'response:raw';

/** The human `message` of the success envelope for this route (default "OK"). */
export const ResponseMessage = (message: string): MethodDecorator => SetMetadata(RESPONSE_MESSAGE_KEY, message);

/**
 * The route answers without the envelope (docs/api.md: binary images, the OAuth2 token route).
 * Errors from it are still enveloped.
 */
export const RawResponse = (): MethodDecorator => SetMetadata(RAW_RESPONSE_KEY, true);

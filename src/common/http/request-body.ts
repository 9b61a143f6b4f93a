import { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './api-error';
import { replyWithError } from './client-error';

/** Route config flag (`@RouteConfig({ [FORM_ROUTE]: true })`): the route also takes form-encoded bodies. */
export const FORM_ROUTE = 'acceptsForm';

/** Deepest nesting of arrays and objects a JSON body may have (ours need 4; legacy clients send 3). */
export const MAX_JSON_DEPTH = 32;

const JSON_TYPE = /^application\/json$/i;
const FORM_TYPE = /^application\/x-www-form-urlencoded$/i;

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function mediaType(request: FastifyRequest): string {
  return (request.headers['content-type'] ?? '').split(';')[0].trim();
}

/** How deep arrays and objects nest in JSON text, outside strings, counted without parsing (linear). */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) {
        i += 1; // skip the escaped character
      } else if (c === 0x22) {
        inString = false;
      }
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > max) {
        return true;
      }
    } else if (c === 0x5d || c === 0x7d) {
      depth -= 1;
    }
  }
  return false;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Request bodies are JSON (a route flagged FORM_ROUTE also takes a form): anything else is a 415 before the
 * body is read, so a cross-origin HTML form cannot post to a JSON route without a CORS preflight. JSON must
 * be valid UTF-8 (400 INVALID_UTF8, never stored as replacement characters) and nest at most
 * MAX_JSON_DEPTH levels (400 JSON_TOO_DEEP, instead of a stack overflow further on).
 */
export function installRequestBodyRules(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!hasBody(request)) {
      done();
      return;
    }
    const type = mediaType(request);
    const formRoute =
      (request.routeOptions.config as unknown as Record<string, unknown> | undefined)?.[FORM_ROUTE] === true;
    if (JSON_TYPE.test(type) || (formRoute && FORM_TYPE.test(type))) {
      done();
      return;
    }
    replyWithError(request, reply, 415, {
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: formRoute
        ? 'Send the body as application/json or application/x-www-form-urlencoded'
        : 'Send the body as application/json',
    });
  });

  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const text = decodeUtf8(body as Buffer);
    if (text === undefined) {
      done(invalidUtf8(), undefined);
    } else if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
      done(
        new ApiError(
          400,
          'JSON_TOO_DEEP',
          `Request body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`,
        ),
        undefined,
      );
    } else {
      void parseJson(request, text, done);
    }
  });
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (_request, body, done) => {
    const text = decodeUtf8(body as Buffer);
    if (text === undefined) {
      done(invalidUtf8(), undefined);
    } else {
      done(null, Object.fromEntries(new URLSearchParams(text)));
    }
  });
}

function decodeUtf8(body: Buffer): string | undefined {
  try {
    return utf8.decode(body);
  } catch {
    return undefined;
  }
}

function invalidUtf8(): ApiError {
  return new ApiError(400, 'INVALID_UTF8', 'Request body is not valid UTF-8');
}

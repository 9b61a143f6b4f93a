import { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Security headers from helmet, with a CSP the Swagger page works under. Our helmet options produce the
 * same headers for every request (no nonces), so they are computed once, here, and every response gets
 * them: routes through a hook, and the answers Node's parser or Fastify's router give before any hook runs
 * (431, 414, 400) through `SECURITY_HEADERS` directly. (@fastify/helmet wraps the same library but rebuilds
 * the middleware, CSP parsing included, on every request: about 7% of a request's CPU in a profile of
 * /api/health, which is why it is not used.)
 */
function helmetHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
      },
    },
  })({} as IncomingMessage, response as unknown as ServerResponse, () => undefined);
  return headers;
}

export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze(helmetHeaders());

/**
 * Personal data and tokens must not sit in shared or browser caches: a response that sets no Cache-Control
 * of its own (images set `private` with an ETag) is `no-store`.
 */
export const DEFAULT_CACHE_CONTROL = 'no-store';

export function installSecurityHeaders(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(SECURITY_HEADERS);
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (!reply.hasHeader('cache-control')) {
      void reply.header('cache-control', DEFAULT_CACHE_CONTROL);
    }
    done(null, payload);
  });
}

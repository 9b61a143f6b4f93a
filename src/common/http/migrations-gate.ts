import { FastifyInstance } from 'fastify';
import { errorEnvelope } from './api-error';

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
    void reply
      .code(503)
      .header('retry-after', String(RETRY_AFTER_SECONDS))
      .header('content-type', 'application/json; charset=utf-8')
      .send(
        errorEnvelope(
          {
            code: 'MIGRATIONS_PENDING',
            message: 'The database schema is not up to date: an operator must run `npm run migration:run`',
          },
          request.id,
        ),
      );
  });
}

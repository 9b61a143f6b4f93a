import { FastifyInstance, FastifyRequest } from 'fastify';
import { replyWithError } from './client-error';

/**
 * Route config key (`@RouteConfig({ [CONCURRENCY_CLASS]: 'inference' })`): requests of one user on the
 * routes of a class that may run at once. Capacity rules, not rate limits: they hold whatever
 * RATE_LIMIT_ENABLED says.
 */
export const CONCURRENCY_CLASS = 'concurrencyClass';
export type ConcurrencyClass = 'inference' | 'upload' | 'read';

export interface UserConcurrencyOptions {
  limits: Record<ConcurrencyClass, number>;
  /** The user a request's bearer token names (signature checked), or undefined: not counted. */
  identify: (authorization: string | undefined) => string | undefined;
  /** Called for each refused request (a metric). */
  onRefused?: (kind: ConcurrencyClass) => void;
}

const RETRY_AFTER_SECONDS = 1;

const WHAT: Record<ConcurrencyClass, string> = {
  inference: 'assistant and analyze',
  upload: 'message',
  read: 'session read',
};

/**
 * Per-user concurrency caps, taken in onRequest: before the body is read, so a user over the cap costs
 * neither the upload's bandwidth and memory nor any database work (429 TOO_MANY_CONCURRENT_REQUESTS with
 * Retry-After). A slot is given back when the response is sent or the client goes away. In memory, per
 * process: each instance protects its own event loop, threads and pool.
 */
export function installUserConcurrency(fastify: FastifyInstance, options: UserConcurrencyOptions): void {
  const inFlight = new Map<string, number>();
  fastify.addHook('onRequest', (request: FastifyRequest, reply, done) => {
    const kind = (request.routeOptions.config as unknown as Record<string, unknown> | undefined)?.[
      CONCURRENCY_CLASS
    ] as ConcurrencyClass | undefined;
    if (kind === undefined) {
      done();
      return;
    }
    const user = options.identify(request.headers.authorization);
    if (user === undefined) {
      done(); // the guard answers 401 later
      return;
    }
    const key = `${kind}:${user}`;
    const limit = options.limits[kind];
    const current = inFlight.get(key) ?? 0;
    if (current >= limit) {
      options.onRefused?.(kind);
      replyWithError(
        request,
        reply,
        429,
        {
          code: 'TOO_MANY_CONCURRENT_REQUESTS',
          message: `At most ${limit} of your ${WHAT[kind]} requests run at once: wait for one to finish`,
        },
        RETRY_AFTER_SECONDS,
      );
      return;
    }
    inFlight.set(key, current + 1);
    let released = false;
    reply.raw.once('close', () => {
      if (released) {
        return;
      }
      released = true;
      const left = (inFlight.get(key) ?? 1) - 1;
      if (left <= 0) {
        inFlight.delete(key);
      } else {
        inFlight.set(key, left);
      }
    });
    done();
  });
}

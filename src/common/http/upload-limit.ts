import { FastifyInstance } from 'fastify';

/** Route config flag (`@RouteConfig({ [UPLOAD_ROUTE]: true })`) for routes that take images. */
export const UPLOAD_ROUTE = 'acceptsUploads';

/**
 * Routes flagged as taking images get UPLOAD_BODY_LIMIT_BYTES; every other route keeps the global
 * BODY_LIMIT_BYTES. Must be installed before the routes are registered (before app.init()).
 */
export function installUploadBodyLimit(fastify: FastifyInstance, uploadLimitBytes: number): void {
  fastify.addHook('onRoute', (route) => {
    if ((route.config as Record<string, unknown> | undefined)?.[UPLOAD_ROUTE] === true) {
      route.bodyLimit = uploadLimitBytes;
    }
  });
}

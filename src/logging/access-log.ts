import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

/** Probes and scrapes would drown the log. */
const QUIET_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * One line per request when it is answered: request id, method, URL, status and duration.
 * Written from Fastify's onResponse hook with the fields at hand — no child logger, no
 * serializers — and skipped entirely below level info.
 */
export function registerAccessLog(fastify: FastifyInstance, logger: Logger): void {
  if (!logger.isLevelEnabled('info')) return;
  fastify.addHook('onResponse', async (request, reply) => {
    if (QUIET_ROUTES.has(request.routeOptions.url ?? '')) return;
    const status = reply.statusCode;
    const line = {
      requestId: request.id,
      req: { method: request.method, url: request.url },
      res: { statusCode: status },
      responseTime: Math.round(reply.elapsedTime),
    };
    if (status >= 500) logger.error(line, 'request errored');
    else logger.info(line, 'request completed');
  });
}

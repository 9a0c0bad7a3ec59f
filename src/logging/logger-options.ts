import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config/config.js';

/** JSON logs; each line of a request carries its id (pino-http reads Fastify's `req.id`). */
export function loggerOptions(config: AppConfig): Params {
  return {
    // nestjs-pino's default route pattern does not match on Nest 12's Fastify adapter; this one does.
    forRoutes: ['{*path}'],
    pinoHttp: {
      level: config.logLevel,
      genReqId: (req) => (req as unknown as { id: string }).id,
      // Bound to the request's child logger, so every line logged while serving it carries the id.
      customProps: (req) => ({ requestId: (req as unknown as { id: string }).id }),
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      // Health probes and scrapes would drown the log.
      autoLogging: { ignore: (req) => /^\/(healthz|readyz|metrics)/.test(req.url ?? '') },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
      },
    },
  };
}

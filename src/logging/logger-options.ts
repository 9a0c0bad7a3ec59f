import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config/config.js';

/** JSON logs; each line of a request carries its id (pino-http reads Fastify's `req.id`). */
export function loggerOptions(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      genReqId: (req) => (req as unknown as { id: string }).id,
      customAttributeKeys: { reqId: 'requestId' },
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      // Health probes and scrapes would drown the log.
      autoLogging: { ignore: (req) => /^\/(healthz|readyz|metrics)/.test(req.url ?? '') },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
      },
    },
  };
}

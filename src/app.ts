import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { registerConsole } from './console/serve-console.js';
import type { Clock } from './common/clock.js';
import { BadInputError } from './common/errors.js';
import type { AppConfig } from './config/config.js';
import { HttpErrorFilter } from './graphql/http-exception.filter.js';
import { registerAccessLog } from './logging/access-log.js';
import { createRootLogger } from './logging/logger.js';
import { PinoNestLogger } from './logging/nest-logger.js';
import { requestIdFor } from './logging/request-id.js';
import { MetricsService } from './metrics/metrics.service.js';

/**
 * Builds the hub (not yet listening): Fastify, request ids, validation, errors, metrics. `clock`
 * is the system clock unless a test runs the hub at a fixed instant.
 */
export async function createApp(config: AppConfig, databaseUrl: string, clock?: Clock): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    genReqId: requestIdFor,
    requestIdHeader: false,
    // Access lines are written by registerAccessLog; Fastify's own logger stays off.
    logger: false,
  });
  const logger = createRootLogger(config);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, databaseUrl, logger, clock), adapter, {
    logger: new PinoNestLogger(logger),
  });
  app.useGlobalFilters(new HttpErrorFilter((error, requestId) => logger.error({ requestId, err: error }, 'unexpected error in HTTP request'), config.bodyLimitBytes));
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors: ValidationError[]) => toBadInput(errors),
    }),
  );

  const metrics = app.get(MetricsService);
  const fastify = app.getHttpAdapter().getInstance();
  registerAccessLog(fastify, logger);
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.inc({ route, method: request.method, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ route, method: request.method }, reply.elapsedTime / 1000);
  });
  await registerConsole(app, config.auth);
  return app;
}

/** The first failing field of a class-validator result, as one BAD_USER_INPUT naming it. */
function toBadInput(errors: ValidationError[], prefix = ''): BadInputError {
  const first = errors[0];
  if (!first) return new BadInputError('Invalid input');
  const field = prefix ? `${prefix}.${first.property}` : first.property;
  if (!first.constraints && first.children?.length) return toBadInput(first.children, field);
  const message = Object.values(first.constraints ?? {})[0] ?? 'is invalid';
  return new BadInputError(`${field}: ${message}`, field);
}

import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { GqlContextType } from '@nestjs/graphql';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HTTP_STATUS } from '../common/errors.js';
import { classifyError } from './error-format.js';

/**
 * Plain HTTP routes (health, exports, PDFs) answer errors as `{ error: { code, message } }` with
 * the matching status. GraphQL errors are rethrown so Apollo's formatError handles them.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(private readonly onInternalError: (error: unknown, requestId: string) => void = () => undefined) {}

  catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<GqlContextType>() === 'graphql') throw exception;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const classified = classifyError(exception);
    if (classified.unexpected !== undefined) this.onInternalError(classified.unexpected, host.switchToHttp().getRequest<FastifyRequest>().id);
    return reply
      .status(HTTP_STATUS[classified.code])
      .send({ error: { code: classified.code, message: classified.message ?? 'Bad request', ...classified.details } });
  }
}

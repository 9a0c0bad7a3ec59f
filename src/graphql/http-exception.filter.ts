import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { GqlContextType } from '@nestjs/graphql';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode, HTTP_STATUS, PayloadTooLargeError } from '../common/errors.js';
import { classifyError } from './error-format.js';

/**
 * Every HTTP failure outside GraphQL execution (a body over the limit or not JSON, refused before
 * Apollo saw it; plain routes: health, exports, PDFs) answers like a GraphQL error, so a client
 * has one shape to read: `{ errors: [{ message, extensions: { code, … } }] }` with the matching
 * status. GraphQL errors are rethrown so Apollo's formatError handles them.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(
    private readonly onInternalError: (error: unknown, requestId: string) => void = () => undefined,
    /** BODY_LIMIT_BYTES, named in the 413's message. */
    private readonly bodyLimitBytes?: number,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<GqlContextType>() === 'graphql') throw exception;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const classified = classifyError(exception);
    if (classified.code === ErrorCode.PAYLOAD_TOO_LARGE) Object.assign(classified, classifyError(new PayloadTooLargeError(this.bodyLimitBytes)));
    if (classified.unexpected !== undefined) this.onInternalError(classified.unexpected, host.switchToHttp().getRequest<FastifyRequest>().id);
    return reply
      .status(HTTP_STATUS[classified.code])
      .type('application/json; charset=utf-8')
      .send({ errors: [{ message: classified.message ?? 'Bad request', extensions: { code: classified.code, ...classified.details } }] });
  }
}

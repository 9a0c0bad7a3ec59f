import { GraphQLError } from 'graphql';
import { BadRequestException, ForbiddenException, HttpException, HttpStatus } from '@nestjs/common';
import {
  AuditUnavailableError,
  BadInputError,
  ConflictError,
  ErrorCode,
  ForbiddenError,
  InternalError,
  NotFoundError,
  RateLimitedError,
  SourceError,
  SourceUnavailableError,
  UnauthenticatedError,
} from '../../src/common/errors.js';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import type { GraphQLRequestContextDidEncounterErrors, GraphQLRequestListener } from '@apollo/server';
import { formatGraphQLError } from '../../src/graphql/error-format.js';
import { errorLogPlugin } from '../../src/graphql/error-log.plugin.js';
import type { GraphQLContext } from '../../src/graphql/graphql-context.js';

function format(error: unknown, exposeInternals = false) {
  const graphqlError = new GraphQLError('raw message', { originalError: error as Error, path: ['field'] });
  const formatted = formatGraphQLError({ message: 'raw message', path: ['field'] }, graphqlError, { exposeInternals });
  return { formatted, graphqlError };
}

/** The JSON lines errorLogPlugin writes for these errors of one request. */
async function logLines(requestId: string, errors: GraphQLError[]): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const listener = (await errorLogPlugin(pino(sink)).requestDidStart!({} as never)) as GraphQLRequestListener<GraphQLContext>;
  await listener.didEncounterErrors!({ contextValue: { req: { id: requestId } }, errors } as unknown as GraphQLRequestContextDidEncounterErrors<GraphQLContext>);
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('formatGraphQLError', () => {
  it.each([
    [new BadInputError('itemCodes: must not be empty', 'itemCodes'), ErrorCode.BAD_USER_INPUT],
    [new UnauthenticatedError(), ErrorCode.UNAUTHENTICATED],
    [new ForbiddenError('not yours'), ErrorCode.FORBIDDEN],
    [new NotFoundError('DataItem', 'X'), ErrorCode.NOT_FOUND],
    [new ConflictError('already exists'), ErrorCode.CONFLICT],
    [new RateLimitedError('slow down', 3), ErrorCode.RATE_LIMITED],
    [new SourceUnavailableError('公安 source timed out'), ErrorCode.SOURCE_UNAVAILABLE],
    [new SourceError('malformed JSON'), ErrorCode.SOURCE_ERROR],
    [new AuditUnavailableError(), ErrorCode.AUDIT_UNAVAILABLE],
    [new InternalError('x'), ErrorCode.INTERNAL],
  ])('maps %p to its code', (error, code) => {
    const { formatted } = format(error);
    expect(formatted.extensions?.code).toBe(code);
    expect(formatted.message).toBe(error.message);
  });

  it('keeps safe details (field, retry hint) in extensions', () => {
    expect(format(new BadInputError('bad', 'subject.id')).formatted.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'subject.id' });
    expect(format(new RateLimitedError('slow', 7)).formatted.extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: 7 });
  });

  it('maps Nest HTTP exceptions by status', () => {
    expect(format(new BadRequestException('nope')).formatted.extensions?.code).toBe('BAD_USER_INPUT');
    expect(format(new ForbiddenException()).formatted.extensions?.code).toBe('FORBIDDEN');
    // Fastify's "Unsupported Media Type" (an application/graphql or multipart body) is the client's.
    const unsupported = format(new HttpException('Unsupported Media Type: application/graphql', HttpStatus.UNSUPPORTED_MEDIA_TYPE)).formatted;
    expect(unsupported).toMatchObject({ message: 'Unsupported Media Type: application/graphql', extensions: { code: 'BAD_USER_INPUT' } });
    expect(format(new HttpException('Bad gateway', HttpStatus.BAD_GATEWAY)).formatted.extensions?.code).toBe('INTERNAL');
  });

  it('hides unexpected errors (SQL text, stacks) and logs them once, with the request id', async () => {
    const sqlError = new Error('relation "grants" does not exist at character 15: SELECT * FROM grants');
    const { formatted, graphqlError } = format(sqlError);
    expect(formatted).toEqual({ message: 'Internal error', path: ['field'], locations: undefined, extensions: { code: 'INTERNAL' } });
    const lines = await logLines('req-0001-abcd', [graphqlError, format(new BadInputError('bad', 'x')).graphqlError]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, requestId: 'req-0001-abcd', msg: 'unexpected error in GraphQL request', err: { message: sqlError.message } });
  });

  it("reports the hub's database being unreachable as SERVICE_UNAVAILABLE, without its text, and does not log it as a bug", async () => {
    const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
    const queryFailed = (driverError: Error) => Object.assign(new Error(`Query failed: ${driverError.message}`), { name: 'QueryFailedError', driverError });
    for (const error of [
      withCode('terminating connection due to administrator command', '57P01'),
      withCode('the database system is starting up', '57P03'),
      withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      queryFailed(withCode('read ECONNRESET', 'ECONNRESET')),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      new Error('wrapped', { cause: withCode('connection failure', '08006') }),
    ]) {
      const { formatted, graphqlError } = format(error);
      expect(formatted.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE' });
      expect(formatted.message).not.toContain(error.message);
      expect(await logLines('req-db-down', [graphqlError])).toEqual([]);
    }
    // A query the server refused for what it says is still a bug of ours.
    expect(format(queryFailed(withCode('syntax error at or near "SELEC"', '42601'))).formatted.extensions).toEqual({ code: 'INTERNAL' });
  });

  it('shows the detail and stack of unexpected errors only in development', () => {
    const { formatted } = format(new Error('boom'), true);
    expect(formatted.extensions).toMatchObject({ code: 'INTERNAL', detail: 'boom' });
    expect(Array.isArray(formatted.extensions?.stacktrace)).toBe(true);
  });

  it('treats parse and validation errors (no path) as bad input', () => {
    const error = new GraphQLError('Syntax Error: Unexpected Name "x"');
    expect(formatGraphQLError({ message: error.message }, error, { exposeInternals: false }).extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('names a parser stack overflow (a deeply nested list value) without the RangeError', () => {
    // As Apollo wraps it: its SyntaxError around a GraphQLError around the RangeError.
    const inner = new GraphQLError('Maximum call stack size exceeded', { originalError: new RangeError('Maximum call stack size exceeded') });
    const error = new GraphQLError(inner.message, { originalError: inner, extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
    expect(formatGraphQLError({ message: error.message }, error, { exposeInternals: false })).toEqual({
      message: 'The document is nested too deeply',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    // A RangeError in a resolver (with a path) stays an internal error.
    expect(format(new RangeError('Invalid time value')).formatted.extensions?.code).toBe('INTERNAL');
  });
});

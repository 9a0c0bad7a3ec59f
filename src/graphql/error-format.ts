import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { HttpException } from '@nestjs/common';
import { BadInputError, ErrorCode, HubError, PayloadTooLargeError, QueryTooComplexError, ServiceUnavailableError } from '../common/errors.js';
import { isDatabaseUnavailable } from '../database/connection-errors.js';

/** Apollo's own codes for documents it could not parse or validate: all bad input to a client. */
const APOLLO_INPUT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'PERSISTED_QUERY_NOT_FOUND',
]);

const HTTP_STATUS_CODES: Record<number, ErrorCode> = {
  400: ErrorCode.BAD_USER_INPUT,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  409: ErrorCode.CONFLICT,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  429: ErrorCode.RATE_LIMITED,
};

export interface ClassifiedError {
  code: ErrorCode;
  /** A message safe to show; undefined means "keep GraphQL's own message". */
  message?: string;
  details?: Record<string, unknown>;
  /** The error behind it, when it is unexpected (code INTERNAL). */
  unexpected?: unknown;
}

/** Decides which ErrorCode any thrown thing is, for GraphQL responses, metrics and HTTP routes. */
export function classifyError(error: unknown): ClassifiedError {
  const original = requestBodyError(error instanceof GraphQLError ? (error.originalError ?? error) : error);
  if (original instanceof HubError) return { code: original.code, message: original.message, details: original.details };
  if (original instanceof HttpException) {
    const status = original.getStatus();
    // Any other 4xx (an unsupported content type, 415) is still the client's request, not our fault.
    const code = HTTP_STATUS_CODES[status] ?? (status >= 400 && status < 500 ? ErrorCode.BAD_USER_INPUT : undefined);
    if (code) return { code, message: httpExceptionMessage(original) };
  }
  if (original instanceof GraphQLError) {
    const apolloCode = original.extensions?.code;
    // A GraphQLError without a path was raised while parsing or validating the request.
    if ((typeof apolloCode === 'string' && APOLLO_INPUT_CODES.has(apolloCode)) || !original.path) {
      // The parser recurses into nested lists and objects: `[[[…]]]` a couple of thousand deep,
      // within the token limit, overflows the stack before the limit is reached.
      if (rootCause(original) instanceof RangeError) return { code: ErrorCode.BAD_USER_INPUT, message: 'The document is nested too deeply' };
      return { code: ErrorCode.BAD_USER_INPUT };
    }
  }
  if (isDatabaseUnavailable(original)) return { code: ErrorCode.SERVICE_UNAVAILABLE, message: new ServiceUnavailableError().message };
  return { code: ErrorCode.INTERNAL, message: 'Internal error', unexpected: original };
}

export interface ErrorFormatOptions {
  /** Development mode adds the original message and stack of unexpected errors. */
  exposeInternals: boolean;
}

/**
 * The one place that turns any error into what a GraphQL client sees: a message and an
 * `extensions.code` from ErrorCode, never a stack trace or SQL text (outside development).
 */
export function formatGraphQLError(
  formatted: GraphQLFormattedError,
  error: unknown,
  options: ErrorFormatOptions,
): GraphQLFormattedError {
  const classified = classifyError(error);
  const extensions: Record<string, unknown> = { code: classified.code, ...classified.details };
  // Unexpected errors are logged (with the request id) by errorLogPlugin, not here.
  if (options.exposeInternals && classified.unexpected instanceof Error) {
    extensions.detail = classified.unexpected.message;
    extensions.stacktrace = classified.unexpected.stack?.split('\n');
  }
  return {
    message: classified.message ?? formatted.message,
    locations: formatted.locations,
    path: formatted.path,
    extensions,
  };
}

function rootCause(error: GraphQLError): unknown {
  let cause: unknown = error;
  while (cause instanceof GraphQLError && cause.originalError) cause = cause.originalError;
  return cause;
}

function httpExceptionMessage(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : error.message;
}

/** Fastify's body parser codes (they reach the filter wrapped or bare, depending on the route). */
const BODY_TOO_LARGE = new Set(['FST_ERR_CTP_BODY_TOO_LARGE']);
const BODY_NOT_JSON = new Set(['FST_ERR_CTP_INVALID_JSON', 'FST_ERR_CTP_EMPTY_JSON_BODY']);

/**
 * The request body's own failures, refused before any route ran, as the hub's errors: a body over
 * BODY_LIMIT_BYTES is PAYLOAD_TOO_LARGE (413), a body that is not JSON is BAD_USER_INPUT.
 */
function requestBodyError(error: unknown): unknown {
  const seen = error instanceof HttpException ? [error, error.cause] : [error];
  for (const candidate of seen) {
    const { code, statusCode, message } = (candidate ?? {}) as { code?: unknown; statusCode?: unknown; message?: unknown };
    if (typeof code === 'string' && BODY_TOO_LARGE.has(code)) return new PayloadTooLargeError();
    if (typeof code === 'string' && BODY_NOT_JSON.has(code)) return new BadInputError('请求体不是合法的 JSON / Request body is not valid JSON');
    if (statusCode === 413) return new PayloadTooLargeError();
    if (typeof message === 'string' && /^Body is not valid JSON|^Body cannot be empty/.test(message)) {
      return new BadInputError('请求体不是合法的 JSON / Request body is not valid JSON');
    }
  }
  if (error instanceof HttpException && error.getStatus() === 413) return new PayloadTooLargeError();
  if (error instanceof GraphQLError && !error.originalError) {
    const cost = /Query Cost limit of (\d+) exceeded, found (\d+(?:\.\d+)?)/.exec(error.message);
    if (cost) return new QueryTooComplexError(Math.ceil(Number(cost[2])), Number(cost[1]));
  }
  return error;
}

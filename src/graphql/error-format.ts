import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { HttpException } from '@nestjs/common';
import { ErrorCode, HubError, ServiceUnavailableError } from '../common/errors.js';
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
  413: ErrorCode.BAD_USER_INPUT,
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
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
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

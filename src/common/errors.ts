/**
 * The hub's one error hierarchy. Every failure a client may see is a HubError with a code
 * from ErrorCode; `toGraphQLFormattedError` (graphql/error-format.ts) is the one place that
 * turns these (and anything unexpected) into GraphQL errors.
 */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  RATE_LIMITED = 'RATE_LIMITED',
  /** The request body is over BODY_LIMIT_BYTES (HTTP 413). */
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  /** The operation's estimated cost is over GRAPHQL_MAX_COST; the message gives both. */
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  SOURCE_UNAVAILABLE = 'SOURCE_UNAVAILABLE',
  SOURCE_ERROR = 'SOURCE_ERROR',
  AUDIT_UNAVAILABLE = 'AUDIT_UNAVAILABLE',
  /** The hub's own database is unreachable (restarting, failing over): retry shortly. */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL = 'INTERNAL',
}

/** HTTP status used when a HubError ends a plain (non-GraphQL) HTTP request. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  QUERY_TOO_COMPLEX: 400,
  SOURCE_UNAVAILABLE: 503,
  SOURCE_ERROR: 502,
  AUDIT_UNAVAILABLE: 503,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL: 500,
};

export interface HubErrorOptions {
  /** Safe, structured detail for the client (e.g. the offending field). Never secrets. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class HubError extends Error {
  readonly details: Record<string, unknown> | undefined;
  constructor(readonly code: ErrorCode, message: string, options: HubErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.details = options.details;
  }
}

export class BadInputError extends HubError {
  constructor(message: string, field?: string, details: Record<string, unknown> = {}) {
    super(ErrorCode.BAD_USER_INPUT, message, { details: field ? { field, ...details } : details });
  }
}

export class UnauthenticatedError extends HubError {
  constructor(message = 'A valid bearer token is required') {
    super(ErrorCode.UNAUTHENTICATED, message);
  }
}

export class ForbiddenError extends HubError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(ErrorCode.FORBIDDEN, message, { details });
  }
}

export class NotFoundError extends HubError {
  constructor(what: string, key: string) {
    super(ErrorCode.NOT_FOUND, `${what} not found: ${key}`, { details: { what, key } });
  }
}

export class ConflictError extends HubError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(ErrorCode.CONFLICT, message, { details });
  }
}

export class RateLimitedError extends HubError {
  constructor(message: string, retryAfterSeconds: number) {
    super(ErrorCode.RATE_LIMITED, message, { details: { retryAfterSeconds } });
  }
}

export class SourceUnavailableError extends HubError {
  constructor(message: string, cause?: unknown) {
    super(ErrorCode.SOURCE_UNAVAILABLE, message, { cause });
  }
}

export class SourceError extends HubError {
  constructor(message: string, cause?: unknown) {
    super(ErrorCode.SOURCE_ERROR, message, { cause });
  }
}

export class AuditUnavailableError extends HubError {
  constructor(cause?: unknown) {
    super(ErrorCode.AUDIT_UNAVAILABLE, 'The audit log could not be written; nothing was released', { cause });
  }
}

export class ServiceUnavailableError extends HubError {
  constructor(cause?: unknown) {
    super(ErrorCode.SERVICE_UNAVAILABLE, "The hub's database is unreachable; retry shortly", { cause });
  }
}

export class InternalError extends HubError {
  constructor(message = 'Internal error', cause?: unknown) {
    super(ErrorCode.INTERNAL, message, { cause });
  }
}

export class PayloadTooLargeError extends HubError {
  constructor(limitBytes?: number) {
    const limit = limitBytes === undefined ? '' : `（上限 ${limitBytes} 字节）`;
    const limitEn = limitBytes === undefined ? '' : ` (limit ${limitBytes} bytes)`;
    super(ErrorCode.PAYLOAD_TOO_LARGE, `请求体过大${limit} / Request body is too large${limitEn}`, {
      details: limitBytes === undefined ? undefined : { limitBytes },
    });
  }
}

export class QueryTooComplexError extends HubError {
  constructor(cost: number, limit: number) {
    super(ErrorCode.QUERY_TOO_COMPLEX, `查询过于复杂：估算成本 ${cost}，上限 ${limit} / Query too complex: estimated cost ${cost} exceeds the limit of ${limit}`, {
      details: { cost, limit },
    });
  }
}

/**
 * Errors that cross the HTTP boundary. Each carries its status and a code a client can act on;
 * the error middleware renders them as `{"error": {"code", "message", "field"}}`.
 */
export abstract class AppError extends Error {
  abstract readonly statusCode: number;
  constructor(
    message: string,
    readonly code: string,
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Malformed input: not JSON, wrong types, missing required fields. */
export class BadRequestError extends AppError {
  readonly statusCode = 400;
}

/** Well-formed input that is wrong: an unknown time zone, overlapping hours. */
export class UnprocessableError extends AppError {
  readonly statusCode = 422;
}

export class UnauthorizedError extends AppError {
  readonly statusCode = 401;
  constructor(message = 'a valid bearer token is required: send Authorization: Bearer <token>') {
    super(message, 'unauthorized');
  }
}

export class ForbiddenError extends AppError {
  readonly statusCode = 403;
  constructor(message: string, code = 'forbidden') {
    super(message, code);
  }
}

/** Also used for other teams' resources, so a token never learns that they exist. */
export class NotFoundError extends AppError {
  readonly statusCode = 404;
  constructor(what: string, code = 'not_found') {
    super(`${what} was not found`, code);
  }
}

export class ConflictError extends AppError {
  readonly statusCode = 409;
}

export class PayloadTooLargeError extends AppError {
  readonly statusCode = 413;
  constructor(limit: string) {
    super(`the request body is larger than ${limit}`, 'payload_too_large');
  }
}

/** A dependency (database, queue) is down: the client should retry later. */
export class ServiceUnavailableError extends AppError {
  readonly statusCode = 503;
  constructor(
    message: string,
    readonly dependency: string,
  ) {
    super(message, 'service_unavailable');
  }
}

/** Too many requests from one sender: try again after `retryAfterSeconds` (sent as Retry-After). */
export class TooManyRequestsError extends AppError {
  readonly statusCode = 429;
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    code = 'rate_limited',
  ) {
    super(message, code);
  }
}

/** A body whose content is too long for what it is (a chat message over 4,000 characters). */
export class ContentTooLargeError extends AppError {
  readonly statusCode = 413;
}

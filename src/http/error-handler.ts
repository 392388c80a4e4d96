import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, NotFoundError, PayloadTooLargeError, BadRequestError, TooManyRequestsError } from '../errors.js';
import type { Logger } from '../logger.js';

interface BodyParserError extends Error {
  type?: string;
  status?: number;
}

/** Renders every error as `{"error": {"code", "message", "field"}}`; never leaks internals. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const appError = toAppError(err);
    if (appError) {
      if (appError instanceof TooManyRequestsError) res.set('Retry-After', String(appError.retryAfterSeconds));
      res
        .status(appError.statusCode)
        .json({ error: { code: appError.code, message: appError.message, field: appError.field } });
      return;
    }
    log.error({ err, method: req.method, path: req.path }, 'unhandled error');
    res.status(500).json({
      error: { code: 'internal_error', message: 'something went wrong on our side; it was logged', field: null },
    });
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new NotFoundError(`${req.method} ${req.path}`, 'route_not_found'));
};

function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  const parserError = err as BodyParserError;
  if (parserError?.type === 'entity.too.large') return new PayloadTooLargeError('64 KiB');
  if (parserError?.type === 'entity.parse.failed') {
    return new BadRequestError(
      'the body is not valid JSON; send a JSON object with Content-Type: application/json',
      'malformed_json',
    );
  }
  if (parserError?.type === 'encoding.unsupported' || parserError?.type === 'charset.unsupported') {
    return new BadRequestError(parserError.message, 'unsupported_encoding');
  }
  return null;
}

/**
 * How a job's failure is to be treated. Services throw these without knowing the queue; both queue
 * implementations (src/queue) read them: retry with backoff, or stop at once.
 */

/** Thrown by a handler to be tried again, no sooner than retryAfterMs when given. */
export class RetryableJobError extends Error {
  override readonly name = 'RetryableJobError';
  constructor(
    message: string,
    readonly retryAfterMs: number | null = null,
    /** Tries made so far when the handler counts them itself. */
    readonly attemptsMade: number | null = null,
  ) {
    super(message);
  }
}

/** Thrown by a handler when another try cannot succeed (a malformed payload, an unknown event type). */
export class PermanentJobError extends Error {
  override readonly name = 'PermanentJobError';
}

import { AppError } from '../errors.js';

/** Wrong password and unknown email read the same, so the answer does not reveal accounts. */
export class InvalidCredentialsError extends AppError {
  readonly statusCode = 401;
  constructor() {
    super('The email or password is incorrect.', 'invalid_credentials');
  }
}

export class AccountLockedError extends AppError {
  readonly statusCode = 401;
  constructor(readonly retryAfterMs: number) {
    super(`Too many failed sign-ins. Try again in ${minutesText(retryAfterMs)}.`, 'account_locked');
  }
}

function minutesText(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

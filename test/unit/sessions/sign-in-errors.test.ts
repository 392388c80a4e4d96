import { describe, expect, it } from 'vitest';
import { AccountLockedError, InvalidCredentialsError } from '../../../src/sessions/sign-in.errors.js';

describe('sign-in messages', () => {
  it.each([
    [15 * 60_000, 'Too many failed sign-ins. Try again in 15 minutes.'],
    [14 * 60_000 + 1, 'Too many failed sign-ins. Try again in 15 minutes.'],
    [60_000, 'Too many failed sign-ins. Try again in 1 minute.'],
    [5_000, 'Too many failed sign-ins. Try again in 1 minute.'],
    [0, 'Too many failed sign-ins. Try again in 1 minute.'],
  ])('locked for %i ms reads "%s"', (ms, message) => {
    const err = new AccountLockedError(ms);
    expect(err.message).toBe(message);
    expect(err).toMatchObject({ statusCode: 401, code: 'account_locked' });
  });

  it('a wrong password and an unknown email read the same', () => {
    expect(new InvalidCredentialsError()).toMatchObject({
      statusCode: 401,
      code: 'invalid_credentials',
      message: 'The email or password is incorrect.',
    });
  });
});

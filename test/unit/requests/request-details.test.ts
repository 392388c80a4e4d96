import { describe, expect, it } from 'vitest';
import { UnprocessableError } from '../../../src/errors.js';
import { requestDetails } from '../../../src/requests/request-details.js';

describe('requestDetails', () => {
  it.each([
    [
      { amount: '49.90', currency: 'EUR' },
      { amount: '49.90', currency: 'EUR', subject: null },
    ],
    [
      { amount: '100', currency: 'PLN' },
      { amount: '100', currency: 'PLN', subject: null },
    ],
    [
      { amount: '1500', currency: 'JPY' },
      { amount: '1500', currency: 'JPY', subject: null },
    ],
    [
      { amount: '0.125', currency: 'BHD' },
      { amount: '0.125', currency: 'BHD', subject: null },
    ],
    [
      { amount: ' 12.5 ', currency: 'USD' },
      { amount: '12.5', currency: 'USD', subject: null },
    ],
  ])('accepts a payment of %j', (variables, details) => {
    expect(requestDetails('payment', variables)).toEqual(details);
  });

  it.each<[Record<string, string>, string, string]>([
    [{ currency: 'EUR' }, 'variables.amount', 'missing_amount'],
    [{ amount: '', currency: 'EUR' }, 'variables.amount', 'missing_amount'],
    [{ amount: 'ten', currency: 'EUR' }, 'variables.amount', 'invalid_amount'],
    [{ amount: '49,90', currency: 'EUR' }, 'variables.amount', 'invalid_amount'],
    [{ amount: '-5', currency: 'EUR' }, 'variables.amount', 'invalid_amount'],
    [{ amount: '0', currency: 'EUR' }, 'variables.amount', 'invalid_amount'],
    [{ amount: '0.00', currency: 'EUR' }, 'variables.amount', 'invalid_amount'],
    [{ amount: '1e3', currency: 'EUR' }, 'variables.amount', 'invalid_amount'],
    [{ amount: '007', currency: 'EUR' }, 'variables.amount', 'invalid_amount'],
    [{ amount: '49.999', currency: 'EUR' }, 'variables.amount', 'invalid_amount'],
    [{ amount: '10.5', currency: 'JPY' }, 'variables.amount', 'invalid_amount'],
    [{ amount: '1234567890123', currency: 'EUR' }, 'variables.amount', 'invalid_amount'],
    [{ amount: '49.90' }, 'variables.currency', 'missing_currency'],
    [{ amount: '49.90', currency: 'eur' }, 'variables.currency', 'invalid_currency'],
    [{ amount: '49.90', currency: 'EURO' }, 'variables.currency', 'invalid_currency'],
    [{ amount: '49.90', currency: 'XYZ' }, 'variables.currency', 'invalid_currency'],
    [{ amount: '49.90', currency: '€' }, 'variables.currency', 'invalid_currency'],
  ])('refuses %j naming %s', (variables, field, code) => {
    let error: unknown;
    try {
      requestDetails('payment', variables);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UnprocessableError);
    expect(error).toMatchObject({ statusCode: 422, field, code });
  });

  it('keeps the subject of an approval and needs nothing for the other kinds', () => {
    expect(requestDetails('approval', { approval_subject: 'the repair quote' })).toEqual({
      amount: null,
      currency: null,
      subject: 'the repair quote',
    });
    expect(requestDetails('approval', {})).toEqual({ amount: null, currency: null, subject: null });
    expect(requestDetails('rating', { amount: 'nonsense' })).toEqual({ amount: null, currency: null, subject: null });
  });
});

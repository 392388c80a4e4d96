import { describe, expect, it } from 'vitest';
import type { RequestStatus } from '../../../src/requests/customer-request.js';
import {
  paymentOutcome,
  type PaymentOutcome,
  type ProviderPaymentStatus,
} from '../../../src/requests/payment-outcome.js';

const answer = (value: string) => ({ value, text: 'pay_1', at: '2026-11-21T21:30:00.000Z' });

describe('paymentOutcome', () => {
  it.each<[string, RequestStatus, string | null, string | null, ProviderPaymentStatus, string, PaymentOutcome]>([
    ['paid while pending', 'pending', null, null, 'paid', 'pay_1', { apply: true, status: 'paid' }],
    ['paid after expiry: the money moved', 'expired', null, null, 'paid', 'pay_1', { apply: true, status: 'paid' }],
    ['paid after a failed attempt', 'pending', 'pay_1', 'failed', 'paid', 'pay_2', { apply: true, status: 'paid' }],
    ['failed while pending: stays open', 'pending', null, null, 'failed', 'pay_1', { apply: true, status: 'pending' }],
    ['expired by the provider', 'pending', null, null, 'expired', 'pay_1', { apply: true, status: 'expired' }],
    ['the same verdict again', 'paid', 'pay_1', 'paid', 'paid', 'pay_1', { apply: false, reason: 'already_applied' }],
    [
      'the same failure again',
      'pending',
      'pay_1',
      'failed',
      'failed',
      'pay_1',
      { apply: false, reason: 'already_applied' },
    ],
    ['a failure after payment', 'paid', 'pay_1', 'paid', 'failed', 'pay_2', { apply: false, reason: 'already_paid' }],
    ['expiry after payment', 'paid', 'pay_1', 'paid', 'expired', 'pay_1', { apply: false, reason: 'already_paid' }],
  ])('%s', (_name, status, providerReference, answered, incoming, reference, outcome) => {
    const current = { status, providerReference, answer: answered ? answer(answered) : null };
    expect(paymentOutcome(current, { status: incoming, providerReference: reference })).toEqual(outcome);
  });
});

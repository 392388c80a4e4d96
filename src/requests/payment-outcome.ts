import type { RequestAnswer, RequestStatus } from './customer-request.js';

export type ProviderPaymentStatus = 'paid' | 'failed' | 'expired';

export type PaymentOutcome =
  | { readonly apply: true; readonly status: RequestStatus }
  | { readonly apply: false; readonly reason: 'already_applied' | 'already_paid' };

/**
 * What the provider's verdict does to a payment request whose status (as read, expiry included)
 * is `current`.
 */
export function paymentOutcome(
  current: {
    readonly status: RequestStatus;
    readonly providerReference: string | null;
    readonly answer: RequestAnswer | null;
  },
  incoming: { readonly status: ProviderPaymentStatus; readonly providerReference: string },
): PaymentOutcome {
  // The same verdict for the same payment again (a provider retry): nothing to do.
  if (current.providerReference === incoming.providerReference && current.answer?.value === incoming.status) {
    return { apply: false, reason: 'already_applied' };
  }
  if (current.status === 'paid') return { apply: false, reason: 'already_paid' }; // money moved: final
  if (incoming.status === 'paid') return { apply: true, status: 'paid' }; // even past expiry: the provider took the money
  if (incoming.status === 'expired') return { apply: true, status: 'expired' };
  // A failed attempt leaves the request open for another try (the failure is kept as the answer).
  return { apply: true, status: current.status };
}

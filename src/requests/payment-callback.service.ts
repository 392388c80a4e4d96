import type { Clock } from '../clock.js';
import type { Transact } from '../db/transactor.js';
import type { PaymentsStore } from './payments.store.js';
import type { CustomerRequestsStore } from './customer-requests.store.js';
import type { TeamSecretsStore } from '../secrets/team-secrets.store.js';
import { AppError, NotFoundError } from '../errors.js';
import type { PaymentCallback } from './payment-callback.schema.js';
import { statusAt, type RequestStatus } from './customer-request.js';
import { paymentOutcome } from './payment-outcome.js';
import { PaymentSignatureError } from './payment-signature.error.js';
import { signatureProblem, type SignedCallback } from './payment-signature.js';

/** The stores this module reads and writes. */
export interface PaymentCallbackStores {
  readonly payments: PaymentsStore;
  readonly requests: CustomerRequestsStore;
  readonly teamSecrets: TeamSecretsStore;
}

export interface CallbackResult {
  readonly requestId: string;
  /** The request's status after the callback. */
  readonly status: RequestStatus;
  readonly applied: boolean;
  /** Why nothing changed: `replay` (this exact signed callback again), `already_applied`, `already_paid`. */
  readonly reason: string | null;
}

/** The payment provider's signed verdict on a payment request. */
export class PaymentCallbackService {
  constructor(
    private readonly transact: Transact<PaymentCallbackStores>,
    private readonly clock: Clock,
  ) {}

  /**
   * `body` is what the route parsed from the signed bytes, or why it could not: that error is
   * only told to a caller whose signature holds, so a stranger learns nothing from body errors.
   */
  async handle(teamId: string, callback: SignedCallback, body: PaymentCallback | AppError): Promise<CallbackResult> {
    const now = this.clock();
    return this.transact(async (s) => {
      const problem = signatureProblem(await s.teamSecrets.secretOf(teamId, 'payment'), callback, now);
      if (problem) throw new PaymentSignatureError(problem);
      if (body instanceof AppError) throw body;

      const request = await s.requests.getForUpdate(teamId, body.requestId);
      if (!request || request.kind !== 'payment') throw new NotFoundError('payment request');
      const current = { ...request, status: statusAt(request, now) };

      // The signature covers the timestamp: the same one twice is a replay, answered without effect.
      const fresh = await s.payments.recordCallback({
        teamId,
        signature: callback.signature!.toLowerCase(),
        signedAt: Number(callback.timestamp),
        requestId: body.requestId,
        status: body.status,
        providerReference: body.providerReference,
        receivedAt: now,
      });
      if (!fresh) return { requestId: request.id, status: current.status, applied: false, reason: 'replay' };

      const outcome = paymentOutcome(current, body);
      if (!outcome.apply)
        return { requestId: request.id, status: current.status, applied: false, reason: outcome.reason };
      const settled = await s.requests.settlePayment(request.id, {
        status: outcome.status,
        answer: { value: body.status, text: body.providerReference, at: now.toISOString() },
        providerReference: body.providerReference,
        at: now,
      });
      return { requestId: settled.id, status: statusAt(settled, now), applied: true, reason: null };
    });
  }
}

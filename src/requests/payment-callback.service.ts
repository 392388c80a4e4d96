import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { Transact } from '../db/stores.js';
import { BadRequestError, NotFoundError } from '../errors.js';
import { parseInput } from '../http/parse-input.js';
import { statusAt, type RequestStatus } from './customer-request.js';
import { paymentOutcome } from './payment-outcome.js';
import { PaymentSignatureError } from './payment-signature.error.js';
import { signatureProblem, type SignedCallback } from './payment-signature.js';

const callbackSchema = z.object({
  requestId: z.string().min(1).max(100),
  status: z.enum(['paid', 'failed', 'expired']),
  providerReference: z.string().min(1).max(200),
});

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
    private readonly transact: Transact,
    private readonly clock: Clock,
  ) {}

  async handle(teamId: string, callback: SignedCallback): Promise<CallbackResult> {
    const now = this.clock();
    return this.transact(async (s) => {
      const problem = signatureProblem(await s.teamSecrets.secretOf(teamId, 'payment'), callback, now);
      if (problem) throw new PaymentSignatureError(problem);
      const body = parseInput(callbackSchema, parseJson(callback.rawBody));

      const request = await s.requests.getForUpdate(teamId, body.requestId);
      if (!request || request.kind !== 'payment') throw new NotFoundError('payment request');
      const current = { ...request, status: statusAt(request, now) };

      // The signature covers the timestamp: the same one twice is a replay, answered without effect.
      const fresh = await s.payments.recordCallback({
        teamId, signature: callback.signature!.toLowerCase(), signedAt: Number(callback.timestamp), requestId: body.requestId,
        status: body.status, providerReference: body.providerReference, receivedAt: now,
      });
      if (!fresh) return { requestId: request.id, status: current.status, applied: false, reason: 'replay' };

      const outcome = paymentOutcome(current, body);
      if (!outcome.apply) return { requestId: request.id, status: current.status, applied: false, reason: outcome.reason };
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

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new BadRequestError('the body is not valid JSON; send {"requestId", "status", "providerReference"}', 'malformed_json');
  }
}

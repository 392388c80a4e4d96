import express, { Router } from 'express';
import { parsePaymentCallback } from './payment-callback.schema.js';
import type { PaymentCallbackService } from './payment-callback.service.js';

/**
 * `POST /payments/callback/:team`: the payment provider's signed verdict. The raw body is kept,
 * because the signature is over the exact bytes sent.
 */
export function paymentCallbackRoutes(callbacks: PaymentCallbackService): Router {
  const router = Router();

  router.post('/payments/callback/:team', express.raw({ type: () => true, limit: '16kb' }), async (req, res) => {
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const result = await callbacks.handle(
      req.params.team,
      {
        timestamp: req.get('x-switchboard-timestamp'),
        signature: req.get('x-switchboard-signature'),
        rawBody,
      },
      parsePaymentCallback(rawBody),
    );
    res.status(200).json(result);
  });

  return router;
}

import { z } from 'zod';
import { AppError, BadRequestError } from '../errors.js';
import { parseInput } from '../http/parse-input.js';

const callbackSchema = z.object({
  requestId: z.string().min(1).max(100),
  status: z.enum(['paid', 'failed', 'expired']),
  providerReference: z.string().min(1).max(200),
});

/** The payment provider's verdict, as its signed body says it. */
export type PaymentCallback = z.infer<typeof callbackSchema>;

/** Parses the signed bytes; an error is returned, not thrown, so the signature is judged first. */
export function parsePaymentCallback(raw: Buffer): PaymentCallback | AppError {
  try {
    return parseInput(callbackSchema, parseJson(raw));
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new BadRequestError(
      'the body is not valid JSON; send {"requestId", "status", "providerReference"}',
      'malformed_json',
    );
  }
}

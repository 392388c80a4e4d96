import { AppError } from '../errors.js';
import type { SignatureProblem } from './payment-signature.js';

const MESSAGES: Readonly<Record<SignatureProblem, string>> = {
  missing_signature:
    'send X-Switchboard-Timestamp and X-Switchboard-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">',
  invalid_signature: 'the signature does not match; sign "<timestamp>.<raw body>" with the team\'s payment secret',
  invalid_timestamp: 'X-Switchboard-Timestamp must be unix seconds',
  stale_timestamp: 'the timestamp is more than 5 minutes from our clock; sign the callback again when sending it',
};

/** A payment callback we cannot trust: always 401, so the provider knows to check its signing. */
export class PaymentSignatureError extends AppError {
  readonly statusCode = 401;
  constructor(problem: SignatureProblem) {
    super(MESSAGES[problem], problem);
  }
}

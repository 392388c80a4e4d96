import crypto from 'node:crypto';

/** How far a callback's timestamp may be from our clock, either way. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type SignatureProblem = 'missing_signature' | 'invalid_signature' | 'invalid_timestamp' | 'stale_timestamp';

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`, as the payment provider sends it. */
export function paymentSignature(secret: string, timestamp: string, rawBody: Buffer | string): string {
  const hmac = crypto.createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
  return `sha256=${hmac}`;
}

export interface SignedCallback {
  /** X-Switchboard-Timestamp: unix seconds. */
  readonly timestamp: string | undefined;
  /** X-Switchboard-Signature. */
  readonly signature: string | undefined;
  readonly rawBody: Buffer;
}

/**
 * Why a callback is not to be trusted, or null. The signature is checked before the timestamp,
 * so a client without the secret learns nothing about our clock.
 */
export function signatureProblem(secret: string | null, callback: SignedCallback, now: Date): SignatureProblem | null {
  const { timestamp, signature } = callback;
  if (!timestamp || !signature) return 'missing_signature';
  // No secret set (or no such team): every signature is wrong, and the answer says no more.
  if (!secret || !/^sha256=[0-9a-f]{64}$/i.test(signature)) return 'invalid_signature';
  const expected = Buffer.from(paymentSignature(secret, timestamp, callback.rawBody), 'latin1');
  if (!crypto.timingSafeEqual(expected, Buffer.from(signature.toLowerCase(), 'latin1'))) return 'invalid_signature';
  if (!/^\d{1,12}$/.test(timestamp)) return 'invalid_timestamp';
  const age = now.getTime() / 1000 - Number(timestamp);
  if (Math.abs(age) > SIGNATURE_TOLERANCE_SECONDS) return 'stale_timestamp';
  return null;
}

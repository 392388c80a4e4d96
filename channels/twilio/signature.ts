import twilio from 'twilio';
import type { WebhookRequest, WebhookVerifier } from '../contract.js';

const SIGNATURE_HEADER = 'x-twilio-signature';

/**
 * Verifies `X-Twilio-Signature` on form-encoded webhooks with the SDK's `validateRequest`
 * (HMAC-SHA1 over URL + sorted params, constant-time compare, with and without default port).
 *
 * JSON-body webhooks (`?bodySHA256=…`) are not used by our endpoints. They are rejected: the
 * signature covers only the URL, and WebhookRequest has no raw body to check the hash against,
 * so accepting them would accept any body replayed on a signed URL.
 */
export function createTwilioSignatureVerifier(authToken: string): WebhookVerifier {
  return {
    verify(request: WebhookRequest): boolean {
      const signature = request.headers[SIGNATURE_HEADER];
      if (!signature) return false;
      try {
        if (new URL(request.url).searchParams.has('bodySHA256')) return false;
        return twilio.validateRequest(authToken, signature, request.url, request.params);
      } catch {
        return false; // an unparsable URL cannot have been signed by Twilio
      }
    },
  };
}

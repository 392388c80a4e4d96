import crypto from 'node:crypto';

/**
 * X-Twilio-Signature as Twilio computes it for a form post: HMAC-SHA1, keyed with the auth token,
 * over the full URL followed by each parameter's name and value, sorted by name; base64.
 */
export function twilioSignature(authToken: string, url: string, params: Readonly<Record<string, string>>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return crypto.createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

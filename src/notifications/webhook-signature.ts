import crypto from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Switchboard-Signature';
export const EVENT_HEADER = 'X-Switchboard-Event';
/** The notification id: the same on every retry, so a receiver can drop repeats. */
export const DELIVERY_HEADER = 'X-Switchboard-Delivery';

/** How far a signed timestamp may be from the receiver's clock, either way. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type WebhookSignatureProblem =
  'missing_signature' | 'malformed_signature' | 'invalid_signature' | 'stale_timestamp';

/** Hex HMAC-SHA256 of `<t>.<body>`. */
function hmac(secret: string, timestamp: number, body: string | Buffer): string {
  return crypto.createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/** The `X-Switchboard-Signature` value: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export function signWebhook(secret: string, body: string | Buffer, now: Date): string {
  const t = Math.floor(now.getTime() / 1000);
  return `t=${t},v1=${hmac(secret, t, body)}`;
}

/**
 * Why a received post is not to be trusted, or null. For receivers (and our tests): pass the raw
 * body exactly as received. Several `v1=` entries are allowed; one match is enough. The
 * signature is checked before the timestamp, so a forger learns nothing about the clock.
 */
export function webhookSignatureProblem(
  secret: string,
  header: string | undefined,
  body: string | Buffer,
  now: Date,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): WebhookSignatureProblem | null {
  if (!header) return 'missing_signature';
  const parsed = parseSignatureHeader(header);
  if (!parsed) return 'malformed_signature';
  const expected = Buffer.from(hmac(secret, parsed.t, body), 'latin1');
  const matches = parsed.v1.some((candidate) => {
    const given = Buffer.from(candidate.toLowerCase(), 'latin1');
    return given.length === expected.length && crypto.timingSafeEqual(given, expected);
  });
  if (!matches) return 'invalid_signature';
  if (Math.abs(now.getTime() / 1000 - parsed.t) > toleranceSeconds) return 'stale_timestamp';
  return null;
}

/** True when the post was signed with `secret` within the tolerance. */
export function verifyWebhookSignature(
  secret: string,
  header: string | undefined,
  body: string | Buffer,
  now: Date = new Date(),
): boolean {
  return webhookSignatureProblem(secret, header, body, now) === null;
}

function parseSignatureHeader(header: string): { t: number; v1: string[] } | null {
  let t: number | null = null;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return null;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value) || t !== null) return null;
      t = Number(value);
    } else if (key === 'v1') {
      if (!/^[0-9a-f]{64}$/i.test(value)) return null;
      v1.push(value);
    }
    // Other keys (a future v2) are skipped, so receivers keep working when one is added.
  }
  return t === null || v1.length === 0 ? null : { t, v1 };
}

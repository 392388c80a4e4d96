import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { paymentSignature, signatureProblem, type SignatureProblem } from '../../../src/requests/payment-signature.js';

const secret = 'pss_test_secret';
const now = new Date('2026-11-21T21:30:00Z');
const ts = String(now.getTime() / 1000);
const body = Buffer.from('{"requestId":"r1","status":"paid","providerReference":"pay_1"}');

describe('paymentSignature', () => {
  it('is sha256= and the hex HMAC-SHA256 of "<timestamp>.<raw body>"', () => {
    const expected = crypto.createHmac('sha256', secret).update(`${ts}.${body.toString()}`).digest('hex');
    expect(paymentSignature(secret, ts, body)).toBe(`sha256=${expected}`);
  });
});

describe('signatureProblem', () => {
  const good = paymentSignature(secret, ts, body);
  const at = (offsetSeconds: number) => String(Number(ts) + offsetSeconds);

  it.each<
    [
      string,
      { secret?: string | null; timestamp?: string; signature?: string; rawBody?: Buffer },
      SignatureProblem | null,
    ]
  >([
    ['a good signature', {}, null],
    ['upper-case hex', { signature: good.replace(/[a-f]/g, (c) => c.toUpperCase()).replace('SHA256', 'sha256') }, null],
    ['4 minutes old', { timestamp: at(-240), signature: paymentSignature(secret, at(-240), body) }, null],
    ['no signature', { signature: '' }, 'missing_signature'],
    ['no timestamp', { timestamp: '' }, 'missing_signature'],
    ['a tampered body', { rawBody: Buffer.from(body.toString().replace('paid', 'fail')) }, 'invalid_signature'],
    ['another secret', { signature: paymentSignature('other', ts, body) }, 'invalid_signature'],
    ['no secret set', { secret: null }, 'invalid_signature'],
    ['a bare hex digest', { signature: good.slice('sha256='.length) }, 'invalid_signature'],
    ['a short signature', { signature: good.slice(0, -2) }, 'invalid_signature'],
    ['another timestamp than signed', { timestamp: at(1) }, 'invalid_signature'],
    ['6 minutes old', { timestamp: at(-360), signature: paymentSignature(secret, at(-360), body) }, 'stale_timestamp'],
    [
      '6 minutes in the future',
      { timestamp: at(360), signature: paymentSignature(secret, at(360), body) },
      'stale_timestamp',
    ],
    [
      'a timestamp in milliseconds',
      { timestamp: `${ts}000`, signature: paymentSignature(secret, `${ts}000`, body) },
      'invalid_timestamp',
    ],
    [
      'a timestamp that is not a number',
      { timestamp: 'soon', signature: paymentSignature(secret, 'soon', body) },
      'invalid_timestamp',
    ],
  ])('%s', (_name, o, problem) => {
    const result = signatureProblem(
      o.secret === undefined ? secret : o.secret,
      { timestamp: o.timestamp ?? ts, signature: o.signature ?? good, rawBody: o.rawBody ?? body },
      now,
    );
    expect(result).toBe(problem);
  });
});

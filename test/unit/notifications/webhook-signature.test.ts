import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  signWebhook,
  verifyWebhookSignature,
  webhookSignatureProblem,
  type WebhookSignatureProblem,
} from '../../../src/notifications/webhook-signature.js';

const secret = 'whsec_test_secret';
const now = new Date('2026-11-21T21:30:00Z');
const t = now.getTime() / 1000;
const body = '{"id":"n1","event":"rla.breach","data":{"ticketId":"t1"}}';
const at = (offsetSeconds: number) => new Date(now.getTime() + offsetSeconds * 1000);

describe('signWebhook', () => {
  it('is t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">', () => {
    const expected = crypto.createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(signWebhook(secret, body, now)).toBe(`t=${t},v1=${expected}`);
  });

  it('signs whole seconds and the same bytes whether given a string or a Buffer', () => {
    expect(signWebhook(secret, Buffer.from(body), new Date(now.getTime() + 999))).toBe(signWebhook(secret, body, now));
  });
});

describe('webhookSignatureProblem', () => {
  const good = signWebhook(secret, body, now);
  const v1Of = (header: string) => header.split('v1=')[1]!;

  it.each<
    [
      string,
      { header?: string | undefined; body?: string; secret?: string; now?: Date },
      WebhookSignatureProblem | null,
    ]
  >([
    ['a good signature', {}, null],
    ['upper-case hex', { header: `t=${t},v1=${v1Of(good).toUpperCase()}` }, null],
    ['spaces after the commas', { header: good.replace(',', ', ') }, null],
    ['a second v1 that matches (during a rotation)', { header: `t=${t},v1=${'0'.repeat(64)},v1=${v1Of(good)}` }, null],
    ['an unknown v2 entry alongside', { header: `${good},v2=whatever` }, null],
    ['checked 4 minutes later', { now: at(240) }, null],
    ['checked 4 minutes earlier (clock skew)', { now: at(-240) }, null],
    ['no header', { header: undefined }, 'missing_signature'],
    ['an empty header', { header: '' }, 'missing_signature'],
    ['no timestamp', { header: `v1=${v1Of(good)}` }, 'malformed_signature'],
    ['no v1', { header: `t=${t}` }, 'malformed_signature'],
    ['a short v1', { header: `t=${t},v1=${v1Of(good).slice(0, -2)}` }, 'malformed_signature'],
    ['a timestamp that is not a number', { header: `t=soon,v1=${v1Of(good)}` }, 'malformed_signature'],
    ['two timestamps', { header: `t=${t},t=${t},v1=${v1Of(good)}` }, 'malformed_signature'],
    ['a bare hex digest', { header: v1Of(good) }, 'malformed_signature'],
    ['a tampered body', { body: body.replace('t1', 't2') }, 'invalid_signature'],
    ['another secret', { secret: 'whsec_other' }, 'invalid_signature'],
    ['another timestamp than signed', { header: good.replace(`t=${t}`, `t=${t + 1}`) }, 'invalid_signature'],
    ['checked 6 minutes later (a replay)', { now: at(360) }, 'stale_timestamp'],
    ['signed 6 minutes ahead of the receiver', { now: at(-360) }, 'stale_timestamp'],
  ])('%s', (_name, o, problem) => {
    const header = 'header' in o ? o.header : good;
    expect(webhookSignatureProblem(o.secret ?? secret, header, o.body ?? body, o.now ?? now)).toBe(problem);
  });

  it('reports a forged signature as invalid even when its timestamp is stale', () => {
    const forged = `t=${t - 3_600},v1=${'a'.repeat(64)}`;
    expect(webhookSignatureProblem(secret, forged, body, now)).toBe('invalid_signature');
  });
});

describe('verifyWebhookSignature', () => {
  it('accepts a fresh signature and refuses a tampered twin', () => {
    const header = signWebhook(secret, body, now);
    expect(verifyWebhookSignature(secret, header, body, now)).toBe(true);
    expect(verifyWebhookSignature(secret, header, `${body} `, now)).toBe(false);
  });
});

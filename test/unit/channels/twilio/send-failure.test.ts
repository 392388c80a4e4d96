import { describe, expect, it } from 'vitest';
import { ChannelError } from '../../../../channels/contract.js';
import { toChannelError } from '../../../../channels/twilio/send-failure.js';

/** What our request client throws for an HTTP error: RestException's status and code, plus the headers. */
function restException(status: number, code?: number, headers: Record<string, string> = {}): Error {
  return Object.assign(new Error('from Twilio'), { status, headers, ...(code === undefined ? {} : { code }) });
}

function networkError(code: string): Error {
  return Object.assign(new Error(code), { code });
}

describe('toChannelError', () => {
  it.each([
    ['400 / 21610 (unsubscribed)', restException(400, 21610), { code: '21610', retryable: false }],
    ['400 / 21211 (invalid To)', restException(400, 21211), { code: '21211', retryable: false }],
    ['400 / 21614 (not mobile)', restException(400, 21614), { code: '21614', retryable: false }],
    ['400 / 63016 (outside 24 h)', restException(400, 63016), { code: '63016', retryable: false }],
    ['400 / 21408 (region)', restException(400, 21408), { code: '21408', retryable: false }],
    ['400 / 21612 (unreachable)', restException(400, 21612), { code: '21612', retryable: false }],
    ['403 without code', restException(403), { code: 'http_403', retryable: false }],
    ['429 / 20429', restException(429, 20429), { code: '20429', retryable: true, ambiguous: false }],
    ['500 / 20500', restException(500, 20500), { code: '20500', retryable: true, ambiguous: false }],
    ['502 without code', restException(502), { code: 'http_502', retryable: true }],
    ['503 / 21610', restException(503, 21610), { code: '21610', retryable: false }],
    ['ECONNREFUSED', networkError('ECONNREFUSED'), { code: 'ECONNREFUSED', retryable: true, ambiguous: false }],
    ['ENOTFOUND', networkError('ENOTFOUND'), { code: 'ENOTFOUND', retryable: true, ambiguous: false }],
    ['EAI_AGAIN', networkError('EAI_AGAIN'), { code: 'EAI_AGAIN', retryable: true, ambiguous: false }],
    ['ECONNRESET', networkError('ECONNRESET'), { code: 'ECONNRESET', retryable: true, ambiguous: true }],
    ['ETIMEDOUT', networkError('ETIMEDOUT'), { code: 'ETIMEDOUT', retryable: true, ambiguous: true }],
    [
      'ECONNABORTED (axios timeout)',
      networkError('ECONNABORTED'),
      { code: 'ECONNABORTED', retryable: true, ambiguous: true },
    ],
    ['an unknown network code', networkError('ESOMETHING'), { code: 'ESOMETHING', retryable: true, ambiguous: true }],
    ['an error without code', new Error('boom'), { code: null, retryable: true, ambiguous: true }],
    ['a thrown string', 'boom', { code: null, retryable: true, ambiguous: true }],
  ])('%s', (_label, error, expected) => {
    const channelError = toChannelError(error);
    expect(channelError).toBeInstanceOf(ChannelError);
    expect(channelError).toMatchObject(expected);
  });

  it('reads Retry-After whatever the header name case', () => {
    expect(toChannelError(restException(429, 20429, { 'Retry-After': '4' })).retryAfterMs).toBe(4000);
    expect(toChannelError(restException(503, undefined, { 'retry-after': '2' })).retryAfterMs).toBe(2000);
  });

  it('ignores Retry-After on a permanent failure', () => {
    expect(toChannelError(restException(400, 21610, { 'retry-after': '4' })).retryAfterMs).toBeNull();
  });

  it('passes a ChannelError through unchanged', () => {
    const original = new ChannelError('already classified', 'x', false);
    expect(toChannelError(original)).toBe(original);
  });
});

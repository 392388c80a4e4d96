import { describe, expect, it } from 'vitest';
import { toSmtpChannelError } from '../../../../channels/email/smtp-email.sender.js';

const failure = (props: Record<string, unknown>) => Object.assign(new Error('boom'), props);

describe('toSmtpChannelError', () => {
  it.each<[string, Record<string, unknown>, { code: string | null; retryable: boolean }]>([
    ['a 421 (service busy)', { responseCode: 421, code: 'EENVELOPE' }, { code: 'smtp_421', retryable: true }],
    ['a 451 (try again later)', { responseCode: 451 }, { code: 'smtp_451', retryable: true }],
    ['a 550 (no such mailbox)', { responseCode: 550, code: 'EENVELOPE' }, { code: 'smtp_550', retryable: false }],
    ['a 535 (bad credentials)', { responseCode: 535, code: 'EAUTH' }, { code: 'smtp_535', retryable: false }],
    ['a refused connection', { code: 'ECONNECTION' }, { code: 'ECONNECTION', retryable: true }],
    ['a timeout', { code: 'ETIMEDOUT' }, { code: 'ETIMEDOUT', retryable: true }],
    ['a DNS failure', { code: 'EDNS' }, { code: 'EDNS', retryable: true }],
    ['no usable recipient', { code: 'EENVELOPE' }, { code: 'EENVELOPE', retryable: false }],
    ['failed authentication without a reply code', { code: 'EAUTH' }, { code: 'EAUTH', retryable: false }],
    ['an unknown code', { code: 'ESOMETHING' }, { code: 'ESOMETHING', retryable: true }],
    ['no code at all', {}, { code: null, retryable: true }],
  ])('maps %s', (_name, props, expected) => {
    expect(toSmtpChannelError(failure(props))).toMatchObject(expected);
  });
});

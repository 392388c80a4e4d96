import { describe, expect, it } from 'vitest';
import { parseStatusCallback } from '../../../../channels/twilio/status-callback.parser.js';
import { readTwilioFixture } from './twilio-fixtures.js';

describe('parseStatusCallback: fixtures', () => {
  it('reads an SMS delivered callback', () => {
    expect(parseStatusCallback(readTwilioFixture('message-status-delivered.json'))).toEqual({
      ok: true,
      value: {
        providerMessageId: 'SM40000000000000000000000000000001',
        status: 'delivered',
        rawStatus: 'delivered',
        errorCode: null,
        errorMessage: null,
        channel: 'sms',
        from: '+15005550006',
        to: '+12125550123',
      },
    });
  });

  it('reads a WhatsApp read callback', () => {
    expect(parseStatusCallback(readTwilioFixture('message-status-read.json'))).toEqual({
      ok: true,
      value: {
        providerMessageId: 'SM40000000000000000000000000000003',
        status: 'read',
        rawStatus: 'read',
        errorCode: null,
        errorMessage: null,
        channel: 'whatsapp',
        from: '+15005550006',
        to: '+12125550123',
      },
    });
  });

  it('reads an undelivered WhatsApp callback with error 63016 and the channel message', () => {
    const fixture = readTwilioFixture('message-status-undelivered-63016.json');
    expect(parseStatusCallback(fixture)).toEqual({
      ok: true,
      value: {
        providerMessageId: 'SM40000000000000000000000000000004',
        status: 'undelivered',
        rawStatus: 'undelivered',
        errorCode: '63016',
        errorMessage: fixture.ChannelStatusMessage,
        channel: 'whatsapp',
        from: '+15005550006',
        to: '+12125550123',
      },
    });
  });
});

describe('parseStatusCallback: variations', () => {
  const delivered = readTwilioFixture('message-status-delivered.json');

  it.each([
    ['', null],
    ['0', null],
    ['30003', '30003'],
  ])('reads ErrorCode %j as %j', (errorCode, expected) => {
    const result = parseStatusCallback({ ...delivered, ErrorCode: errorCode });
    expect(result.ok && result.value.errorCode).toBe(expected);
  });

  it('prefers ErrorMessage over ChannelStatusMessage', () => {
    const result = parseStatusCallback({ ...delivered, ErrorMessage: 'Unreachable', ChannelStatusMessage: 'other' });
    expect(result.ok && result.value.errorMessage).toBe('Unreachable');
  });

  it('keeps an unknown status raw with a null status', () => {
    const result = parseStatusCallback({ ...delivered, MessageStatus: 'partially_delivered' });
    expect(result.ok && result.value).toMatchObject({ status: null, rawStatus: 'partially_delivered' });
  });

  it('reads WhatsApp from ChannelPrefix alone', () => {
    const result = parseStatusCallback({ ...delivered, ChannelPrefix: 'whatsapp' });
    expect(result.ok && result.value.channel).toBe('whatsapp');
  });

  it('reads WhatsApp from a prefixed To alone', () => {
    const { From: _dropped, ...withoutFrom } = delivered;
    const result = parseStatusCallback({ ...withoutFrom, To: 'whatsapp:+12125550123' });
    expect(result.ok && result.value).toMatchObject({ channel: 'whatsapp', from: null, to: '+12125550123' });
  });

  it('reads an unusable From as null rather than failing the callback', () => {
    const result = parseStatusCallback({ ...delivered, From: 'MyBrand' });
    expect(result.ok && result.value.from).toBeNull();
  });

  it('ignores unknown keys', () => {
    const result = parseStatusCallback({ ...delivered, NewTwilioField: 'x' });
    expect(result.ok).toBe(true);
  });
});

describe('parseStatusCallback: unusable requests', () => {
  const delivered = readTwilioFixture('message-status-delivered.json');
  const without = (...keys: string[]) =>
    Object.fromEntries(Object.entries(delivered).filter(([k]) => !keys.includes(k)));

  it.each([
    ['no MessageSid at all', without('MessageSid', 'SmsSid'), 'missing_message_sid'],
    ['empty MessageSid', { ...without('SmsSid'), MessageSid: '' }, 'missing_message_sid'],
    ['no MessageStatus', without('MessageStatus'), 'missing_message_status'],
    ['empty MessageStatus', { ...delivered, MessageStatus: '' }, 'missing_message_status'],
    ['an empty request', {}, 'missing_message_sid'],
  ])('%s → %s', (_label, params, reason) => {
    const result = parseStatusCallback(params);
    expect(result).toMatchObject({ ok: false, reason });
    expect(!result.ok && result.detail.length).toBeGreaterThan(0);
  });

  it('falls back to SmsSid when MessageSid is absent', () => {
    const result = parseStatusCallback(without('MessageSid'));
    expect(result.ok && result.value.providerMessageId).toBe('SM40000000000000000000000000000001');
  });
});

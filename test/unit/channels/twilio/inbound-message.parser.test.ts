import { describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../../../channels/contract.js';
import { parseInboundMessage } from '../../../../channels/twilio/inbound-message.parser.js';
import { readTwilioFixture } from './twilio-fixtures.js';

function parsedFixture(name: string): InboundMessage {
  const result = parseInboundMessage(readTwilioFixture(name));
  if (!result.ok) throw new Error(`${name}: ${result.reason}`);
  return result.value;
}

describe('parseInboundMessage: fixtures', () => {
  it('reads an inbound SMS', () => {
    expect(parsedFixture('sms-inbound.json')).toEqual({
      provider: 'twilio',
      providerMessageId: 'SM10000000000000000000000000000001',
      channel: 'sms',
      from: '+12125550123',
      to: '+15005550006',
      body: 'Hi, is my order #1042 shipped yet?',
      media: [],
      profileName: null,
      waId: null,
      button: null,
      optOutKeyword: null,
    });
  });

  it('reads the STOP keyword Twilio already handled', () => {
    const message = parsedFixture('sms-inbound-stop.json');
    expect(message.optOutKeyword).toBe('STOP');
    expect(message.body).toBe('STOP');
    expect(message.providerMessageId).toBe('SM10000000000000000000000000000002');
  });

  it('reads an MMS with both attachments in order', () => {
    const message = parsedFixture('mms-inbound.json');
    expect(message.channel).toBe('sms');
    expect(message.providerMessageId).toBe('MM20000000000000000000000000000001');
    expect(message.media).toEqual([
      {
        url: 'https://api.twilio.com/2010-04-01/Accounts/ACdeadbeefdeadbeefdeadbeefdeadbeef/Messages/MM20000000000000000000000000000001/Media/ME20000000000000000000000000000001',
        contentType: 'image/jpeg',
      },
      {
        url: 'https://api.twilio.com/2010-04-01/Accounts/ACdeadbeefdeadbeefdeadbeefdeadbeef/Messages/MM20000000000000000000000000000001/Media/ME20000000000000000000000000000002',
        contentType: 'application/pdf',
      },
    ]);
  });

  it('reads a WhatsApp text without the whatsapp: prefix', () => {
    expect(parsedFixture('whatsapp-inbound.json')).toEqual({
      provider: 'twilio',
      providerMessageId: 'SM30000000000000000000000000000001',
      channel: 'whatsapp',
      from: '+12125550123',
      to: '+15005550006',
      body: 'Hola! Can I change my delivery address?',
      media: [],
      profileName: 'Test Customer',
      waId: '12125550123',
      button: null,
      optOutKeyword: null,
    });
  });

  it('reads a WhatsApp quick-reply button', () => {
    const message = parsedFixture('whatsapp-button-reply.json');
    expect(message.channel).toBe('whatsapp');
    expect(message.body).toBe('Reschedule');
    expect(message.button).toEqual({
      text: 'Reschedule',
      payload: 'appt_1042_reschedule',
      repliedToProviderMessageId: 'SM40000000000000000000000000000003',
    });
  });
});

describe('parseInboundMessage: variations', () => {
  const sms = readTwilioFixture('sms-inbound.json');

  it('falls back to SmsMessageSid, then SmsSid, when MessageSid is absent', () => {
    const { MessageSid: _dropped, ...withoutMessageSid } = sms;
    const viaSmsMessageSid = parseInboundMessage({ ...withoutMessageSid, SmsMessageSid: 'SMa' });
    const viaSmsSid = parseInboundMessage({ ...withoutMessageSid, SmsMessageSid: '', SmsSid: 'SMb' });
    expect(viaSmsMessageSid.ok && viaSmsMessageSid.value.providerMessageId).toBe('SMa');
    expect(viaSmsSid.ok && viaSmsSid.value.providerMessageId).toBe('SMb');
  });

  it.each([
    ['STOP', 'STOP'],
    ['stop', 'STOP'],
    ['Start', 'START'],
    ['help', 'HELP'],
    ['UNSUBSCRIBE', null],
    ['', null],
    ['constructor', null],
  ])('reads OptOutType %j as %j', (optOutType, expected) => {
    const result = parseInboundMessage({ ...sms, OptOutType: optOutType });
    expect(result.ok && result.value.optOutKeyword).toBe(expected);
  });

  it('ignores unknown keys', () => {
    const result = parseInboundMessage({ ...sms, SomethingTwilioAddedLater: 'x', msg: 'y' });
    expect(result.ok && result.value.body).toBe(sms.Body);
  });

  it('reads a missing Body as empty', () => {
    const { Body: _dropped, ...withoutBody } = sms;
    const result = parseInboundMessage(withoutBody);
    expect(result.ok && result.value.body).toBe('');
  });

  it('skips a declared attachment without URL and caps NumMedia', () => {
    const result = parseInboundMessage({
      ...sms,
      NumMedia: '1000000',
      MediaUrl0: 'https://example.test/0',
      MediaContentType0: 'image/png',
      MediaUrl2: 'https://example.test/2',
    });
    expect(result.ok && result.value.media).toEqual([
      { url: 'https://example.test/0', contentType: 'image/png' },
      { url: 'https://example.test/2', contentType: 'application/octet-stream' },
    ]);
  });

  it('ignores media when NumMedia is not a number', () => {
    const result = parseInboundMessage({ ...sms, NumMedia: 'many', MediaUrl0: 'https://example.test/0' });
    expect(result.ok && result.value.media).toEqual([]);
  });
});

describe('parseInboundMessage: unusable requests', () => {
  const sms = readTwilioFixture('sms-inbound.json');
  const withoutSids = (() => {
    const { MessageSid: _a, SmsMessageSid: _b, SmsSid: _c, ...rest } = sms;
    return rest;
  })();
  const without = (key: string) => Object.fromEntries(Object.entries(sms).filter(([k]) => k !== key));

  it.each([
    ['no MessageSid at all', withoutSids, 'missing_message_sid'],
    [
      'empty MessageSid and fallbacks',
      { ...sms, MessageSid: '', SmsMessageSid: '', SmsSid: '' },
      'missing_message_sid',
    ],
    ['no From', without('From'), 'missing_from'],
    ['empty From', { ...sms, From: '' }, 'missing_from'],
    ['From "anonymous"', { ...sms, From: 'anonymous' }, 'from_not_a_phone_number'],
    ['From without +', { ...sms, From: '12125550123' }, 'from_not_a_phone_number'],
    ['From "whatsapp:" only', { ...sms, From: 'whatsapp:' }, 'from_not_a_phone_number'],
    ['no To', without('To'), 'missing_to'],
    ['To "not-a-number"', { ...sms, To: 'not-a-number' }, 'to_not_a_phone_number'],
    ['To a short code', { ...sms, To: '72345' }, 'to_not_a_phone_number'],
    ['an empty request', {}, 'missing_message_sid'],
  ])('%s → %s', (_label, params, reason) => {
    const result = parseInboundMessage(params);
    expect(result).toMatchObject({ ok: false, reason });
    expect(!result.ok && result.detail).toMatch(/\.$/);
  });

  it('names the offending value in the detail', () => {
    const result = parseInboundMessage({ ...sms, From: 'anonymous' });
    expect(!result.ok && result.detail).toBe('From "anonymous" is not a phone number.');
  });
});

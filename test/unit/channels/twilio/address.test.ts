import { describe, expect, it } from 'vitest';
import { parseAddress, toTwilioAddress } from '../../../../channels/twilio/address.js';

describe('parseAddress', () => {
  it.each([
    ['+12125550123', { channel: 'sms', number: '+12125550123' }],
    ['+15005550006', { channel: 'sms', number: '+15005550006' }],
    ['whatsapp:+12125550123', { channel: 'whatsapp', number: '+12125550123' }],
    ['+447700900123', { channel: 'sms', number: '+447700900123' }],
  ])('reads %s', (raw, expected) => {
    expect(parseAddress(raw)).toEqual(expected);
  });

  it.each([
    ['anonymous'],
    [''],
    ['not-a-number'],
    ['12125550123'], // no +
    ['+1 212 555 0123'], // not E.164 on the wire
    ['+12125550123abc'],
    ['whatsapp:'],
    ['whatsapp:anonymous'],
    ['+1212'], // too short to be possible
    ['+999999999999'], // no such country code
  ])('rejects %j', (raw) => {
    expect(parseAddress(raw)).toBeNull();
  });
});

describe('toTwilioAddress', () => {
  it('prefixes WhatsApp numbers', () => {
    expect(toTwilioAddress('whatsapp', '+12125550123')).toBe('whatsapp:+12125550123');
  });

  it('leaves SMS numbers as they are', () => {
    expect(toTwilioAddress('sms', '+12125550123')).toBe('+12125550123');
  });
});

import { describe, expect, it } from 'vitest';
import type { MessageChannel } from '../../../channels/contract.js';
import {
  linkedReplyRoute,
  replyChannel,
  replyFrom,
  type CustomerInbound,
  type LastInbound,
} from '../../../src/agent-messages/reply-route.js';
import type { TicketChannel } from '../../../src/tickets/ticket.js';

const TEAM = ['+14155550001', '+14155550002'];
const wroteWhatsapp: LastInbound = { channel: 'whatsapp', teamNumber: '+14155550002' };
const wroteSms: LastInbound = { channel: 'sms', teamNumber: '+14155550001' };

describe('replyChannel', () => {
  it.each<[string, MessageChannel | undefined, TicketChannel, LastInbound | null, MessageChannel]>([
    ['the channel named wins over the ticket', 'sms', 'whatsapp', wroteWhatsapp, 'sms'],
    ['the channel named wins over the last message', 'whatsapp', 'voice', wroteSms, 'whatsapp'],
    ["else a WhatsApp ticket's channel", undefined, 'whatsapp', wroteSms, 'whatsapp'],
    ["else an SMS ticket's channel", undefined, 'sms', wroteWhatsapp, 'sms'],
    ['a call ticket: where the customer last wrote', undefined, 'voice', wroteWhatsapp, 'whatsapp'],
    ['a web-form ticket: where the customer last wrote', undefined, 'web', wroteSms, 'sms'],
    ['a call ticket from someone who never wrote: SMS', undefined, 'voice', null, 'sms'],
    ['an app ticket from someone who never wrote: SMS', undefined, 'app', null, 'sms'],
  ])('%s', (_name, named, ticketChannel, lastInbound, expected) => {
    expect(replyChannel(named, ticketChannel, lastInbound)).toBe(expected);
  });
  it('a web chat visitor is answered in the chat, whatever the ticket', () => {
    expect(replyChannel(undefined, 'web', null, 'web:4f1c')).toBe('web');
    expect(replyChannel(undefined, 'sms', null, 'web:4f1c')).toBe('web');
    expect(replyChannel('sms', 'web', null, 'web:4f1c')).toBe('sms');
  });
});

describe('replyFrom', () => {
  it.each<[string, readonly string[], LastInbound | null, string | null]>([
    ['the number the customer last wrote to', TEAM, wroteWhatsapp, '+14155550002'],
    ['the first number when the customer never wrote', TEAM, null, '+14155550001'],
    [
      'the first number when the team gave that number away',
      TEAM,
      { ...wroteSms, teamNumber: '+19995550000' },
      TEAM[0]!,
    ],
    ['none when the team has no number', [], wroteSms, null],
  ])('%s', (_name, numbers, lastInbound, expected) => {
    expect(replyFrom(numbers, lastInbound)).toBe(expected);
  });
});

describe('linkedReplyRoute: a customer with several addresses is answered where they last wrote', () => {
  const PHONE = '+12125550123';
  const WEB = 'web:v-1';
  const webLast: CustomerInbound[] = [
    { from: WEB, channel: 'web', teamNumber: 'web:team' },
    { from: PHONE, channel: 'sms', teamNumber: TEAM[1]! },
  ];
  const smsLast: CustomerInbound[] = [webLast[1]!, webLast[0]!];
  it.each<[string, MessageChannel | undefined, CustomerInbound[], readonly string[], MessageChannel, string | null]>([
    ['last wrote on the web chat: on web, to the visitor', undefined, webLast, [PHONE, WEB], 'web', WEB],
    ['last wrote by SMS: by SMS, to the phone', undefined, smsLast, [PHONE, WEB], 'sms', PHONE],
    ['SMS named: to the phone, though they last wrote on web', 'sms', webLast, [PHONE, WEB], 'sms', PHONE],
    ['WhatsApp named, never written on: a phone takes it', 'whatsapp', webLast, [PHONE, WEB], 'whatsapp', PHONE],
    [
      'web named, no visitor among the addresses: nowhere',
      'web',
      smsLast.slice(0, 1),
      [PHONE, '+12125550199'],
      'web',
      null,
    ],
    ['never wrote (merged contacts): SMS to the first phone', undefined, [], [WEB, PHONE], 'sms', PHONE],
    ['never wrote, only visitors: web to the first', undefined, [], [WEB, 'web:v-2'], 'web', WEB],
  ])('%s', (_name, named, inbounds, addresses, channel, to) => {
    expect(linkedReplyRoute(named, inbounds, addresses)).toMatchObject({ channel, to });
  });

  it('takes the team number of the last message on the chosen channel', () => {
    expect(linkedReplyRoute('sms', webLast, [PHONE, WEB]).lastInbound).toMatchObject({ teamNumber: TEAM[1] });
  });
});

import { describe, expect, it } from 'vitest';
import {
  decideUnreadFallback,
  skipReasonText,
  type CustomerReach,
  type UnreadFallbackInput,
} from '../../../src/unread-fallback/decide-unread-fallback.js';
import { FALLBACK_CHANNELS } from '../../../src/teams/unread-fallback-settings.js';

const NOW = new Date('2026-11-24T10:00:00Z');
const HOUR = 3_600_000;
const PHONE = '+48600700800';

const reach = (o: Partial<CustomerReach> = {}): CustomerReach => ({
  email: null,
  phone: PHONE,
  optedOut: false,
  lastWhatsappInboundAt: null,
  teamNumber: '+48221234567',
  ...o,
});
const input = (o: Partial<UnreadFallbackInput> = {}): UnreadFallbackInput => ({
  order: FALLBACK_CHANNELS,
  replyChannels: ['web'],
  reach: reach(),
  whatsappTemplateSet: false,
  now: NOW,
  ...o,
});
const closedWindow = new Date(NOW.getTime() - 30 * HOUR);
const openWindow = new Date(NOW.getTime() - 2 * HOUR);

describe('decideUnreadFallback', () => {
  it.each([
    ['web reply, number known: SMS (no WhatsApp history)', input(), { channel: 'sms', to: PHONE }],
    [
      'web reply, email first in the order',
      input({ order: ['email', 'sms'], reach: reach({ email: 'anna@example.com' }) }),
      { channel: 'email', to: 'anna@example.com' },
    ],
    [
      'default order: SMS before email',
      input({ reach: reach({ email: 'anna@example.com' }) }),
      { channel: 'sms', to: PHONE },
    ],
    [
      'closed window and a template: the template first',
      input({ reach: reach({ lastWhatsappInboundAt: closedWindow }), whatsappTemplateSet: true }),
      { channel: 'whatsapp_template', to: PHONE },
    ],
    [
      'SMS reply unread: never SMS again, email next',
      input({ replyChannels: ['sms'], reach: reach({ email: 'anna@example.com' }) }),
      { channel: 'email', to: 'anna@example.com' },
    ],
    [
      'opted out: email takes it',
      input({ reach: reach({ optedOut: true, email: 'anna@example.com' }) }),
      { channel: 'email', to: 'anna@example.com' },
    ],
    [
      'WhatsApp reply unread: SMS to the same number',
      input({
        replyChannels: ['whatsapp'],
        reach: reach({ lastWhatsappInboundAt: closedWindow }),
        whatsappTemplateSet: true,
      }),
      { channel: 'sms', to: PHONE },
    ],
  ] as const)('%s', (_name, given, expected) => {
    expect(decideUnreadFallback(given)).toEqual({ action: 'send', ...expected });
  });

  it.each([
    [
      'a web visitor with no email',
      input({ reach: reach({ phone: null, teamNumber: null }) }),
      ['no_number', 'no_number', 'no_email'].map((r, i) => ({ channel: FALLBACK_CHANNELS[i], reason: r })),
    ],
    [
      'SMS reply, window open, no email',
      input({ replyChannels: ['sms'], reach: reach({ lastWhatsappInboundAt: openWindow }), whatsappTemplateSet: true }),
      [
        { channel: 'whatsapp_template', reason: 'whatsapp_window_open' },
        { channel: 'sms', reason: 'same_channel' },
        { channel: 'email', reason: 'no_email' },
      ],
    ],
    [
      'closed window but no template, opted out',
      input({ reach: reach({ lastWhatsappInboundAt: closedWindow, optedOut: true }) }),
      [
        { channel: 'whatsapp_template', reason: 'opted_out' },
        { channel: 'sms', reason: 'opted_out' },
        { channel: 'email', reason: 'no_email' },
      ],
    ],
    [
      'closed window, no template, SMS not in the order',
      input({ order: ['whatsapp_template'], reach: reach({ lastWhatsappInboundAt: closedWindow }) }),
      [{ channel: 'whatsapp_template', reason: 'no_whatsapp_template' }],
    ],
    [
      'a number but no team number to send from',
      input({ order: ['sms'], reach: reach({ teamNumber: null }) }),
      [{ channel: 'sms', reason: 'no_team_number' }],
    ],
    ['an empty order', input({ order: [] }), []],
  ] as const)('skips: %s', (_name, given, tried) => {
    expect(decideUnreadFallback(given)).toEqual({ action: 'skip', reason: 'no_reachable_channel', tried });
  });

  it('says every channel in the skip reason', () => {
    const decision = decideUnreadFallback(input({ reach: reach({ phone: null }) }));
    if (decision.action !== 'skip') throw new Error('expected a skip');
    expect(skipReasonText(decision)).toBe(
      'no_reachable_channel (whatsapp_template=no_number, sms=no_number, email=no_email)',
    );
  });
});

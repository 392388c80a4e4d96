import { describe, expect, it } from 'vitest';
import type { MessageChannel } from '../../../channels/contract.js';
import { DEFAULT_OPTIONS, type AutoReplyEntry } from '../../../src/auto-replies/auto-reply.js';
import type { KindDefinition } from '../../../src/auto-replies/catalogue.js';
import { decideAutoReply, type AutoReplyInput } from '../../../src/auto-replies/decide-auto-reply.js';

const HOUR = 3_600_000;
const NOW = new Date('2026-11-21T21:30:00Z');

const definition: KindDefinition = {
  kind: 'after_hours_text',
  group: 'messages',
  title: 'After-hours text',
  firesWhen: 'test',
  channels: ['sms', 'whatsapp'],
  trigger: 'event',
  enabledByDefault: true,
  repeatWindowHours: 12,
  placeholders: [],
};

function entry(overrides: Partial<AutoReplyEntry> = {}): AutoReplyEntry {
  return {
    kind: definition.kind,
    enabled: true,
    body: 'We are closed.',
    isDefaultBody: true,
    locale: 'en',
    bodies: {},
    options: DEFAULT_OPTIONS,
    repeatWindowHours: 12,
    whatsappTemplate: null,
    whatsappTemplates: {},
    definition,
    ...overrides,
  };
}

/** Every guard passes: the reply is sent. */
function input(
  overrides: Partial<Omit<AutoReplyInput, 'entry'>> & { entry?: Partial<AutoReplyEntry> } = {},
): AutoReplyInput {
  const { entry: entryOverrides, ...rest } = overrides;
  return {
    entry: entry(entryOverrides),
    channel: 'sms',
    customer: { optedOut: false, isTeamNumber: false },
    isKeyword: false,
    teamOpen: false,
    lastSentAt: null,
    lastInboundWhatsappAt: null,
    now: NOW,
    ...rest,
  };
}

describe('decideAutoReply', () => {
  it('sends when every guard passes', () => {
    expect(decideAutoReply(input())).toEqual({ action: 'send', kind: 'after_hours_text', reason: 'sent' });
  });

  it.each<[string, AutoReplyInput, string]>([
    ['switched off', input({ entry: { enabled: false } }), 'disabled'],
    [
      'a channel the kind does not cover',
      input({ entry: { definition: { ...definition, channels: ['whatsapp'] } }, channel: 'sms' }),
      'channel_not_applicable',
    ],
    ['a customer who texted STOP', input({ customer: { optedOut: true, isTeamNumber: false } }), 'opted_out'],
    ['a STOP/START/HELP keyword', input({ isKeyword: true }), 'keyword_message'],
    ['one of our own numbers', input({ customer: { optedOut: false, isTeamNumber: true } }), 'own_number'],
    ['open hours', input({ teamOpen: true }), 'open_hours'],
    [
      'a reply 1 hour ago (12 h window)',
      input({ lastSentAt: new Date(NOW.getTime() - HOUR) }),
      'already_sent_in_window',
    ],
    [
      'a reply 1 ms inside the window',
      input({ lastSentAt: new Date(NOW.getTime() - 12 * HOUR + 1) }),
      'already_sent_in_window',
    ],
  ])('skips %s', (_name, given, reason) => {
    expect(decideAutoReply(given)).toEqual({ action: 'skip', kind: 'after_hours_text', reason });
  });

  it.each<[string, AutoReplyInput]>([
    ['a reply exactly one window ago', input({ lastSentAt: new Date(NOW.getTime() - 12 * HOUR) })],
    ['a reply long ago', input({ lastSentAt: new Date(NOW.getTime() - 30 * 24 * HOUR) })],
    [
      'a window of 0 hours (no limit)',
      input({ entry: { repeatWindowHours: 0 }, lastSentAt: new Date(NOW.getTime() - 1) }),
    ],
    ['a kind that ignores the schedule (teamOpen null)', input({ teamOpen: null })],
    [
      'WhatsApp on an SMS+WhatsApp kind, inside the 24-hour window',
      input({ channel: 'whatsapp' as MessageChannel, lastInboundWhatsappAt: new Date(NOW.getTime() - HOUR) }),
    ],
  ])('sends on %s', (_name, given) => {
    expect(decideAutoReply(given).action).toBe('send');
  });

  // The guards in the order they are checked. Row i fails guard i and every guard after it,
  // so the reason must be guard i: the earliest failing guard wins.
  const ORDER = [
    'disabled',
    'channel_not_applicable',
    'opted_out',
    'keyword_message',
    'own_number',
    'open_hours',
    'already_sent_in_window',
  ] as const;

  function failingFrom(index: number): AutoReplyInput {
    const fails = (reason: (typeof ORDER)[number]): boolean => ORDER.indexOf(reason) >= index;
    return {
      entry: entry({
        enabled: !fails('disabled'),
        definition: fails('channel_not_applicable') ? { ...definition, channels: ['whatsapp'] } : definition,
      }),
      channel: 'sms',
      customer: { optedOut: fails('opted_out'), isTeamNumber: fails('own_number') },
      isKeyword: fails('keyword_message'),
      teamOpen: fails('open_hours'),
      lastSentAt: fails('already_sent_in_window') ? new Date(NOW.getTime() - HOUR) : null,
      lastInboundWhatsappAt: null,
      now: NOW,
    };
  }

  it.each(ORDER.map((reason, index) => [reason, index] as const))(
    'reports %s ahead of every later guard',
    (reason, index) => {
      expect(decideAutoReply(failingFrom(index))).toEqual({ action: 'skip', kind: 'after_hours_text', reason });
    },
  );

  it('sends when no guard fails (the row past the last guard)', () => {
    expect(decideAutoReply(failingFrom(ORDER.length)).action).toBe('send');
  });

  it('says opted_out, not keyword_message, when an opted-out customer texts STOP again', () => {
    expect(decideAutoReply(input({ customer: { optedOut: true, isTeamNumber: false }, isKeyword: true })).reason).toBe(
      'opted_out',
    );
  });

  it('uses the entry window, not the catalogue default', () => {
    const twoHoursAgo = new Date(NOW.getTime() - 2 * HOUR);
    expect(decideAutoReply(input({ entry: { repeatWindowHours: 1 }, lastSentAt: twoHoursAgo })).action).toBe('send');
    expect(decideAutoReply(input({ entry: { repeatWindowHours: 3 }, lastSentAt: twoHoursAgo })).reason).toBe(
      'already_sent_in_window',
    );
  });

  describe('on WhatsApp: the 24-hour window', () => {
    const TEMPLATE = {
      contentSid: 'HX0123456789abcdef0123456789abcdef',
      contentVariables: { '1': '{{ company_name }}' },
    };
    const wrote = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * HOUR);

    it.each<[string, Date | null, boolean, string, string]>([
      ['inside the window, no template', wrote(1), false, 'send', 'sent'],
      ['inside the window, a template: our text still goes', wrote(23.9), true, 'send', 'sent'],
      ['the window closed, no template', wrote(24), false, 'skip', 'whatsapp_window_closed'],
      ['the window closed days ago, no template', wrote(72), false, 'skip', 'whatsapp_window_closed'],
      ['the window closed, a template', wrote(25), true, 'send', 'sent_as_whatsapp_template'],
      ['never wrote on WhatsApp, no template', null, false, 'skip', 'no_whatsapp_history'],
      ['never wrote on WhatsApp, a template (business-initiated)', null, true, 'send', 'sent_as_whatsapp_template'],
    ])('%s', (_name, lastInboundWhatsappAt, hasTemplate, action, reason) => {
      const given = input({
        channel: 'whatsapp',
        lastInboundWhatsappAt,
        entry: { whatsappTemplate: hasTemplate ? TEMPLATE : null },
      });
      expect(decideAutoReply(given)).toEqual({ action, kind: 'after_hours_text', reason });
    });

    it('never looks at the window on SMS', () => {
      expect(decideAutoReply(input({ channel: 'sms', lastInboundWhatsappAt: wrote(100) })).reason).toBe('sent');
    });

    it('reports an earlier guard (already sent) ahead of a closed window', () => {
      const given = input({ channel: 'whatsapp', lastInboundWhatsappAt: wrote(48), lastSentAt: wrote(1) });
      expect(decideAutoReply(given).reason).toBe('already_sent_in_window');
    });
  });
});

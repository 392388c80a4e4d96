import { describe, expect, it } from 'vitest';
import type { MessageChannel } from '../../../channels/contract.js';
import { DEFAULT_OPTIONS, type AutoReplyEntry } from '../../../src/auto-replies/auto-reply.js';
import type { KindDefinition } from '../../../src/auto-replies/catalogue.js';
import { decideAutoReply, type AutoReplyInput, type LedgerFacts } from '../../../src/auto-replies/decide-auto-reply.js';
import { DEFAULT_REPLY_LEDGER } from '../../../src/teams/reply-ledger-policy.js';

const HOUR = 3_600_000;
const NOW = new Date('2026-11-21T21:30:00Z');

const definition: KindDefinition = {
  kind: 'after_hours_text',
  group: 'messages',
  title: 'After-hours text',
  firesWhen: 'test',
  channels: ['sms', 'whatsapp'],
  trigger: 'event',
  proactive: false,
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

const MINUTE = 60_000;

/** No history: every ledger guard passes. */
const LEDGER: LedgerFacts = {
  requestedBy: 'automation',
  policy: DEFAULT_REPLY_LEDGER,
  lastAgentMessageAt: null,
  recentAutomated: [],
  customerTimeZone: 'Europe/Warsaw',
};

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
    ledger: LEDGER,
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
    'auto_responder',
    'agent_active',
    'hourly_limit',
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
      ledger: {
        ...LEDGER,
        lastAgentMessageAt: fails('agent_active') ? new Date(NOW.getTime() - MINUTE) : null,
        // Three sends this hour (the default limit); answered within a second when the responder guard fails.
        recentAutomated: fails('hourly_limit')
          ? [1, 2, 3].map((m) => ({
              sentAt: new Date(NOW.getTime() - m * 10 * MINUTE),
              answeredAt: fails('auto_responder') ? new Date(NOW.getTime() - m * 10 * MINUTE + 1_000) : null,
            }))
          : [],
      },
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

  describe('the reply ledger', () => {
    const ago = (ms: number) => new Date(NOW.getTime() - ms);
    const sends = (...gaps: [sentMsAgo: number, answeredAfterMs: number | null][]) =>
      gaps.map(([sent, answered]) => ({
        sentAt: ago(sent),
        answeredAt: answered === null ? null : ago(sent - answered),
      }));
    const ledger = (facts: Partial<LedgerFacts>) => input({ ledger: { ...LEDGER, ...facts } });
    const policy = (p: Partial<LedgerFacts['policy']>) => ({ ...DEFAULT_REPLY_LEDGER, ...p });

    it.each<[string, AutoReplyInput, string]>([
      ['an agent wrote 1 minute ago (5-minute setting)', ledger({ lastAgentMessageAt: ago(MINUTE) }), 'agent_active'],
      ['an agent wrote 1 ms inside 5 minutes', ledger({ lastAgentMessageAt: ago(5 * MINUTE - 1) }), 'agent_active'],
      [
        'an agent wrote 10 minutes ago, the team says 15',
        ledger({ lastAgentMessageAt: ago(10 * MINUTE), policy: policy({ agentActiveMinutes: 15 }) }),
        'agent_active',
      ],
      [
        'three automated messages this hour (limit 3)',
        ledger({ recentAutomated: sends([5 * MINUTE, null], [20 * MINUTE, null], [59 * MINUTE, null]) }),
        'hourly_limit',
      ],
      [
        'one automated message this hour, the team allows one',
        ledger({ recentAutomated: sends([5 * MINUTE, null]), policy: policy({ maxPerCustomerPerHour: 1 }) }),
        'hourly_limit',
      ],
      [
        'our last two automated messages each answered within 2 s',
        ledger({ recentAutomated: sends([2 * HOUR, 2_000], [3 * HOUR, 1_000]) }),
        'auto_responder',
      ],
      [
        'an auto-responder that also hit the hourly limit: the responder is named',
        ledger({ recentAutomated: sends([MINUTE, 500], [2 * MINUTE, 500], [3 * MINUTE, 500]) }),
        'auto_responder',
      ],
    ])('skips when %s', (_name, given, reason) => {
      expect(decideAutoReply(given)).toEqual({ action: 'skip', kind: 'after_hours_text', reason });
    });

    it.each<[string, AutoReplyInput]>([
      ['an agent wrote exactly 5 minutes ago', ledger({ lastAgentMessageAt: ago(5 * MINUTE) })],
      [
        'the agent-active guard switched off (0 minutes)',
        ledger({ lastAgentMessageAt: ago(1), policy: policy({ agentActiveMinutes: 0 }) }),
      ],
      [
        'two automated messages this hour and one an hour ago (limit 3)',
        ledger({ recentAutomated: sends([5 * MINUTE, null], [20 * MINUTE, null], [HOUR, null]) }),
      ],
      [
        'the hourly limit switched off (0)',
        ledger({
          recentAutomated: sends([MINUTE, null], [2 * MINUTE, null], [3 * MINUTE, null]),
          policy: policy({ maxPerCustomerPerHour: 0 }),
        }),
      ],
      ['one fast answer only (a person can be quick once)', ledger({ recentAutomated: sends([2 * HOUR, 1_000]) })],
      [
        'the newer answer took 10 s (a person typing)',
        ledger({ recentAutomated: sends([2 * HOUR, 10_000], [3 * HOUR, 1_000]) }),
      ],
      ['the newer message was not answered', ledger({ recentAutomated: sends([2 * HOUR, null], [3 * HOUR, 1_000]) })],
      ['the fast streak is over a day old', ledger({ recentAutomated: sends([24 * HOUR, 1_000], [25 * HOUR, 1_000]) })],
      [
        'an agent sends the kind: the automation guards do not apply',
        ledger({
          requestedBy: 'agent',
          lastAgentMessageAt: ago(1),
          recentAutomated: sends([MINUTE, 500], [2 * MINUTE, 500], [3 * MINUTE, 500]),
        }),
      ],
    ])('sends when %s', (_name, given) => {
      expect(decideAutoReply(given)).toEqual({ action: 'send', kind: 'after_hours_text', reason: 'sent' });
    });

    it("lets a kind that carries the agent's own words past the agent-active guard, not the hourly limit", () => {
      const agentWords = { definition: { ...definition, carriesAgentWords: true as const } };
      const justWrote = { ...LEDGER, lastAgentMessageAt: ago(MINUTE) };
      expect(decideAutoReply(input({ entry: agentWords, ledger: justWrote })).action).toBe('send');
      const busy = {
        ...justWrote,
        recentAutomated: sends([5 * MINUTE, null], [20 * MINUTE, null], [59 * MINUTE, null]),
      };
      expect(decideAutoReply(input({ entry: agentWords, ledger: busy })).reason).toBe('hourly_limit');
    });

    describe('quiet hours (proactive kinds only)', () => {
      const proactive = { ...definition, kind: 'advisor_rating', proactive: true };
      // NOW is 21:30 UTC: 22:30 in Warsaw (quiet), 16:30 in New York (not), 06:30 next day in Tokyo (quiet).
      const at = (zone: string, overrides: Partial<Omit<AutoReplyInput, 'entry'>> = {}, quiet = LEDGER.policy) =>
        input({
          entry: { kind: 'advisor_rating', definition: proactive },
          ledger: { ...LEDGER, customerTimeZone: zone, policy: quiet },
          ...overrides,
        });

      it.each<[string, AutoReplyInput, string | null]>([
        ['22:30 in Warsaw: held until 08:00 Warsaw', at('Europe/Warsaw'), '2026-11-22T07:00:00.000Z'],
        ['06:30 in Tokyo: held until 08:00 the same morning', at('Asia/Tokyo'), '2026-11-21T23:00:00.000Z'],
        ['16:30 in New York: sent now', at('America/New_York'), null],
        [
          'quiet hours switched off',
          at('Europe/Warsaw', {}, { ...LEDGER.policy, quietHours: { enabled: false, start: '21:00', end: '08:00' } }),
          null,
        ],
        [
          'the team moved the start to 23:00',
          at('Europe/Warsaw', {}, { ...LEDGER.policy, quietHours: { enabled: true, start: '23:00', end: '08:00' } }),
          null,
        ],
        [
          'an agent sends it: sent now (their decision, in a conversation they see)',
          at('Europe/Warsaw', { ledger: { ...LEDGER, customerTimeZone: 'Europe/Warsaw', requestedBy: 'agent' } }),
          null,
        ],
      ])('%s', (_name, given, sendAfter) => {
        const decision = decideAutoReply(given);
        expect(decision).toEqual(
          sendAfter
            ? { action: 'send', kind: 'advisor_rating', reason: 'held_for_quiet_hours', sendAfter: new Date(sendAfter) }
            : { action: 'send', kind: 'advisor_rating', reason: 'sent' },
        );
      });

      it('never holds an answer to the customer (a kind that is not proactive)', () => {
        expect(decideAutoReply(input({ ledger: { ...LEDGER, customerTimeZone: 'Europe/Warsaw' } })).reason).toBe(
          'sent',
        );
      });

      it('judges the WhatsApp window at the release time: closed by then, the template goes', () => {
        const TEMPLATE = { contentSid: 'HX0123456789abcdef0123456789abcdef', contentVariables: {} };
        const wroteAt = ago(15 * HOUR); // open now (15 h), closed at the release 9.5 h later (24.5 h)
        const withTemplate = at('Europe/Warsaw', { channel: 'whatsapp', lastInboundWhatsappAt: wroteAt });
        expect(decideAutoReply(withTemplate)).toMatchObject({ action: 'skip', reason: 'whatsapp_window_closed' });
        const templated = input({
          entry: { kind: 'advisor_rating', definition: proactive, whatsappTemplate: TEMPLATE },
          channel: 'whatsapp',
          lastInboundWhatsappAt: wroteAt,
        });
        expect(decideAutoReply(templated)).toEqual({
          action: 'send',
          kind: 'advisor_rating',
          reason: 'held_for_quiet_hours',
          sendAfter: new Date('2026-11-22T07:00:00.000Z'),
          asWhatsappTemplate: true,
        });
      });
    });
  });
});

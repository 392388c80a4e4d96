import { describe, expect, it } from 'vitest';
import { dryRunRules, type DryRunHistory } from '../../../src/rules/dry-run.js';
import type { Rule, RuleCondition, RuleTrigger } from '../../../src/rules/rule.js';
import type { TeamEvent } from '../../../src/team-events/team-event.js';
import type { Ticket } from '../../../src/tickets/ticket.js';

const T0 = Date.parse('2026-11-30T10:00:00Z');

function ticket(id: string, now: Partial<Ticket>): Ticket {
  return {
    id,
    status: 'open',
    chat: 'active',
    channel: 'sms',
    source: 'message',
    priority: 'normal',
    tags: [],
    assigneeId: null,
    groupId: null,
    customer: '+15550001',
    ...now,
  } as Ticket;
}

let seq = 0;
function event(ticketId: string, type: TeamEvent['type'], actor: string, data: Record<string, unknown>): TeamEvent {
  seq += 1;
  return { id: `e${seq}`, seq, teamId: 't', ticketId, type, actor, data, createdAt: new Date(T0 + seq * 3_600_000) };
}
const customerSays = (ticketId: string, body: string) =>
  event(ticketId, 'message.created', 'customer', { author: 'customer', authorId: null, customer: '+15550001', body });

// Ticket a (now closed, tagged vip, line 2): the customer writes (e2), Ann of line 2 answers (e3),
// it is tagged vip (e4), then closed (e5). Ticket b: the same customer's next ticket (e7).
const EVENTS: TeamEvent[] = [
  event('a', 'ticket.created', 'customer', {}),
  customerSays('a', 'Help, it is urgent'),
  event('a', 'message.created', 'user:Ann@example.com', {
    author: 'agent',
    authorId: 'user:Ann@example.com',
    customer: '+15550001',
    body: 'On it',
  }),
  event('a', 'ticket.updated', 'admin', { changes: { tags: { from: [], to: ['vip'] } } }),
  event('a', 'ticket.updated', 'admin', { changes: { status: { from: 'open', to: 'closed' } } }),
  event('b', 'ticket.created', 'customer', {}),
  customerSays('b', 'me again'),
];

const HISTORY: DryRunHistory = {
  tickets: [ticket('b', {}), ticket('a', { status: 'closed', tags: ['vip'], groupId: 'g-line2' })],
  events: EVENTS,
  firstMessageSeq: new Map([['+15550001', 2]]),
  groupsOfAuthor: (authorId) => (authorId === 'user:Ann@example.com' ? ['g-line2'] : []),
  // Open until the fourth event's hour.
  isOpenAt: (at) => at.getTime() < T0 + 4 * 3_600_000,
};

const rule = (trigger: RuleTrigger, conditions: RuleCondition[], enabled = true): Rule => ({
  id: 'r1',
  name: 'rule',
  enabled,
  trigger,
  match: 'all',
  conditions,
  actions: [{ type: 'add_tags', tags: ['x'] }],
  stop: false,
});

describe('dryRunRules: each stored event, on the ticket as it was then', () => {
  // [what it shows, rule, events it fires on, in the order they were recorded]
  const cases: Array<[string, Rule, string[]]> = [
    ['incoming: the message that opened each ticket', rule('incoming', []), ['e2', 'e7']],
    ['changed: every later message and change', rule('changed', []), ['e3', 'e4', 'e5']],
    ['a disabled rule never fires', rule('changed', [], false), []],
    [
      'status as it was: open until e5 closed it',
      rule('changed', [{ field: 'status', op: 'is', value: 'open' }]),
      ['e3', 'e4'],
    ],
    [
      'tags as they were: vip from e4 on',
      rule('changed', [{ field: 'tags', op: 'contains', value: 'vip' }]),
      ['e4', 'e5'],
    ],
    ['first message ever to the team', rule('incoming', [{ field: 'first_message', op: 'is', value: true }]), ['e2']],
    ['the agent’s groups', rule('changed', [{ field: 'author_group', op: 'is', value: 'g-line2' }]), ['e3']],
    ['open hours at the event', rule('changed', [{ field: 'open_hours', op: 'is', value: false }]), ['e4', 'e5']],
    ['body', rule('incoming', [{ field: 'body', op: 'contains', value: 'URGENT' }]), ['e2']],
  ];
  it.each(cases)('%s', (_what, r, eventIds) => {
    const results = dryRunRules([r], HISTORY);
    expect(results.map((x) => x.eventId)).toEqual(eventIds);
    for (const x of results) expect(x.fired).toEqual([{ ruleId: 'r1', name: 'rule', actions: r.actions }]);
  });

  it('answers the ticket, the trigger and the time of each event', () => {
    const incoming = rule('incoming', []);
    const fired = [{ ruleId: 'r1', name: 'rule', actions: incoming.actions }];
    expect(dryRunRules([incoming], HISTORY)).toEqual([
      { ticketId: 'a', eventId: 'e2', at: new Date(T0 + 2 * 3_600_000), trigger: 'incoming', fired },
      { ticketId: 'b', eventId: 'e7', at: new Date(T0 + 7 * 3_600_000), trigger: 'incoming', fired },
    ]);
  });
});

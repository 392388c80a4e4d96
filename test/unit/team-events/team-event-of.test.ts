import { describe, expect, it } from 'vitest';
import { answeredStatus } from '../../../src/notifications/notification-delivery.service.js';
import { ChannelError } from '../../../channels/contract.js';
import { fieldChanges, messageCreated, ticketUpdated } from '../../../src/team-events/team-event-of.js';

const ticket = {
  id: 't1',
  teamId: 'team1',
  number: 1001,
  status: 'open',
  chat: 'active',
  channel: 'sms',
  source: 'message',
  customer: '+12125550123',
  priority: 'normal',
  assigneeId: null as string | null,
  groupId: null as string | null,
  tags: [] as string[],
};
const at = new Date('2026-11-30T10:00:00Z');

describe('fieldChanges', () => {
  it.each<[string, Partial<typeof ticket>, Record<string, { from: unknown; to: unknown }>]>([
    ['nothing moved', {}, {}],
    ['a status', { status: 'closed' }, { status: { from: 'open', to: 'closed' } }],
    ['an assignee set', { assigneeId: 'u1' }, { assigneeId: { from: null, to: 'u1' } }],
    ['tags, by value', { tags: ['vip'] }, { tags: { from: [], to: ['vip'] } }],
    [
      'chat and group',
      { chat: 'completed', groupId: 'g1' },
      { chat: { from: 'active', to: 'completed' }, groupId: { from: null, to: 'g1' } },
    ],
    ['an unwatched field only', { customer: '+19995550000' }, {}],
  ])('%s', (_name, patch, expected) => {
    expect(
      fieldChanges(ticket, { ...ticket, ...patch }, ['status', 'chat', 'priority', 'assigneeId', 'groupId', 'tags']),
    ).toEqual(expected);
  });

  it('compares tags as a list: the same tags in a new array are no change', () => {
    expect(fieldChanges({ tags: ['a', 'b'] }, { tags: ['a', 'b'] }, ['tags'])).toEqual({});
  });
});

describe('ticketUpdated', () => {
  it('is null when nothing watched moved, so nothing is recorded', () => {
    expect(ticketUpdated(ticket, { ...ticket }, 'admin', at)).toBeNull();
  });

  it('names the ticket, the actor and what moved', () => {
    expect(ticketUpdated(ticket, { ...ticket, priority: 'high' }, 'user:ann@acme.test', at)).toEqual({
      teamId: 'team1',
      ticketId: 't1',
      type: 'ticket.updated',
      actor: 'user:ann@acme.test',
      data: { changes: { priority: { from: 'normal', to: 'high' } } },
      at,
    });
  });
});

describe('messageCreated', () => {
  const message = {
    id: 'm1',
    teamId: 'team1',
    ticketId: 't1',
    channel: 'sms',
    from: '+15005550006',
    to: '+12125550123',
    body: 'On it',
    kind: null,
  };

  it.each([
    [
      'customer',
      { ...message, from: '+12125550123', to: '+15005550006' },
      { actor: 'customer', direction: 'inbound', authorId: null },
    ],
    [
      'agent',
      { ...message, createdBy: 'user:ann@acme.test' },
      { actor: 'user:ann@acme.test', direction: 'outbound', authorId: 'user:ann@acme.test' },
    ],
    [
      'automation',
      { ...message, createdBy: 'auto-reply' },
      { actor: 'automation', direction: 'outbound', authorId: null },
    ],
  ] as const)('by the %s', (author, m, expected) => {
    const event = messageCreated(m, author, at);
    expect(event).toMatchObject({ ticketId: 't1', actor: expected.actor });
    expect(event.data).toMatchObject({
      author,
      direction: expected.direction,
      authorId: expected.authorId,
      customer: '+12125550123',
    });
  });
});

describe('answeredStatus', () => {
  it.each<[string, ChannelError | null, number | null]>([
    ['an answer', new ChannelError('the webhook endpoint answered 503', 'http_503', true), 503],
    ['a timeout', new ChannelError('no answer', 'timeout', true), null],
    ['a refused connection', new ChannelError('refused', 'ECONNREFUSED', true), null],
    ['no channel error', null, null],
  ])('reads %s', (_name, err, expected) => {
    expect(answeredStatus(err)).toBe(expected);
  });
});

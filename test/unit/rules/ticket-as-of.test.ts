import { describe, expect, it } from 'vitest';
import type { RuleTicket } from '../../../src/rules/evaluate-rules.js';
import { ticketAsOf } from '../../../src/rules/ticket-as-of.js';
import type { FieldChanges } from '../../../src/team-events/team-event.js';

const NOW: RuleTicket = {
  status: 'pending',
  chat: 'active',
  channel: 'sms',
  source: 'message',
  priority: 'high',
  tags: ['b'],
  assigneeId: 'u-2',
  groupId: null,
};

describe('ticketAsOf', () => {
  it('is the ticket as it is when nothing changed since', () => {
    expect(ticketAsOf(NOW, [])).toEqual(NOW);
  });

  it('undoes later changes newest first, each field to what it was', () => {
    const later: FieldChanges[] = [
      { chat: { from: 'completed', to: 'active' }, assigneeId: { from: null, to: 'u-1' } },
      { assigneeId: { from: 'u-1', to: 'u-2' }, tags: { from: ['a'], to: ['b'] } },
      { status: { from: 'open', to: 'pending' } },
    ];
    expect(ticketAsOf(NOW, later)).toEqual({
      ...NOW,
      status: 'open',
      chat: 'completed',
      assigneeId: null,
      tags: ['a'],
    });
  });
});

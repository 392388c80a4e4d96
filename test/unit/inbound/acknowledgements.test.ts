import { describe, expect, it } from 'vitest';
import {
  acknowledgementPlan,
  anyAcknowledgementEnabled,
  type AcknowledgementInput,
} from '../../../src/inbound/acknowledgements.js';

// Whether the team is open, as the service asks it.
const open = (): boolean => true;
const closed = (): boolean => false;

const FIRST_TEXT_IN_HOURS: AcknowledgementInput = {
  ticketOpened: true,
  ticketStatus: 'open',
  ticketSource: 'message',
  anyEnabled: true,
  answeredRequest: false,
  teamOpen: open,
};

describe('acknowledgementPlan', () => {
  it.each([
    ['a text that opens a ticket in hours', {}, { consider: true, skip: null }],
    ['a text that joins the open ticket', { ticketOpened: false }, { consider: false }],
    ['a ticket that is not open (seed 004 guard)', { ticketStatus: 'pending' }, { consider: false }],
    ['a ticket from another source', { ticketSource: 'api' }, { consider: false }],
    ['a team that turned none on', { anyEnabled: false }, { consider: false }],
    ['a team that turned none on, after hours', { anyEnabled: false, teamOpen: closed }, { consider: false }],
    ['an answer to our question', { answeredRequest: true }, { consider: true, skip: 'answer_to_request' }],
    ['after hours', { teamOpen: closed }, { consider: true, skip: 'after_hours' }],
    [
      'an answer after hours: the answer reason first',
      { teamOpen: closed, answeredRequest: true },
      { consider: true, skip: 'answer_to_request' },
    ],
  ] as const)('%s', (_case, change, plan) => {
    expect(acknowledgementPlan({ ...FIRST_TEXT_IN_HOURS, ...change })).toEqual(plan);
  });
});

describe('acknowledgementPlan cost', () => {
  it('asks whether the team is open only for a ticket that would be acknowledged', () => {
    let asked = 0;
    const counting = (): boolean => {
      asked += 1;
      return true;
    };
    acknowledgementPlan({ ...FIRST_TEXT_IN_HOURS, ticketOpened: false, teamOpen: counting });
    acknowledgementPlan({ ...FIRST_TEXT_IN_HOURS, anyEnabled: false, teamOpen: counting });
    expect(asked).toBe(0);
    acknowledgementPlan({ ...FIRST_TEXT_IN_HOURS, teamOpen: counting });
    expect(asked).toBe(1);
  });
});

describe('anyAcknowledgementEnabled', () => {
  it.each([
    ['nothing saved: all are off by default', [], false],
    ['the greeting on', [['first_message', true]], true],
    ['only the question on', [['clarifying_question', true]], true],
    [
      'all three saved off',
      [
        ['first_message', false],
        ['response_time_notice', false],
        ['clarifying_question', false],
      ],
      false,
    ],
    ['another kind on', [['after_hours_text', true]], false],
  ] as const)('%s', (_case, saved, enabled) => {
    expect(anyAcknowledgementEnabled(new Map(saved.map(([kind, on]) => [kind, { enabled: on }])))).toBe(enabled);
  });
});

import { describe, expect, it } from 'vitest';
import { callbackAnswersTicket, firstResponseForCallback } from '../../../src/callbacks/callback-rla.js';

const END = new Date('2026-12-01T10:00:00Z');
const newClock = {
  firstRespondedAt: null,
  firstResponseDueAt: END,
  firstResponseWarnedAt: null,
  firstResponseBreachedAt: null,
};

describe('firstResponseForCallback', () => {
  it.each([
    {
      name: 'unanswered, due later by the target: the slot’s end, sooner',
      status: 'open',
      respondedAt: null,
      expected: newClock,
    },
    {
      name: 'unanswered, due sooner by the target: the slot’s end, as the customer chose',
      status: 'pending',
      respondedAt: null,
      expected: newClock,
    },
    {
      name: 'answered already: a new clock, as a voicemail starts one',
      status: 'open',
      respondedAt: new Date('2026-11-30T12:00:00Z'),
      expected: newClock,
    },
    { name: 'closed: no clock runs', status: 'closed', respondedAt: null, expected: null },
  ])('$name', ({ status, respondedAt, expected }) => {
    expect(firstResponseForCallback({ status, firstRespondedAt: respondedAt }, END)).toEqual(expected);
  });
});

describe('callbackAnswersTicket', () => {
  it.each([
    ['open', null, true],
    ['pending', null, true],
    ['open', new Date('2026-11-30T12:00:00Z'), false],
    ['closed', null, false],
  ] as const)('%s, answered at %s → %s', (status, respondedAt, expected) => {
    expect(callbackAnswersTicket({ status, firstRespondedAt: respondedAt })).toBe(expected);
  });
});

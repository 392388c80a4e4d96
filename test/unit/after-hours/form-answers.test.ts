import { describe, expect, it } from 'vitest';
import { readAnswer, teamCountry, type FormField } from '../../../src/after-hours/form-answers.js';

const ctx = { senderNumber: '+48600700800', teamCountry: 'PL' as const, slotCount: 4 };
const field = (kind: FormField['kind']): FormField => ({ key: kind, kind, ask: 'askName' });

describe('readAnswer: one answer to a form question', () => {
  const cases: Array<[string, FormField['kind'], string, ReturnType<typeof readAnswer>]> = [
    ['a name', 'name', '  Anna   Nowak ', { ok: true, value: 'Anna Nowak' }],
    ['an empty name', 'name', '   ', { ok: false, problem: 'required' }],
    ['a 1,000-character name is cut, not refused', 'name', 'y'.repeat(1_000), { ok: true, value: 'y'.repeat(100) }],
    ['an email', 'email', 'anna@example.com', { ok: true, value: 'anna@example.com' }],
    ['a mailto: email', 'email', 'mailto:anna@example.com', { ok: true, value: 'anna@example.com' }],
    ['an email without a domain dot', 'email', 'anna@example', { ok: false, problem: 'invalidEmail' }],
    ['words, not an email', 'email', 'anna at example dot com', { ok: false, problem: 'invalidEmail' }],
    ['"1" takes the sender’s number', 'phone', '1', { ok: true, value: '+48600700800' }],
    ['a local number in the team’s country', 'phone', '600 700 801', { ok: true, value: '+48600700801' }],
    ['an international number with dashes', 'phone', '+1 212-555-0123', { ok: true, value: '+12125550123' }],
    ['too short for a phone', 'phone', '12', { ok: false, problem: 'invalidPhone' }],
    ['letters for a phone', 'phone', 'call me', { ok: false, problem: 'invalidPhone' }],
    ['a slot number', 'slot', '2', { ok: true, value: '2' }],
    ['a slot past the list', 'slot', '5', { ok: false, problem: 'invalidChoice' }],
    ['a slot of zero', 'slot', '0', { ok: false, problem: 'invalidChoice' }],
    ['a time zone', 'timeZone', 'Europe/Warsaw', { ok: true, value: 'Europe/Warsaw' }],
    [
      'a time zone in lower case is read as canonical',
      'timeZone',
      'america/new_york',
      { ok: true, value: 'America/New_York' },
    ],
    ['no such zone', 'timeZone', 'Mars/Olympus', { ok: false, problem: 'invalidChoice' }],
    ['free text', 'text', 'The router blinks red', { ok: true, value: 'The router blinks red' }],
    [
      'free text of 5,000 characters is kept to 2,000',
      'text',
      'z'.repeat(5_000),
      { ok: true, value: 'z'.repeat(2_000) },
    ],
  ];
  it.each(cases)('%s', (_name, kind, text, expected) => {
    expect(readAnswer(field(kind), text, ctx)).toEqual(expected);
  });

  it('reads the team’s country from its first number that has one', () => {
    expect(teamCountry(['+48221234567'])).toBe('PL');
    expect(teamCountry([])).toBeUndefined();
  });
});

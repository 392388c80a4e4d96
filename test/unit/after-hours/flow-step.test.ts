import { describe, expect, it } from 'vitest';
import { DEFAULT_AFTER_HOURS_FLOW, type AfterHoursFlow } from '../../../src/after-hours-flow/after-hours-flow.js';
import {
  continueFlow,
  MAX_RETRIES,
  menuPaths,
  startFlow,
  type FlowInput,
  type FlowState,
} from '../../../src/after-hours/flow-step.js';

const FLOW: AfterHoursFlow = {
  ...DEFAULT_AFTER_HOURS_FLOW,
  enabled: true,
  paths: { message: true, callback: true, urgent: true, faq: true },
};
const SLOTS = [
  { start: '2026-12-01T08:00:00.000Z', end: '2026-12-01T09:00:00.000Z', label: 'Tomorrow 09:00-10:00' },
  { start: '2026-12-01T09:00:00.000Z', end: '2026-12-01T10:00:00.000Z', label: 'Tomorrow 10:00-11:00' },
];

function input(text: string, extra: Partial<FlowInput> = {}): FlowInput {
  return {
    flow: FLOW,
    text,
    keyword: null,
    answers: { senderNumber: '+48600700800', teamCountry: 'PL', slotCount: 0 },
    customerZone: 'Europe/Warsaw',
    teamZone: 'Europe/Warsaw',
    slotsIn: () => SLOTS,
    faqHits: [],
    ...extra,
  };
}

/** Walks the flow from its start through `texts`, answering the last turn. */
function walk(texts: string[], extra: Partial<FlowInput> = {}) {
  let turn = startFlow();
  for (const text of texts) turn = continueFlow(turn.state as FlowState, input(text, extra));
  return turn;
}
const keys = (turn: ReturnType<typeof walk>) => turn.replies.map((r) => r.key);

describe('the after-hours flow, step by step', () => {
  it('starts with the away message and the menu', () => {
    expect(keys(startFlow())).toEqual(['away', 'menu']);
  });

  it('lists only the enabled paths, in order', () => {
    expect(menuPaths({ ...FLOW, paths: { message: false, callback: true, urgent: false, faq: true } })).toEqual([
      'callback',
      'faq',
    ]);
  });

  const cases: Array<[string, string[], string[], string | null]> = [
    ['1: leave a message asks the name', ['1'], ['askName'], null],
    ['3: urgent gives the intro first', ['3'], ['urgentIntro', 'askName'], null],
    ['4: FAQ asks the question', ['4'], ['faqAsk'], null],
    ['an option by its words (a WhatsApp button)', ['callback'], ['askName'], null],
    ['an invalid choice is asked again with the menu', ['9'], ['invalidChoice', 'menu'], null],
    ['a third invalid choice goes to the message form', ['9', 'x', 'y'], ['askName'], null],
    ['0 goes back to the menu', ['1', 'Anna', '0'], ['menu'], null],
    ['"menu" goes back too', ['1', 'menu'], ['menu'], null],
    ['"меню" goes back too', ['1', 'МЕНЮ'], ['menu'], null],
    ['a bad email is asked again', ['1', 'Anna', 'nope'], ['invalidEmail', 'askEmail'], null],
    ['the third bad email is recorded missing', ['1', 'Anna', 'a', 'b', 'c'], ['fieldMissing', 'askMessage'], null],
    ['the message form completes', ['1', 'Anna', 'a@b.co', 'Hello'], ['messageThanks'], 'completed'],
    ['the phone question offers the sender’s number', ['2', 'Anna'], ['askPhone'], null],
    ['the callback offers the slots', ['2', 'Anna', '1'], ['askBestTime'], null],
    ['a slot past the list is asked again', ['2', 'Anna', '1', '3'], ['invalidChoice', 'askBestTime'], null],
    ['the callback completes', ['2', 'Anna', '1', '2', 'Invoice'], ['callbackConfirmed'], 'completed'],
    ['the urgent form completes', ['3', 'Ewa', 'e@x.io', '1', 'Flood'], ['urgentReceived'], 'completed'],
    ['FAQ with no match goes to the message form', ['4', 'parking'], ['faqNoMatch', 'askName'], null],
  ];
  it.each(cases)('%s', (_name, texts, expected, end) => {
    const turn = walk(texts);
    expect(keys(turn)).toEqual(expected);
    expect(turn.end).toBe(end);
  });

  it('finishes a form with the answers, the missing ones as null, and the slot as instants', () => {
    const turn = walk(['2', 'Anna', '1', '2', 'Invoice']);
    expect(turn.completed).toEqual({
      path: 'callback',
      fields: {
        name: 'Anna',
        phone: '+48600700800',
        bestTime: 'Tomorrow 10:00-11:00',
        bestTimeStart: SLOTS[1]!.start,
        bestTimeEnd: SLOTS[1]!.end,
        regarding: 'Invoice',
      },
    });
    const missing = walk(['1', '', '', '', 'a@b.co', 'Hi']);
    expect(missing.completed?.fields).toEqual({ name: null, email: 'a@b.co', message: 'Hi' });
    expect(MAX_RETRIES).toBe(2);
  });

  it('asks the time zone only when the number does not tell it, and shows slots in the zone given', () => {
    const zones: string[] = [];
    const extra = { customerZone: null, slotsIn: (zone: string) => (zones.push(zone), SLOTS) };
    expect(keys(walk(['2', 'Bob', '1'], extra))).toEqual(['askTimeZone']);
    expect(keys(walk(['2', 'Bob', '1', 'America/Chicago'], extra))).toEqual(['askBestTime']);
    expect(zones).toEqual(['America/Chicago']);
  });

  it('skips the best time when the team has no opening hours to offer', () => {
    const turn = walk(['2', 'Anna', '1'], { slotsIn: () => [] });
    expect(keys(turn)).toEqual(['askRegarding']);
  });

  it('FAQ: the best answers, then "did you find?"; yes ends, no goes to the message form', () => {
    const hits = [{ question: 'Reset password?', answer: 'Use the link.' }];
    const found = walk(['4', 'password'], { faqHits: hits });
    expect(keys(found)).toEqual(['faqAnswers', 'faqFound']);
    expect(found.replies[0]!.values).toEqual({ answers: '1) Reset password?\nUse the link.' });
    expect(walk(['4', 'password', 'yes'], { faqHits: hits }).end).toBe('completed');
    expect(keys(walk(['4', 'password', '2'], { faqHits: hits }))).toEqual(['askName']);
  });

  it('STOP ends the session with no reply; HELP answers and keeps the place', () => {
    const started = walk(['1']);
    expect(continueFlow(started.state!, input('STOP', { keyword: 'STOP' }))).toEqual({
      state: null,
      end: 'stopped',
      replies: [],
      completed: null,
    });
    const help = continueFlow(started.state!, input('HELP', { keyword: 'HELP' }));
    expect(keys(help)).toEqual(['help']);
    expect(help.state).toEqual(started.state);
  });
});

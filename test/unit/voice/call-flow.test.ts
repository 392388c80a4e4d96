import { describe, expect, it, vi } from 'vitest';
import {
  MENU_ATTEMPTS,
  planConnected,
  planDialResult,
  planIncoming,
  planMenuChoice,
  planNext,
  planRecorded,
  type CallFlowContext,
  type CallState,
} from '../../../src/voice/call-flow.js';
import type { CallInstruction, CallPlan, CallStage, SpokenPrompt } from '../../../src/voice/call-stage.js';
import { DEFAULT_VOICE_FLOW, type Prompt, type VoiceFlow, type VoiceMenu } from '../../../src/voice-flow/voice-flow.js';
import type { DefaultPrompts } from '../../../src/voice/voice-prompts.js';

const TEAM_NUMBER = '+15005550006';
const AGENT_A = '+12125550187';
const AGENT_B = '+12125550188';
const AGENT_C = '+12125550189';

// Short, recognisable defaults: each expected text below shows which one was spoken.
const DEFAULTS: DefaultPrompts = {
  greeting: 'Welcome to {{ company_name }}.',
  afterHoursGreeting: '{{ company_name }} is closed; we open {{ next_open }}.',
  menuIntro: '',
  menuOption: 'For {{ label }}, press {{ digit }}.',
  notAnOption: 'That is not an option.',
  voicemail: 'Leave a message for {{ team_name }}.',
  finishHint: 'Press {{ key }} to finish.',
  keyNames: { '#': 'pound' },
  thanks: 'Thanks, goodbye.',
};

const VALUES: Readonly<Record<string, string>> = {
  company_name: 'Acme',
  team_name: 'Support',
  next_open: 'tomorrow at 9:00',
  business_hours: 'Mon–Fri 9–17',
};

/** A stand-in for the Liquid renderer: fills {{ name }} from VALUES and `extra`, marks unknown names. */
function render(text: string, extra: Readonly<Record<string, string>> = {}): string {
  const values: Record<string, string> = { ...VALUES, ...extra };
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_match, name: string) => values[name] ?? `<${name}?>`);
}

const NO_PROMPT: Prompt = { text: null, audioUrl: null };

const MENU: VoiceMenu = {
  prompt: NO_PROMPT,
  options: [
    { digit: '1', label: 'sales', action: 'agents', agents: [AGENT_A, AGENT_B] },
    { digit: '2', label: 'support', action: 'agents', agents: [AGENT_C] },
    { digit: '9', label: 'a message', action: 'voicemail', agents: [] },
  ],
  timeoutSeconds: 7,
};

// Values differ from DEFAULT_VOICE_FLOW so an expectation cannot pass on a default by accident.
const FLOW: VoiceFlow = {
  ...DEFAULT_VOICE_FLOW,
  agents: [AGENT_A],
  dialTimeoutSeconds: 25,
  voicemail: { prompt: NO_PROMPT, maxLengthSeconds: 90, finishOnKey: '*' },
  sayVoice: 'Polly.Joanna',
};

function ctxWith(flow: Partial<VoiceFlow> = {}, over: Partial<CallFlowContext> = {}): CallFlowContext {
  return {
    flow: { ...FLOW, ...flow },
    defaults: DEFAULTS,
    render,
    voice: 'Polly.Joanna',
    language: 'en-GB',
    teamNumber: TEAM_NUMBER,
    ...over,
  };
}

const state = (stage: CallStage, menuAttempts = 0, chosenOption: string | null = null): CallState => ({
  stage,
  menuAttempts,
  chosenOption,
});

const say = (text: string): SpokenPrompt => ({ type: 'say', text, voice: 'Polly.Joanna', language: 'en-GB' });
const play = (url: string): SpokenPrompt => ({ type: 'play', url });
const NEXT: CallInstruction = { type: 'redirect', action: 'next' };
const HANGUP: CallInstruction = { type: 'hangup' };
const MENU_LINES = [say('For sales, press 1.'), say('For support, press 2.'), say('For a message, press 9.')];
const gather = (prompts: readonly SpokenPrompt[] = MENU_LINES, timeoutSeconds = 7): CallInstruction => ({
  type: 'gather',
  action: 'menu',
  timeoutSeconds,
  prompts,
});
const dial = (numbers: readonly string[], callerId: string | null = TEAM_NUMBER): CallInstruction => ({
  type: 'dial',
  numbers,
  timeoutSeconds: 25,
  action: 'dial',
  answered: 'connected',
  callerId,
});
const RECORD: CallInstruction = {
  type: 'record',
  maxLengthSeconds: 90,
  finishOnKey: '*',
  action: 'record',
  statusCallback: 'recording',
};
const VOICEMAIL_PROMPT: CallInstruction[] = [say('Leave a message for Support.'), NEXT];

const planOf = (
  stages: CallStage[],
  instructions: CallInstruction[],
  menuAttempts = 0,
  chosenOption: string | null = null,
): CallPlan => ({
  stages,
  instructions,
  menuAttempts,
  chosenOption,
});

describe('planIncoming', () => {
  it.each<[string, boolean, Partial<VoiceFlow>, CallPlan]>([
    ['open: the default greeting, rendered', true, {}, planOf(['greeting'], [say('Welcome to Acme.'), NEXT])],
    [
      'closed: the default after-hours greeting, rendered',
      false,
      {},
      planOf(['after_hours_greeting'], [say('Acme is closed; we open tomorrow at 9:00.'), NEXT]),
    ],
    [
      'open: the team greeting text with a placeholder',
      true,
      { greeting: { text: 'Hi, this is {{ team_name }} at {{ company_name }}.', audioUrl: null } },
      planOf(['greeting'], [say('Hi, this is Support at Acme.'), NEXT]),
    ],
    [
      'closed: the team after-hours text, not the open greeting',
      false,
      {
        greeting: { text: 'Open text', audioUrl: null },
        afterHoursGreeting: { text: 'Our hours: {{ business_hours }}.', audioUrl: null },
      },
      planOf(['after_hours_greeting'], [say('Our hours: Mon–Fri 9–17.'), NEXT]),
    ],
    [
      'open: an audio greeting is played instead of the text',
      true,
      { greeting: { text: 'Never spoken', audioUrl: 'https://cdn.example/hello.mp3' } },
      planOf(['greeting'], [play('https://cdn.example/hello.mp3'), NEXT]),
    ],
    [
      'closed: an audio after-hours greeting is played',
      false,
      { afterHoursGreeting: { text: null, audioUrl: 'https://cdn.example/closed.mp3' } },
      planOf(['after_hours_greeting'], [play('https://cdn.example/closed.mp3'), NEXT]),
    ],
    [
      'open: an empty greeting text says nothing and moves on',
      true,
      { greeting: { text: '', audioUrl: null } },
      planOf(['greeting'], [NEXT]),
    ],
    [
      'open: a whitespace-only greeting says nothing',
      true,
      { greeting: { text: '   ', audioUrl: null } },
      planOf(['greeting'], [NEXT]),
    ],
  ])('%s', (_name, open, flow, expected) => {
    expect(planIncoming(ctxWith(flow), open)).toEqual(expected);
  });

  it('trims the rendered text', () => {
    const plan = planIncoming(ctxWith({ greeting: { text: '  Hello {{ company_name }}  ', audioUrl: null } }), true);
    expect(plan.instructions[0]).toEqual(say('Hello Acme'));
  });
});

describe('planNext: the caller heard the current prompt', () => {
  it.each<[string, Partial<VoiceFlow>, CallState, CallPlan]>([
    [
      'greeting with a menu → the menu, first attempt',
      { menu: MENU },
      state('greeting'),
      planOf(['menu'], [gather(), NEXT], 1),
    ],
    [
      'greeting with a menu prompt text → the rendered text instead of option lines',
      { menu: { ...MENU, prompt: { text: 'Press 1 for {{ company_name }} sales.', audioUrl: null } } },
      state('greeting'),
      planOf(['menu'], [gather([say('Press 1 for Acme sales.')]), NEXT], 1),
    ],
    [
      'greeting with a menu prompt audio → played inside the gather',
      { menu: { ...MENU, prompt: { text: 'ignored', audioUrl: 'https://cdn.example/menu.mp3' } } },
      state('greeting'),
      planOf(['menu'], [gather([play('https://cdn.example/menu.mp3')]), NEXT], 1),
    ],
    [
      'greeting with a menu and an empty prompt text → the option lines',
      { menu: { ...MENU, prompt: { text: '', audioUrl: null } } },
      state('greeting'),
      planOf(['menu'], [gather(), NEXT], 1),
    ],
    [
      'greeting, no menu, one agent → ring the agent',
      { menu: null, agents: [AGENT_A] },
      state('greeting'),
      planOf(['ringing_agents'], [dial([AGENT_A])]),
    ],
    [
      'greeting, no menu, several agents → ring them all at once',
      { menu: null, agents: [AGENT_A, AGENT_B, AGENT_C] },
      state('greeting'),
      planOf(['ringing_agents'], [dial([AGENT_A, AGENT_B, AGENT_C])]),
    ],
    [
      'greeting, no menu, no agents → voicemail prompt',
      { menu: null, agents: [] },
      state('greeting'),
      planOf(['voicemail_prompt'], VOICEMAIL_PROMPT),
    ],
    [
      'after-hours greeting → voicemail prompt',
      {},
      state('after_hours_greeting'),
      planOf(['voicemail_prompt'], VOICEMAIL_PROMPT),
    ],
    [
      'after-hours greeting with a menu still → voicemail prompt, never the menu',
      { menu: MENU },
      state('after_hours_greeting'),
      planOf(['voicemail_prompt'], VOICEMAIL_PROMPT),
    ],
    [
      'after-hours greeting, voicemail prompt text → rendered',
      { voicemail: { ...FLOW.voicemail, prompt: { text: 'Tell {{ team_name }} what you need.', audioUrl: null } } },
      state('after_hours_greeting'),
      planOf(['voicemail_prompt'], [say('Tell Support what you need.'), NEXT]),
    ],
    [
      'after-hours greeting, voicemail prompt audio → played',
      { voicemail: { ...FLOW.voicemail, prompt: { text: null, audioUrl: 'https://cdn.example/vm.mp3' } } },
      state('after_hours_greeting'),
      planOf(['voicemail_prompt'], [play('https://cdn.example/vm.mp3'), NEXT]),
    ],
    [
      'menu timed out on attempt 1 → the menu again, attempt 2',
      { menu: MENU },
      state('menu', 1),
      planOf(['menu'], [gather(), NEXT], 2),
    ],
    [
      `menu timed out on attempt ${MENU_ATTEMPTS} → voicemail prompt`,
      { menu: MENU },
      state('menu', MENU_ATTEMPTS),
      planOf(['voicemail_prompt'], VOICEMAIL_PROMPT, MENU_ATTEMPTS),
    ],
    [
      'voicemail prompt → record with the flow’s maxLength and finishOnKey',
      {},
      state('voicemail_prompt', 2, '9'),
      planOf(['recording'], [RECORD], 2, '9'),
    ],
    [
      'voicemail prompt with no finish key → record with finishOnKey ""',
      { voicemail: { prompt: NO_PROMPT, maxLengthSeconds: 300, finishOnKey: '' } },
      state('voicemail_prompt'),
      planOf(['recording'], [{ ...RECORD, maxLengthSeconds: 300, finishOnKey: '' }]),
    ],
  ])('%s', (_name, flow, current, expected) => {
    expect(planNext(ctxWith(flow), current)).toEqual(expected);
  });

  it.each<CallStage>(['menu_choice', 'ringing_agents', 'connected', 'recording', 'recorded', 'completed'])(
    'from %s → hang up, staying in that stage and keeping the menu state',
    (stage) => {
      expect(planNext(ctxWith({ menu: MENU }), state(stage, 2, '1'))).toEqual(planOf([stage], [HANGUP], 2, '1'));
    },
  );
});

describe('planNext: a caller who never presses a key', () => {
  it(`hears the menu ${MENU_ATTEMPTS} times, then the voicemail prompt, then records`, () => {
    const ctx = ctxWith({ menu: MENU });
    const visited: CallStage[] = [];
    let current: CallState = state('greeting');
    for (let step = 0; step < MENU_ATTEMPTS + 2; step += 1) {
      const plan = planNext(ctx, current);
      visited.push(...plan.stages);
      current = {
        stage: plan.stages[plan.stages.length - 1]!,
        menuAttempts: plan.menuAttempts,
        chosenOption: plan.chosenOption,
      };
    }
    expect(MENU_ATTEMPTS).toBe(2);
    expect(visited).toEqual(['menu', 'menu', 'voicemail_prompt', 'recording']);
  });
});

describe('planMenuChoice', () => {
  it.each<[string, Partial<VoiceFlow>, CallState, string, CallPlan]>([
    [
      'key 1 → ring that option’s agents',
      { menu: MENU },
      state('menu', 1),
      '1',
      planOf(['menu_choice', 'ringing_agents'], [dial([AGENT_A, AGENT_B])], 1, '1'),
    ],
    [
      'key 2 on the second attempt → ring its single agent',
      { menu: MENU },
      state('menu', 2),
      '2',
      planOf(['menu_choice', 'ringing_agents'], [dial([AGENT_C])], 2, '2'),
    ],
    [
      'key with surrounding spaces → the option still matches',
      { menu: MENU },
      state('menu', 1),
      ' 2 ',
      planOf(['menu_choice', 'ringing_agents'], [dial([AGENT_C])], 1, '2'),
    ],
    [
      'the voicemail option → voicemail prompt',
      { menu: MENU },
      state('menu', 1),
      '9',
      planOf(['menu_choice', 'voicemail_prompt'], VOICEMAIL_PROMPT, 1, '9'),
    ],
    [
      'an agents option with no agents (saved before validation) → voicemail prompt',
      { menu: { ...MENU, options: [{ digit: '3', label: 'billing', action: 'agents', agents: [] }] } },
      state('menu', 1),
      '3',
      planOf(['menu_choice', 'voicemail_prompt'], VOICEMAIL_PROMPT, 1, '3'),
    ],
    [
      'an unknown key on attempt 1 → "not an option" and the menu again, attempt 2',
      { menu: MENU },
      state('menu', 1),
      '5',
      planOf(['menu'], [say('That is not an option.'), gather(), NEXT], 2),
    ],
    [
      `an unknown key on attempt ${MENU_ATTEMPTS} → "not an option" and the voicemail prompt`,
      { menu: MENU },
      state('menu', MENU_ATTEMPTS),
      '5',
      planOf(['voicemail_prompt'], [say('That is not an option.'), ...VOICEMAIL_PROMPT], MENU_ATTEMPTS),
    ],
    [
      'an empty digit on attempt 1 → the menu again',
      { menu: MENU },
      state('menu', 1),
      '',
      planOf(['menu'], [say('That is not an option.'), gather(), NEXT], 2),
    ],
    [
      'an empty digit on the last attempt → voicemail',
      { menu: MENU },
      state('menu', 2),
      '',
      planOf(['voicemail_prompt'], [say('That is not an option.'), ...VOICEMAIL_PROMPT], 2),
    ],
    [
      '"#" is not an option',
      { menu: MENU },
      state('menu', 1),
      '#',
      planOf(['menu'], [say('That is not an option.'), gather(), NEXT], 2),
    ],
    [
      '"12" is not key 1',
      { menu: MENU },
      state('menu', 1),
      '12',
      planOf(['menu'], [say('That is not an option.'), gather(), NEXT], 2),
    ],
    [
      'a key when the menu was removed mid-call → voicemail',
      { menu: null },
      state('menu', 1),
      '1',
      planOf(['voicemail_prompt'], [say('That is not an option.'), ...VOICEMAIL_PROMPT], 1),
    ],
  ])('%s', (_name, flow, current, digits, expected) => {
    expect(planMenuChoice(ctxWith(flow), current, digits)).toEqual(expected);
  });

  it('walks wrong key, wrong key, voicemail', () => {
    const ctx = ctxWith({ menu: MENU });
    const first = planNext(ctx, state('greeting'));
    const second = planMenuChoice(ctx, state('menu', first.menuAttempts), '7');
    const third = planMenuChoice(ctx, state('menu', second.menuAttempts), '8');
    expect([first.stages, second.stages, third.stages]).toEqual([['menu'], ['menu'], ['voicemail_prompt']]);
    expect([first.menuAttempts, second.menuAttempts, third.menuAttempts]).toEqual([1, 2, 2]);
  });
});

describe('planDialResult', () => {
  it.each<[string, { status: string; bridged: boolean }]>([
    ['completed, bridged', { status: 'completed', bridged: true }],
    ['completed, not bridged', { status: 'completed', bridged: false }],
    ['answered', { status: 'answered', bridged: false }],
    ['no-answer but bridged', { status: 'no-answer', bridged: true }],
  ])('%s → completed and hang up', (_name, result) => {
    expect(planDialResult(ctxWith(), state('ringing_agents', 1, '1'), result)).toEqual(
      planOf(['completed'], [HANGUP], 1, '1'),
    );
  });

  it.each(['no-answer', 'busy', 'failed', 'canceled'])('%s → voicemail prompt, keeping the chosen option', (status) => {
    expect(planDialResult(ctxWith(), state('ringing_agents', 1, '2'), { status, bridged: false })).toEqual(
      planOf(['voicemail_prompt'], VOICEMAIL_PROMPT, 1, '2'),
    );
  });
});

describe('planConnected and planRecorded', () => {
  it.each<[string, CallState]>([
    ['no menu', state('ringing_agents')],
    ['after a menu choice', state('ringing_agents', 2, '1')],
  ])('planConnected (%s): stage connected, an empty answer, state kept', (_name, current) => {
    expect(planConnected(current)).toEqual(planOf(['connected'], [], current.menuAttempts, current.chosenOption));
  });

  it.each<[string, CallState]>([
    ['no menu', state('recording')],
    ['after the voicemail option', state('recording', 1, '9')],
  ])('planRecorded (%s): thanks and hang up, state kept', (_name, current) => {
    expect(planRecorded(ctxWith(), current)).toEqual(
      planOf(['recorded'], [say('Thanks, goodbye.'), HANGUP], current.menuAttempts, current.chosenOption),
    );
  });
});

describe('prompts', () => {
  it('renders each default menu line with the option’s label and digit', () => {
    const spy = vi.fn(render);
    planNext(ctxWith({ menu: MENU }, { render: spy }), state('greeting'));
    expect(spy.mock.calls).toEqual([
      [DEFAULTS.menuOption, { label: 'sales', digit: '1' }],
      [DEFAULTS.menuOption, { label: 'support', digit: '2' }],
      [DEFAULTS.menuOption, { label: 'a message', digit: '9' }],
    ]);
  });

  it.each<[string, (ctx: CallFlowContext) => CallPlan, string]>([
    ['greeting', (ctx) => planIncoming(ctx, true), 'Custom greeting'],
    ['after-hours greeting', (ctx) => planIncoming(ctx, false), 'Custom after hours'],
    ['voicemail prompt', (ctx) => planNext(ctx, state('after_hours_greeting')), 'Custom voicemail'],
  ])('sends the %s text through ctx.render', (_name, planFn, text) => {
    const spy = vi.fn(() => 'RENDERED');
    const ctx = ctxWith(
      {
        greeting: { text: 'Custom greeting', audioUrl: null },
        afterHoursGreeting: { text: 'Custom after hours', audioUrl: null },
        voicemail: { ...FLOW.voicemail, prompt: { text: 'Custom voicemail', audioUrl: null } },
      },
      { render: spy },
    );
    const plan = planFn(ctx);
    expect(spy).toHaveBeenCalledWith(text);
    expect(plan.instructions[0]).toEqual(say('RENDERED'));
  });

  it.each<[string, (ctx: CallFlowContext) => CallPlan, string]>([
    ['greeting', (ctx) => planIncoming(ctx, true), DEFAULTS.greeting],
    ['after-hours greeting', (ctx) => planIncoming(ctx, false), DEFAULTS.afterHoursGreeting],
    ['voicemail prompt', (ctx) => planNext(ctx, state('after_hours_greeting')), DEFAULTS.voicemail],
  ])('renders the default %s when the text is null', (_name, planFn, defaultText) => {
    const spy = vi.fn(render);
    planFn(ctxWith({}, { render: spy }));
    expect(spy).toHaveBeenCalledWith(defaultText);
  });

  it('does not render an audio prompt', () => {
    const spy = vi.fn(render);
    planIncoming(ctxWith({ greeting: { text: 'x', audioUrl: 'https://cdn.example/a.mp3' } }, { render: spy }), true);
    expect(spy).not.toHaveBeenCalled();
  });

  it.each<[string, string, string]>([
    ['alice / en-US', 'alice', 'en-US'],
    ['man / pl-PL', 'man', 'pl-PL'],
    ['Polly.Tatyana / ru-RU', 'Polly.Tatyana', 'ru-RU'],
  ])('passes voice and language through to every <Say> (%s)', (_name, voice, language) => {
    const ctx = ctxWith({ menu: MENU }, { voice, language });
    const spoken = [
      ...planIncoming(ctx, true).instructions,
      ...planMenuChoice(ctx, state('menu', 1), '5').instructions.flatMap((i): readonly CallInstruction[] =>
        i.type === 'gather' ? i.prompts : [i],
      ),
      ...planRecorded(ctx, state('recording')).instructions,
    ].filter((i) => i.type === 'say');
    expect(spoken.length).toBeGreaterThanOrEqual(6);
    for (const prompt of spoken) expect(prompt).toMatchObject({ voice, language });
  });

  it.each<[string, string | null]>([
    ['the team number', TEAM_NUMBER],
    ['null when the team number is unknown', null],
  ])('dials with callerId = %s and answered → connected', (_name, teamNumber) => {
    const plan = planNext(ctxWith({ menu: null, agents: [AGENT_B] }, { teamNumber }), state('greeting'));
    expect(plan.instructions).toEqual([dial([AGENT_B], teamNumber)]);
  });

  it('uses the menu’s timeout for the gather and the flow’s timeout for the dial', () => {
    const ctx = ctxWith({ menu: { ...MENU, timeoutSeconds: 12 }, dialTimeoutSeconds: 40 });
    expect(planNext(ctx, state('greeting')).instructions[0]).toMatchObject({ type: 'gather', timeoutSeconds: 12 });
    expect(planMenuChoice(ctx, state('menu', 1), '1').instructions[0]).toMatchObject({
      type: 'dial',
      timeoutSeconds: 40,
    });
  });
});

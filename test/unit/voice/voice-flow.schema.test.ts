import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BadRequestError, UnprocessableError, type AppError } from '../../../src/errors.js';
import { parseInput } from '../../../src/http/parse-input.js';
import { DEFAULT_VOICE_FLOW, type VoiceFlow } from '../../../src/voice-flow/voice-flow.js';
import {
  mergeVoiceFlow,
  voiceFlowOf,
  voiceFlowPatchSchema,
  type VoiceFlowPatch,
} from '../../../src/voice-flow/voice-flow.schema.js';

// The shape PATCH /api/teams/:team parses: the voice patch under its key.
const body = z.strictObject({ voice: voiceFlowPatchSchema });

const AGENT_A = '+12125550187';
const AGENT_B = '+12125550188';
const AGENT_C = '+48221234567';

function failure(voice: unknown): AppError {
  try {
    parseInput(body, { voice });
  } catch (err) {
    return err as AppError;
  }
  throw new Error('expected parseInput to throw');
}

const voicemailOption = (digit: string) => ({ digit, label: `option ${digit}`, action: 'voicemail' as const });
const agentsOption = (digit: string, agents: string[] = [AGENT_A]) => ({
  digit,
  label: `option ${digit}`,
  action: 'agents' as const,
  agents,
});

describe('voiceFlowPatchSchema: good patches', () => {
  it.each<[string, Record<string, unknown>]>([
    ['an empty patch', {}],
    [
      'a greeting with every placeholder',
      { greeting: { text: '{{ company_name }}, {{ team_name }}: {{ next_open }}, {{ business_hours }}' } },
    ],
    ['a greeting with an if block', { greeting: { text: '{% if next_open %}Back {{ next_open }}.{% endif %}' } }],
    ['an https audio greeting', { greeting: { audioUrl: 'https://cdn.example/hello.mp3' } }],
    ['an http audio greeting', { afterHoursGreeting: { audioUrl: 'http://cdn.example/closed.wav' } }],
    ['prompts cleared with null', { greeting: { text: null, audioUrl: null }, afterHoursGreeting: { text: null } }],
    ['menu removed', { menu: null }],
    [
      'a menu with its prompt and timeout',
      {
        menu: {
          prompt: { text: 'Press a key.' },
          options: [agentsOption('1', [AGENT_A, AGENT_B])],
          timeoutSeconds: 30,
        },
      },
    ],
    ['a menu with the shortest timeout', { menu: { options: [agentsOption('1')], timeoutSeconds: 2 } }],
    [
      'a menu of nine options',
      { menu: { options: ['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => agentsOption(d)) } },
    ],
    ['ten agents rung at once', { agents: Array.from({ length: 10 }, (_, i) => `+1212555010${i}`) }],
    ['no agents', { agents: [] }],
    ['an agent in another country', { agents: [AGENT_C] }],
    ['the shortest ring', { dialTimeoutSeconds: 5 }],
    ['the longest ring', { dialTimeoutSeconds: 120 }],
    ['voicemail without a finish key', { voicemail: { finishOnKey: '' } }],
    ['voicemail finishing on *', { voicemail: { finishOnKey: '*', maxLengthSeconds: 5 } }],
    ['voicemail of an hour', { voicemail: { maxLengthSeconds: 3_600, prompt: { text: 'Speak after the tone.' } } }],
    ['voice alice', { sayVoice: 'alice' }],
    ['voice man', { sayVoice: 'man' }],
    ['voice woman', { sayVoice: 'woman' }],
    ['a Polly voice', { sayVoice: 'Polly.Joanna' }],
    ['a Polly neural voice', { sayVoice: 'Polly.Joanna-Neural' }],
    ['a Google voice', { sayVoice: 'Google.en-US-Standard-C' }],
    ['replies by WhatsApp', { replyChannel: 'whatsapp' }],
    ['replies by SMS', { replyChannel: 'sms' }],
  ])('accepts %s unchanged', (_name, voice) => {
    expect(parseInput(body, { voice })).toEqual({ voice });
  });

  it('defaults a voicemail option’s agents to an empty list', () => {
    const parsed = parseInput(body, { voice: { menu: { options: [voicemailOption('9')] } } });
    expect(parsed.voice.menu?.options).toEqual([{ digit: '9', label: 'option 9', action: 'voicemail', agents: [] }]);
  });

  it('trims option labels', () => {
    const parsed = parseInput(body, { voice: { menu: { options: [{ ...agentsOption('1'), label: '  Sales  ' }] } } });
    expect(parsed.voice.menu?.options[0]?.label).toBe('Sales');
  });
});

describe('voiceFlowPatchSchema: bad patches', () => {
  const nine = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].map(voicemailOption);

  it.each<[string, unknown, 400 | 422, string, string | null, string | RegExp]>([
    [
      'ten menu options',
      { menu: { options: [...nine, voicemailOption('1')] } },
      422,
      'invalid_value',
      'voice.menu.options',
      'at most 9 options',
    ],
    ['no menu options', { menu: { options: [] } }, 422, 'invalid_value', 'voice.menu.options', 'at least one option'],
    [
      'menu without options',
      { menu: { timeoutSeconds: 5 } },
      400,
      'missing_field',
      'voice.menu.options',
      'voice.menu.options is required',
    ],
    [
      'an invalid agent number',
      { menu: { options: [agentsOption('1', ['12345'])] } },
      422,
      'invalid_value',
      'voice.menu.options.0.agents.0',
      'is not a phone number in E.164 form',
    ],
    [
      'a national agent number',
      { agents: [AGENT_A, '(212) 555-0187'] },
      422,
      'invalid_value',
      'voice.agents.1',
      'is not a phone number',
    ],
    [
      'the same agent twice',
      { agents: [AGENT_A, AGENT_A] },
      422,
      'invalid_value',
      'voice.agents',
      'lists the same number twice',
    ],
    [
      'eleven agents',
      { agents: Array.from({ length: 11 }, (_, i) => `+121255501${10 + i}`) },
      422,
      'invalid_value',
      'voice.agents',
      'ring at most 10 numbers',
    ],
    [
      'a duplicate digit',
      { menu: { options: [voicemailOption('1'), voicemailOption('1')] } },
      422,
      'invalid_value',
      'voice.menu.options.1.digit',
      'key "1" is used twice',
    ],
    [
      'a duplicate digit further down',
      { menu: { options: [voicemailOption('3'), voicemailOption('4'), voicemailOption('3')] } },
      422,
      'invalid_value',
      'voice.menu.options.2.digit',
      'key "3" is used twice',
    ],
    [
      'digit "0"',
      { menu: { options: [voicemailOption('0')] } },
      422,
      'invalid_value',
      'voice.menu.options.0.digit',
      'must be one key from "1" to "9"',
    ],
    [
      'digit "10"',
      { menu: { options: [voicemailOption('10')] } },
      422,
      'invalid_value',
      'voice.menu.options.0.digit',
      'must be one key from "1" to "9"',
    ],
    [
      'digit "#"',
      { menu: { options: [voicemailOption('#')] } },
      422,
      'invalid_value',
      'voice.menu.options.0.digit',
      'must be one key from "1" to "9"',
    ],
    [
      'an agents option with no agents',
      { menu: { options: [{ digit: '1', label: 'Sales', action: 'agents' }] } },
      422,
      'invalid_value',
      'voice.menu.options.0.agents',
      'needs at least one agent number',
    ],
    [
      'an agents option with an empty list',
      { menu: { options: [voicemailOption('1'), agentsOption('2', [])] } },
      422,
      'invalid_value',
      'voice.menu.options.1.agents',
      'needs at least one agent number',
    ],
    [
      'an unknown action',
      { menu: { options: [{ digit: '1', label: 'Sales', action: 'ring' }] } },
      422,
      'invalid_value',
      'voice.menu.options.0.action',
      'must be "agents" or "voicemail"',
    ],
    [
      'an empty label',
      { menu: { options: [{ ...voicemailOption('1'), label: '   ' }] } },
      422,
      'invalid_value',
      'voice.menu.options.0.label',
      'must not be empty',
    ],
    [
      'a menu timeout of 1 s',
      { menu: { options: [voicemailOption('1')], timeoutSeconds: 1 } },
      422,
      'invalid_value',
      'voice.menu.timeoutSeconds',
      /^voice\.menu\.timeoutSeconds: /,
    ],
    [
      'a menu timeout of 31 s',
      { menu: { options: [voicemailOption('1')], timeoutSeconds: 31 } },
      422,
      'invalid_value',
      'voice.menu.timeoutSeconds',
      /^voice\.menu\.timeoutSeconds: /,
    ],
    [
      'an unknown placeholder in the greeting',
      { greeting: { text: 'Hi {{ customer_name }}' } },
      422,
      'invalid_value',
      'voice.greeting.text',
      'unknown placeholder {{customer_name}}',
    ],
    [
      'an unknown placeholder in the voicemail prompt',
      { voicemail: { prompt: { text: 'Press {{ digit }}' } } },
      422,
      'invalid_value',
      'voice.voicemail.prompt.text',
      'unknown placeholder {{digit}}',
    ],
    [
      'an unknown placeholder in the menu prompt',
      { menu: { prompt: { text: '{{ label }}' }, options: [voicemailOption('1')] } },
      422,
      'invalid_value',
      'voice.menu.prompt.text',
      'unknown placeholder {{label}}',
    ],
    [
      'an unclosed {{',
      { greeting: { text: 'Hi {{ company_name' } },
      422,
      'invalid_value',
      'voice.greeting.text',
      'template error',
    ],
    [
      'an unclosed {{ after hours',
      { afterHoursGreeting: { text: 'Back {{ next_open' } },
      422,
      'invalid_value',
      'voice.afterHoursGreeting.text',
      'template error',
    ],
    [
      'a disallowed tag',
      { greeting: { text: '{% for x in y %}{% endfor %}' } },
      422,
      'invalid_value',
      'voice.greeting.text',
      'the tag {% for %} is not allowed',
    ],
    [
      'a prompt over 1000 characters',
      { greeting: { text: 'a'.repeat(1_001) } },
      422,
      'invalid_value',
      'voice.greeting.text',
      'keep a spoken prompt to 1000 characters',
    ],
    [
      'an ftp audio URL',
      { greeting: { audioUrl: 'ftp://cdn.example/hello.mp3' } },
      422,
      'invalid_value',
      'voice.greeting.audioUrl',
      'must be an http(s) URL',
    ],
    [
      'a file audio URL',
      { voicemail: { prompt: { audioUrl: 'file:///etc/passwd' } } },
      422,
      'invalid_value',
      'voice.voicemail.prompt.audioUrl',
      'must be an http(s) URL',
    ],
    [
      'an audio path, not a URL',
      { afterHoursGreeting: { audioUrl: '/audio/closed.mp3' } },
      422,
      'invalid_value',
      'voice.afterHoursGreeting.audioUrl',
      'must be an http(s) URL',
    ],
    [
      'dialTimeoutSeconds 2',
      { dialTimeoutSeconds: 2 },
      422,
      'invalid_value',
      'voice.dialTimeoutSeconds',
      'how long agents ring: use a whole number of seconds from 5 to 120',
    ],
    [
      'dialTimeoutSeconds 500',
      { dialTimeoutSeconds: 500 },
      422,
      'invalid_value',
      'voice.dialTimeoutSeconds',
      'how long agents ring: use a whole number of seconds from 5 to 120',
    ],
    [
      'dialTimeoutSeconds as a string',
      { dialTimeoutSeconds: '20' },
      400,
      'invalid_type',
      'voice.dialTimeoutSeconds',
      'voice.dialTimeoutSeconds must be a number, not a string',
    ],
    [
      'a 4 s voicemail',
      { voicemail: { maxLengthSeconds: 4 } },
      422,
      'invalid_value',
      'voice.voicemail.maxLengthSeconds',
      /^voice\.voicemail\.maxLengthSeconds: /,
    ],
    [
      'a voicemail over an hour',
      { voicemail: { maxLengthSeconds: 3_601 } },
      422,
      'invalid_value',
      'voice.voicemail.maxLengthSeconds',
      /^voice\.voicemail\.maxLengthSeconds: /,
    ],
    [
      'finishOnKey "ab"',
      { voicemail: { finishOnKey: 'ab' } },
      422,
      'invalid_value',
      'voice.voicemail.finishOnKey',
      'must be one key: 0-9, # or *',
    ],
    [
      'finishOnKey "A"',
      { voicemail: { finishOnKey: 'A' } },
      422,
      'invalid_value',
      'voice.voicemail.finishOnKey',
      'must be one key',
    ],
    ['sayVoice "robot"', { sayVoice: 'robot' }, 422, 'invalid_value', 'voice.sayVoice', 'use "alice", "man", "woman"'],
    ['sayVoice "Polly." with no name', { sayVoice: 'Polly.' }, 422, 'invalid_value', 'voice.sayVoice', 'use "alice"'],
    ['sayVoice "Alice" (case matters)', { sayVoice: 'Alice' }, 422, 'invalid_value', 'voice.sayVoice', 'use "alice"'],
    [
      'replyChannel "fax"',
      { replyChannel: 'fax' },
      422,
      'invalid_value',
      'voice.replyChannel',
      'must be "sms" or "whatsapp"',
    ],
    [
      'an unknown key',
      { colour: 'red' },
      400,
      'unknown_field',
      'voice.colour',
      'unknown field "voice.colour": remove it',
    ],
    [
      'an unknown prompt key',
      { greeting: { volume: 5 } },
      400,
      'unknown_field',
      'voice.greeting.volume',
      'unknown field "voice.greeting.volume"',
    ],
    [
      'an unknown option key',
      { menu: { options: [{ ...voicemailOption('1'), color: 'red' }] } },
      400,
      'unknown_field',
      'voice.menu.options.0.color',
      /voice\.menu\.options\.0\.color/,
    ],
    [
      'an unknown voicemail key',
      { voicemail: { beep: false } },
      400,
      'unknown_field',
      'voice.voicemail.beep',
      /voice\.voicemail\.beep/,
    ],
    [
      'a menu that is a list',
      { menu: [] },
      400,
      'invalid_type',
      'voice.menu',
      'voice.menu must be an object, not an array',
    ],
  ])('%s → %i %s at %s', (_name, voice, status, code, field, message) => {
    const err = failure(voice);
    expect(err).toBeInstanceOf(status === 400 ? BadRequestError : UnprocessableError);
    expect(err.statusCode).toBe(status);
    expect(err.code).toBe(code);
    expect(err.field).toBe(field);
    if (typeof message === 'string') expect(err.message).toContain(message);
    else expect(err.message).toMatch(message);
  });
});

const CURRENT: VoiceFlow = {
  greeting: { text: 'Hello from {{ company_name }}', audioUrl: 'https://cdn.example/hello.mp3' },
  afterHoursGreeting: { text: 'We are closed', audioUrl: null },
  menu: {
    prompt: { text: 'Choose a key', audioUrl: null },
    options: [
      { digit: '1', label: 'Sales', action: 'agents', agents: [AGENT_A] },
      { digit: '2', label: 'Support', action: 'agents', agents: [AGENT_B] },
      { digit: '9', label: 'Message', action: 'voicemail', agents: [] },
    ],
    timeoutSeconds: 8,
  },
  agents: [AGENT_A, AGENT_B],
  dialTimeoutSeconds: 30,
  voicemail: { prompt: { text: 'After the tone', audioUrl: null }, maxLengthSeconds: 60, finishOnKey: '*' },
  sayVoice: 'Polly.Joanna',
  replyChannel: 'whatsapp',
};

/** A patch as the route hands it over: parsed, with defaults filled in. */
const patch = (voice: unknown): VoiceFlowPatch => voiceFlowPatchSchema.parse(voice);

describe('mergeVoiceFlow', () => {
  it.each<[string, unknown, Partial<VoiceFlow>]>([
    ['an empty patch keeps everything', {}, {}],
    [
      'greeting text only: the audio is kept',
      { greeting: { text: 'New hello' } },
      { greeting: { text: 'New hello', audioUrl: 'https://cdn.example/hello.mp3' } },
    ],
    [
      'greeting audio cleared: the text is kept',
      { greeting: { audioUrl: null } },
      { greeting: { text: 'Hello from {{ company_name }}', audioUrl: null } },
    ],
    [
      'greeting text cleared to the default',
      { greeting: { text: null } },
      { greeting: { text: null, audioUrl: 'https://cdn.example/hello.mp3' } },
    ],
    [
      'after-hours audio added: the text is kept',
      { afterHoursGreeting: { audioUrl: 'https://cdn.example/closed.mp3' } },
      { afterHoursGreeting: { text: 'We are closed', audioUrl: 'https://cdn.example/closed.mp3' } },
    ],
    ['an empty prompt object keeps the prompt', { greeting: {} }, {}],
    ['menu null clears the menu', { menu: null }, { menu: null }],
    [
      'a new menu replaces the options whole (none of the old ones survive)',
      { menu: { options: [{ digit: '5', label: 'Billing', action: 'agents', agents: [AGENT_C] }] } },
      {
        menu: {
          prompt: { text: 'Choose a key', audioUrl: null },
          options: [{ digit: '5', label: 'Billing', action: 'agents', agents: [AGENT_C] }],
          timeoutSeconds: 8,
        },
      },
    ],
    [
      'a new menu with its own prompt and timeout',
      {
        menu: {
          prompt: { audioUrl: 'https://cdn.example/menu.mp3' },
          options: [{ digit: '1', label: 'Sales', action: 'voicemail' }],
          timeoutSeconds: 3,
        },
      },
      {
        menu: {
          prompt: { text: 'Choose a key', audioUrl: 'https://cdn.example/menu.mp3' },
          options: [{ digit: '1', label: 'Sales', action: 'voicemail', agents: [] }],
          timeoutSeconds: 3,
        },
      },
    ],
    [
      'a voicemail option drops agents sent with it',
      { menu: { options: [{ digit: '1', label: 'Message', action: 'voicemail', agents: [AGENT_A] }] } },
      {
        menu: {
          prompt: { text: 'Choose a key', audioUrl: null },
          options: [{ digit: '1', label: 'Message', action: 'voicemail', agents: [] }],
          timeoutSeconds: 8,
        },
      },
    ],
    ['agents replaced', { agents: [AGENT_C] }, { agents: [AGENT_C] }],
    ['agents emptied', { agents: [] }, { agents: [] }],
    ['dial timeout replaced', { dialTimeoutSeconds: 45 }, { dialTimeoutSeconds: 45 }],
    [
      'voicemail length only: prompt and key kept',
      { voicemail: { maxLengthSeconds: 300 } },
      { voicemail: { prompt: { text: 'After the tone', audioUrl: null }, maxLengthSeconds: 300, finishOnKey: '*' } },
    ],
    [
      'voicemail finish key turned off with ""',
      { voicemail: { finishOnKey: '' } },
      { voicemail: { prompt: { text: 'After the tone', audioUrl: null }, maxLengthSeconds: 60, finishOnKey: '' } },
    ],
    [
      'voicemail prompt audio merged into the prompt',
      { voicemail: { prompt: { audioUrl: 'https://cdn.example/vm.mp3' } } },
      {
        voicemail: {
          prompt: { text: 'After the tone', audioUrl: 'https://cdn.example/vm.mp3' },
          maxLengthSeconds: 60,
          finishOnKey: '*',
        },
      },
    ],
    ['say voice replaced', { sayVoice: 'man' }, { sayVoice: 'man' }],
    ['reply channel replaced', { replyChannel: 'sms' }, { replyChannel: 'sms' }],
  ])('%s', (_name, voice, changed) => {
    const before = structuredClone(CURRENT);
    expect(mergeVoiceFlow(CURRENT, patch(voice))).toEqual({ ...CURRENT, ...changed });
    expect(CURRENT).toEqual(before);
  });

  it('gives a first menu an empty prompt and a 6 s timeout', () => {
    const merged = mergeVoiceFlow(
      DEFAULT_VOICE_FLOW,
      patch({ menu: { options: [{ digit: '1', label: 'Sales', action: 'agents', agents: [AGENT_A] }] } }),
    );
    expect(merged.menu).toEqual({
      prompt: { text: null, audioUrl: null },
      options: [{ digit: '1', label: 'Sales', action: 'agents', agents: [AGENT_A] }],
      timeoutSeconds: 6,
    });
  });
});

describe('voiceFlowOf', () => {
  const DEFAULTS: VoiceFlow = {
    greeting: { text: null, audioUrl: null },
    afterHoursGreeting: { text: null, audioUrl: null },
    menu: null,
    agents: [],
    dialTimeoutSeconds: 20,
    voicemail: { prompt: { text: null, audioUrl: null }, maxLengthSeconds: 120, finishOnKey: '#' },
    sayVoice: 'alice',
    replyChannel: 'sms',
  };

  it.each<[string, Partial<VoiceFlow> | undefined, Partial<VoiceFlow>]>([
    ['nothing stored', undefined, {}],
    ['an empty object', {}, {}],
    ['only a voice', { sayVoice: 'man' }, { sayVoice: 'man' }],
    [
      'a flow saved before replyChannel existed',
      { agents: [AGENT_A], dialTimeoutSeconds: 40 },
      { agents: [AGENT_A], dialTimeoutSeconds: 40 },
    ],
    ['a stored menu', { menu: CURRENT.menu }, { menu: CURRENT.menu }],
    [
      'a voicemail saved before finishOnKey existed',
      { voicemail: { prompt: { text: 'Speak', audioUrl: null }, maxLengthSeconds: 30 } as VoiceFlow['voicemail'] },
      { voicemail: { prompt: { text: 'Speak', audioUrl: null }, maxLengthSeconds: 30, finishOnKey: '#' } },
    ],
    ['a complete flow', CURRENT, CURRENT],
  ])('%s', (_name, stored, expected) => {
    expect(voiceFlowOf(stored)).toEqual({ ...DEFAULTS, ...expected });
  });

  it('does not share the default voicemail object', () => {
    const flow = voiceFlowOf(undefined);
    expect(flow.voicemail).toEqual(DEFAULT_VOICE_FLOW.voicemail);
    expect(flow.voicemail).not.toBe(DEFAULT_VOICE_FLOW.voicemail);
  });
});

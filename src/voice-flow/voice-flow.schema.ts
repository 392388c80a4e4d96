import { z } from 'zod';
import { checkTemplate } from '../reply-templates/reply-template.js';
import { isPhoneNumber } from '../phone-number.js';
import { DEFAULT_VOICE_FLOW, PROMPT_PLACEHOLDERS, type Prompt, type VoiceFlow, type VoiceMenu } from './voice-flow.js';

const MAX_OPTIONS = 9;

// A fraction is a wrong value (422 saying so), not a wrong type: zod's .int() would make it a 400.
function wholeSeconds(min: number, max: number, what: string) {
  return z.number().refine((n) => Number.isInteger(n) && n >= min && n <= max, {
    message: `${what}: use a whole number of seconds from ${min} to ${max}`,
  });
}
const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

const agentNumber = z
  .string()
  .refine(isPhoneNumber, { message: 'is not a phone number in E.164 form, like "+12125550187"' });
const agentList = z
  .array(agentNumber)
  .max(10, 'ring at most 10 numbers at once')
  .refine((list) => new Set(list).size === list.length, {
    message: 'lists the same number twice',
  });

const promptText = z
  .string()
  .max(1_000, 'keep a spoken prompt to 1000 characters')
  .superRefine((text, ctx) => {
    const problem = checkTemplate(text, PROMPT_PLACEHOLDERS);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.message });
  });

const promptSchema = z.strictObject({
  text: promptText.nullable().optional(),
  audioUrl: z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL of an audio file Twilio can fetch' })
    .nullable()
    .optional(),
});

const optionSchema = z
  .strictObject({
    digit: z.enum(DIGITS, { message: 'must be one key from "1" to "9"' }),
    label: z.string().trim().min(1, 'must not be empty').max(80),
    action: z.enum(['agents', 'voicemail'], { message: 'must be "agents" or "voicemail"' }),
    agents: agentList.default([]),
  })
  .superRefine((option, ctx) => {
    if (option.action === 'agents' && option.agents.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['agents'],
        message: 'an option that rings agents needs at least one agent number',
      });
    }
  });

const menuSchema = z.strictObject({
  prompt: promptSchema.optional(),
  options: z
    .array(optionSchema)
    .min(1, 'a menu needs at least one option')
    .max(MAX_OPTIONS, `a menu has at most ${MAX_OPTIONS} options, one per key 1–9`)
    .superRefine((options, ctx) => {
      const seen = new Set<string>();
      options.forEach((option, index) => {
        if (seen.has(option.digit))
          ctx.addIssue({ code: 'custom', path: [index, 'digit'], message: `key "${option.digit}" is used twice` });
        seen.add(option.digit);
      });
    }),
  timeoutSeconds: wholeSeconds(2, 30, 'how long to wait for a key').optional(),
});

/** The `voice` part of PATCH /api/teams/:team: every field optional, merged over the saved flow. */
export const voiceFlowPatchSchema = z.strictObject({
  greeting: promptSchema.optional(),
  afterHoursGreeting: promptSchema.optional(),
  menu: menuSchema.nullable().optional(),
  agents: agentList.optional(),
  dialTimeoutSeconds: wholeSeconds(5, 120, 'how long agents ring').optional(),
  voicemail: z
    .strictObject({
      prompt: promptSchema.optional(),
      maxLengthSeconds: wholeSeconds(5, 3_600, 'the longest voicemail').optional(),
      finishOnKey: z
        .enum(['', '#', '*', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], {
          message: 'must be one key: 0-9, # or *, or "" for none',
        })
        .optional(),
    })
    .optional(),
  sayVoice: z
    .string()
    .regex(
      /^(alice|man|woman|Polly\.[A-Za-z-]+|Google\.[A-Za-z0-9-]+)$/,
      'use "alice", "man", "woman", a "Polly.<Name>" or a "Google.<name>" voice',
    )
    .optional(),
  replyChannel: z
    .enum(['sms', 'whatsapp'], {
      message: 'must be "sms" or "whatsapp" (WhatsApp when the caller\'s 24-hour window is open, else SMS)',
    })
    .optional(),
});
export type VoiceFlowPatch = z.infer<typeof voiceFlowPatchSchema>;

type PromptPatch = { text?: string | null | undefined; audioUrl?: string | null | undefined } | undefined;

function mergePrompt(current: Prompt, patch: PromptPatch): Prompt {
  if (!patch) return current;
  return {
    text: patch.text === undefined ? current.text : patch.text,
    audioUrl: patch.audioUrl === undefined ? current.audioUrl : patch.audioUrl,
  };
}

/** The saved flow with a PATCH applied: prompts, voicemail and the menu merge field by field; a menu's options are replaced whole, `menu: null` removes it. */
export function mergeVoiceFlow(current: VoiceFlow, patch: VoiceFlowPatch): VoiceFlow {
  const menu: VoiceMenu | null =
    patch.menu === undefined
      ? current.menu
      : patch.menu === null
        ? null
        : {
            prompt: mergePrompt(current.menu?.prompt ?? { text: null, audioUrl: null }, patch.menu.prompt),
            options: patch.menu.options.map((o) => ({
              digit: o.digit,
              label: o.label,
              action: o.action,
              agents: o.action === 'agents' ? o.agents : [],
            })),
            timeoutSeconds: patch.menu.timeoutSeconds ?? current.menu?.timeoutSeconds ?? 6,
          };
  return {
    greeting: mergePrompt(current.greeting, patch.greeting),
    afterHoursGreeting: mergePrompt(current.afterHoursGreeting, patch.afterHoursGreeting),
    menu,
    agents: patch.agents ?? current.agents,
    dialTimeoutSeconds: patch.dialTimeoutSeconds ?? current.dialTimeoutSeconds,
    voicemail: {
      prompt: mergePrompt(current.voicemail.prompt, patch.voicemail?.prompt),
      maxLengthSeconds: patch.voicemail?.maxLengthSeconds ?? current.voicemail.maxLengthSeconds,
      finishOnKey: patch.voicemail?.finishOnKey ?? current.voicemail.finishOnKey,
    },
    sayVoice: patch.sayVoice ?? current.sayVoice,
    replyChannel: patch.replyChannel ?? current.replyChannel,
  };
}

/** A stored flow read back: fields added later take their defaults. */
export function voiceFlowOf(stored: Partial<VoiceFlow> | undefined): VoiceFlow {
  return {
    ...DEFAULT_VOICE_FLOW,
    ...(stored ?? {}),
    voicemail: { ...DEFAULT_VOICE_FLOW.voicemail, ...(stored?.voicemail ?? {}) },
  };
}

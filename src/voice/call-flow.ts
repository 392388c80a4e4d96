import type { CallInstruction, CallPlan, CallStage, SpokenPrompt } from './call-stage.js';
import type { DefaultPrompts } from './voice-prompts.js';
import type { Prompt, VoiceFlow } from '../voice-flow/voice-flow.js';

/** A menu is offered this many times before the caller goes to voicemail. */
export const MENU_ATTEMPTS = 2;

/** What the planner needs besides the flow: how to speak a prompt (placeholders filled in). */
export interface CallFlowContext {
  readonly flow: VoiceFlow;
  readonly defaults: DefaultPrompts;
  /** Renders a prompt text's placeholders. */
  readonly render: (text: string, extra?: Readonly<Record<string, string>>) => string;
  readonly voice: string;
  readonly language: string;
  /** The team number the caller dialled, shown to agents as the caller id. */
  readonly teamNumber: string | null;
}

/** The call as the planner reads it. */
export interface CallState {
  readonly stage: CallStage;
  readonly menuAttempts: number;
  readonly chosenOption: string | null;
}

/** The first answer to a new call: the greeting for open hours, the after-hours greeting otherwise. */
export function planIncoming(ctx: CallFlowContext, open: boolean): CallPlan {
  if (!open) {
    return plan(
      ['after_hours_greeting'],
      [...speak(ctx, ctx.flow.afterHoursGreeting, ctx.defaults.afterHoursGreeting), next()],
    );
  }
  return plan(['greeting'], [...speak(ctx, ctx.flow.greeting, ctx.defaults.greeting), next()]);
}

/** The caller finished hearing the current stage's prompt (a <Redirect> came back). */
export function planNext(ctx: CallFlowContext, state: CallState): CallPlan {
  switch (state.stage) {
    case 'greeting':
      return ctx.flow.menu ? planMenu(ctx, 1, []) : planRing(ctx, ctx.flow.agents, [], null);
    case 'after_hours_greeting':
      return planVoicemail(ctx, [], state);
    case 'menu':
      // The menu timed out without a key.
      return state.menuAttempts < MENU_ATTEMPTS
        ? planMenu(ctx, state.menuAttempts + 1, [])
        : planVoicemail(ctx, [], state);
    case 'voicemail_prompt':
      return {
        ...plan(['recording'], [recordVerb(ctx)]),
        menuAttempts: state.menuAttempts,
        chosenOption: state.chosenOption,
      };
    default:
      return {
        ...plan([state.stage], [{ type: 'hangup' }]),
        menuAttempts: state.menuAttempts,
        chosenOption: state.chosenOption,
      };
  }
}

/** The caller pressed `digits` in the menu. An unknown key hears the menu once more, then goes to voicemail. */
export function planMenuChoice(ctx: CallFlowContext, state: CallState, digits: string): CallPlan {
  const option = ctx.flow.menu?.options.find((o) => o.digit === digits.trim());
  if (!option) {
    if (ctx.flow.menu && state.menuAttempts < MENU_ATTEMPTS) {
      return planMenu(ctx, state.menuAttempts + 1, [say(ctx, ctx.defaults.notAnOption)]);
    }
    return planVoicemail(ctx, [say(ctx, ctx.defaults.notAnOption)], state);
  }
  const chosen = { ...state, chosenOption: option.digit };
  if (option.action === 'voicemail') return withStages(['menu_choice'], planVoicemail(ctx, [], chosen));
  return withStages(['menu_choice'], planRing(ctx, option.agents, [], option.digit, state.menuAttempts));
}

/** The <Dial> ended: an agent talked to the caller, or nobody answered and the caller goes to voicemail. */
export function planDialResult(
  ctx: CallFlowContext,
  state: CallState,
  result: { status: string; bridged: boolean },
): CallPlan {
  if (result.bridged || result.status === 'completed' || result.status === 'answered') {
    return {
      ...plan(['completed'], [{ type: 'hangup' }]),
      menuAttempts: state.menuAttempts,
      chosenOption: state.chosenOption,
    };
  }
  return planVoicemail(ctx, [], state);
}

/** An agent picked up: the caller is connected (the empty answer lets the bridge happen). */
export function planConnected(state: CallState): CallPlan {
  return {
    stages: ['connected'],
    instructions: [],
    menuAttempts: state.menuAttempts,
    chosenOption: state.chosenOption,
  };
}

/** The recording ended (finish key or hang-up). */
export function planRecorded(ctx: CallFlowContext, state: CallState): CallPlan {
  return {
    stages: ['recorded'],
    instructions: [say(ctx, ctx.defaults.thanks), { type: 'hangup' }],
    menuAttempts: state.menuAttempts,
    chosenOption: state.chosenOption,
  };
}

function planMenu(ctx: CallFlowContext, attempt: number, before: CallInstruction[]): CallPlan {
  const menu = ctx.flow.menu!;
  const prompts: SpokenPrompt[] =
    menu.prompt.text || menu.prompt.audioUrl
      ? speak(ctx, menu.prompt, '')
      : menu.options.map((o) => say(ctx, ctx.render(ctx.defaults.menuOption, { label: o.label, digit: o.digit })));
  return {
    stages: ['menu'],
    instructions: [...before, { type: 'gather', action: 'menu', timeoutSeconds: menu.timeoutSeconds, prompts }, next()],
    menuAttempts: attempt,
    chosenOption: null,
  };
}

function planRing(
  ctx: CallFlowContext,
  agents: readonly string[],
  before: CallInstruction[],
  chosen: string | null,
  attempts = 0,
): CallPlan {
  if (agents.length === 0) return planVoicemail(ctx, before, { menuAttempts: attempts, chosenOption: chosen });
  return {
    stages: ['ringing_agents'],
    instructions: [
      ...before,
      {
        type: 'dial',
        numbers: agents,
        timeoutSeconds: ctx.flow.dialTimeoutSeconds,
        action: 'dial',
        answered: 'connected',
        callerId: ctx.teamNumber,
      },
    ],
    menuAttempts: attempts,
    chosenOption: chosen,
  };
}

function planVoicemail(
  ctx: CallFlowContext,
  before: CallInstruction[],
  state: Pick<CallState, 'menuAttempts' | 'chosenOption'>,
): CallPlan {
  return {
    stages: ['voicemail_prompt'],
    instructions: [...before, ...speak(ctx, ctx.flow.voicemail.prompt, ctx.defaults.voicemail), next()],
    menuAttempts: state.menuAttempts,
    chosenOption: state.chosenOption,
  };
}

function recordVerb(ctx: CallFlowContext): CallInstruction {
  const { maxLengthSeconds, finishOnKey } = ctx.flow.voicemail;
  return { type: 'record', maxLengthSeconds, finishOnKey, action: 'record', statusCallback: 'recording' };
}

function withStages(stages: CallStage[], p: CallPlan): CallPlan {
  return { ...p, stages: [...stages, ...p.stages] };
}

function plan(stages: CallStage[], instructions: CallInstruction[]): CallPlan {
  return { stages, instructions, menuAttempts: 0, chosenOption: null };
}

function speak(ctx: CallFlowContext, prompt: Prompt, fallback: string): SpokenPrompt[] {
  if (prompt.audioUrl) return [{ type: 'play', url: prompt.audioUrl }];
  const text = ctx.render(prompt.text ?? fallback).trim();
  return text ? [say(ctx, text)] : [];
}

function say(ctx: CallFlowContext, text: string): SpokenPrompt {
  return { type: 'say', text, voice: ctx.voice, language: ctx.language };
}

function next(): CallInstruction {
  return { type: 'redirect', action: 'next' };
}

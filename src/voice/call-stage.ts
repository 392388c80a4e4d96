/**
 * Where a caller is in the flow. Recorded each time TwiML is returned, because Twilio's final
 * status callback only says the call ended: the last stage says how.
 */
export const CALL_STAGES = [
  'greeting',
  'after_hours_greeting',
  'menu',
  'menu_choice',
  'ringing_agents',
  'connected',
  'voicemail_prompt',
  'recording',
  'recorded',
  'completed',
] as const;
export type CallStage = (typeof CALL_STAGES)[number];

/** The gateway URLs a TwiML document sends Twilio to next. */
export type CallAction = 'next' | 'menu' | 'dial' | 'connected' | 'record' | 'recording';

export type SpokenPrompt =
  | { readonly type: 'say'; readonly text: string; readonly voice: string; readonly language: string }
  | { readonly type: 'play'; readonly url: string };

/** One verb of a TwiML document, in domain terms; channels/twilio renders it. */
export type CallInstruction =
  | SpokenPrompt
  | {
      readonly type: 'gather';
      readonly action: 'menu';
      readonly timeoutSeconds: number;
      readonly prompts: readonly SpokenPrompt[];
    }
  | {
      readonly type: 'dial';
      readonly numbers: readonly string[];
      readonly timeoutSeconds: number;
      readonly action: 'dial';
      readonly answered: 'connected';
      readonly callerId: string | null;
    }
  | {
      readonly type: 'record';
      readonly maxLengthSeconds: number;
      readonly finishOnKey: string;
      readonly action: 'record';
      readonly statusCallback: 'recording';
    }
  | { readonly type: 'redirect'; readonly action: 'next' }
  | { readonly type: 'hangup' };

/** What to answer a call step with, and where that leaves the caller. */
export interface CallPlan {
  /** The stages this answer passes through, in order; the last is where the caller is now. */
  readonly stages: readonly CallStage[];
  readonly instructions: readonly CallInstruction[];
  readonly menuAttempts: number;
  readonly chosenOption: string | null;
}

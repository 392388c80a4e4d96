/**
 * A team's call flow: what a caller hears and where the call goes. Kept in the team's settings
 * and read on every call step, so it is plain data that the planner walks.
 */
export interface Prompt {
  /** Spoken with <Say> in the team's language; may use {{ company_name }}, {{ team_name }}, {{ next_open }}, {{ business_hours }}. */
  readonly text: string | null;
  /** Played with <Play> instead of the text when set. */
  readonly audioUrl: string | null;
}

export interface MenuOption {
  /** The key the caller presses, "1" to "9". */
  readonly digit: string;
  readonly label: string;
  readonly action: 'agents' | 'voicemail';
  /** E.164 numbers rung at once for `agents`. */
  readonly agents: readonly string[];
}

export interface VoiceMenu {
  readonly prompt: Prompt;
  readonly options: readonly MenuOption[];
  /** Seconds to wait for a key after the prompt. */
  readonly timeoutSeconds: number;
}

export interface VoiceFlow {
  readonly greeting: Prompt;
  readonly afterHoursGreeting: Prompt;
  readonly menu: VoiceMenu | null;
  /** Rung when there is no menu. */
  readonly agents: readonly string[];
  readonly dialTimeoutSeconds: number;
  readonly voicemail: { readonly prompt: Prompt; readonly maxLengthSeconds: number; readonly finishOnKey: string };
  /** Twilio <Say> voice: "alice", "man", "woman", "Polly.<Name>" or "Google.<name>". */
  readonly sayVoice: string;
  /** How a call's outcome reaches the caller: SMS, or WhatsApp when their 24-hour window is open. */
  readonly replyChannel: 'sms' | 'whatsapp';
}

/** Prompts left null are spoken from the team's locale defaults (voice-prompts.ts). */
export const DEFAULT_VOICE_FLOW: VoiceFlow = {
  greeting: { text: null, audioUrl: null },
  afterHoursGreeting: { text: null, audioUrl: null },
  menu: null,
  agents: [],
  dialTimeoutSeconds: 20,
  voicemail: { prompt: { text: null, audioUrl: null }, maxLengthSeconds: 120, finishOnKey: '#' },
  sayVoice: 'alice',
  replyChannel: 'sms',
};

export const PROMPT_PLACEHOLDERS = ['company_name', 'team_name', 'next_open', 'business_hours'] as const;

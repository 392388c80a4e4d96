import type { CallStage } from './call-stage.js';

export const CALL_OUTCOMES = [
  'customer_hangup',
  'missed_call',
  'voicemail_left',
  'after_hours_call',
  'call_completed',
  'busy',
  'failed',
  'no_answer',
] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** What is known about a recording: from its status callback, or only from the <Record> action. */
export type RecordingState = 'completed' | 'absent' | 'failed' | 'in-progress' | 'reported_by_action' | null;

export interface CallFacts {
  readonly stage: CallStage | null;
  readonly afterHours: boolean;
  /** The parent call's final CallStatus, once its status callback came. */
  readonly finalStatus: string | null;
  readonly endedAt: Date | null;
  readonly recordingState: RecordingState;
  readonly recordingSeconds: number | null;
}

export type Classification =
  | { readonly outcome: CallOutcome }
  /** Not yet: the call goes on, or a voicemail's recording callback may still come (until `until`). */
  | { readonly wait: 'call_in_progress' | 'recording_pending'; readonly until: Date | null };

const FINAL_FAILURES: Readonly<Record<string, CallOutcome>> = {
  busy: 'busy',
  failed: 'failed',
  'no-answer': 'no_answer',
};

/**
 * How a call ended, from the last stage the gateway recorded and the final callbacks, which may
 * arrive in any order. A voicemail is a recording Twilio completed with audio in it; an absent or
 * zero-length one is not. Callbacks that Twilio may still send are waited for `graceMs`.
 */
export function classifyCall(facts: CallFacts, now: Date, graceMs: number): Classification {
  const hasAudio = (facts.recordingSeconds ?? 0) > 0;
  if (facts.recordingState === 'completed' && hasAudio) return { outcome: 'voicemail_left' };
  if (!facts.finalStatus) return { wait: 'call_in_progress', until: null };
  const failure = FINAL_FAILURES[facts.finalStatus];
  if (failure && facts.stage === null) return { outcome: failure };

  const recordingStage = facts.stage === 'recording' || facts.stage === 'recorded';
  const settled =
    facts.recordingState === 'absent' || facts.recordingState === 'failed' || facts.recordingState === 'completed';
  if (recordingStage && !settled) {
    const until = new Date((facts.endedAt ?? now).getTime() + graceMs);
    if (now < until) return { wait: 'recording_pending', until };
    // Twilio never confirmed the recording: trust the <Record> action when it reported audio.
    if (facts.recordingState === 'reported_by_action' && hasAudio) return { outcome: 'voicemail_left' };
  }
  return { outcome: outcomeByStage(facts) };
}

function outcomeByStage(facts: CallFacts): CallOutcome {
  switch (facts.stage) {
    case 'connected':
    case 'completed':
      return 'call_completed';
    case 'menu':
    case 'voicemail_prompt':
    case 'recording':
    case 'recorded':
      return facts.afterHours ? 'after_hours_call' : 'missed_call';
    case 'after_hours_greeting':
      return 'after_hours_call';
    case 'greeting':
    case 'menu_choice':
    case 'ringing_agents':
    case null:
      return facts.afterHours ? 'after_hours_call' : 'customer_hangup';
  }
}

/** The catalogue kind that answers an outcome, when one does. */
export function replyKindFor(outcome: CallOutcome): string | null {
  switch (outcome) {
    case 'customer_hangup':
    case 'missed_call':
    case 'voicemail_left':
    case 'after_hours_call':
    case 'call_completed':
      return outcome;
    default:
      return null;
  }
}

/** Outcomes that mean the customer did not get through: they go onto a ticket ("Missed call"). */
export function isMissedOutcome(outcome: CallOutcome): boolean {
  return (
    outcome === 'customer_hangup' ||
    outcome === 'missed_call' ||
    outcome === 'voicemail_left' ||
    outcome === 'after_hours_call'
  );
}

import type { CallStage } from './call-stage.js';
import type { CallOutcome, RecordingState } from './classify-call.js';

/** A leg or step noted on the call: an agent's phone ringing, a callback we could not place. */
export interface CallLeg {
  readonly callSid: string;
  readonly to: string | null;
  readonly status: string;
  readonly durationSeconds: number | null;
  readonly at: string;
}

export interface Call {
  readonly id: string;
  readonly teamId: string;
  readonly callSid: string;
  readonly customer: string;
  readonly teamNumber: string;
  readonly afterHours: boolean;
  readonly stage: CallStage | null;
  readonly stages: ReadonlyArray<{ readonly stage: CallStage; readonly at: string }>;
  readonly menuAttempts: number;
  readonly chosenOption: string | null;
  readonly lastRequestKey: string | null;
  readonly lastTwiml: string | null;
  readonly finalStatus: string | null;
  readonly durationSeconds: number | null;
  readonly endedAt: Date | null;
  readonly recordingState: RecordingState;
  readonly recordingSid: string | null;
  readonly recordingUrl: string | null;
  readonly recordingSeconds: number | null;
  readonly outcome: CallOutcome | null;
  readonly outcomeAt: Date | null;
  readonly decision: unknown;
  readonly ticketId: string | null;
  readonly legs: readonly CallLeg[];
  readonly createdAt: Date;
}

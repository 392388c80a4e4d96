import { describe, expect, it } from 'vitest';
import { CALL_STAGES, type CallStage } from '../../../src/voice/call-stage.js';
import {
  CALL_OUTCOMES,
  classifyCall,
  isMissedOutcome,
  replyKindFor,
  type CallFacts,
  type CallOutcome,
  type Classification,
  type RecordingState,
} from '../../../src/voice/classify-call.js';

const ENDED = new Date('2026-11-21T14:31:30Z');
const GRACE_MS = 60_000;
const at = (msAfterEnd: number): Date => new Date(ENDED.getTime() + msAfterEnd);
const GRACE_OVER = at(GRACE_MS);
const GRACE_UNTIL = at(GRACE_MS);

function facts(over: Partial<CallFacts> = {}): CallFacts {
  return {
    stage: null,
    afterHours: false,
    finalStatus: 'completed',
    endedAt: ENDED,
    recordingState: null,
    recordingSeconds: null,
    ...over,
  };
}

const outcome = (o: CallOutcome): Classification => ({ outcome: o });
const RECORDING_PENDING: Classification = { wait: 'recording_pending', until: GRACE_UNTIL };
const IN_PROGRESS: Classification = { wait: 'call_in_progress', until: null };

// [stage, in hours, after hours] once the call completed and no recording callback is awaited.
const STAGE_ROWS: Array<[CallStage | null, CallOutcome, CallOutcome]> = [
  ['greeting', 'customer_hangup', 'after_hours_call'],
  ['after_hours_greeting', 'after_hours_call', 'after_hours_call'],
  ['menu', 'missed_call', 'after_hours_call'],
  ['menu_choice', 'customer_hangup', 'after_hours_call'],
  ['ringing_agents', 'customer_hangup', 'after_hours_call'],
  ['connected', 'call_completed', 'call_completed'],
  ['voicemail_prompt', 'missed_call', 'after_hours_call'],
  ['recording', 'missed_call', 'after_hours_call'],
  ['recorded', 'missed_call', 'after_hours_call'],
  ['completed', 'call_completed', 'call_completed'],
  [null, 'customer_hangup', 'after_hours_call'],
];

describe('classifyCall: the last stage decides a completed call', () => {
  it('has a row for every stage', () => {
    expect(STAGE_ROWS.map(([stage]) => stage)).toEqual([...CALL_STAGES, null]);
  });

  it.each(STAGE_ROWS)('stage %s → %s in hours, %s after hours', (stage, inHours, afterHours) => {
    // Past the grace, so the recording stages do not wait for a callback.
    expect(classifyCall(facts({ stage }), GRACE_OVER, GRACE_MS)).toEqual(outcome(inHours));
    expect(classifyCall(facts({ stage, afterHours: true }), GRACE_OVER, GRACE_MS)).toEqual(outcome(afterHours));
  });

  it.each(STAGE_ROWS.filter(([stage]) => stage !== 'recording' && stage !== 'recorded'))(
    'stage %s is settled at once, without waiting for a recording',
    (stage, inHours) => {
      expect(classifyCall(facts({ stage }), ENDED, GRACE_MS)).toEqual(outcome(inHours));
    },
  );
});

describe('classifyCall: voicemails', () => {
  it.each<[string, Partial<CallFacts>, Classification]>([
    [
      'completed with audio, before the final status',
      { stage: 'recording', finalStatus: null, recordingState: 'completed', recordingSeconds: 17 },
      outcome('voicemail_left'),
    ],
    [
      'completed with audio, after the final status',
      { stage: 'recorded', recordingState: 'completed', recordingSeconds: 17 },
      outcome('voicemail_left'),
    ],
    [
      'completed with 1 second',
      { stage: 'recorded', recordingState: 'completed', recordingSeconds: 1 },
      outcome('voicemail_left'),
    ],
    [
      'completed with audio, after hours',
      { stage: 'recorded', afterHours: true, recordingState: 'completed', recordingSeconds: 17 },
      outcome('voicemail_left'),
    ],
    [
      'completed with audio, the caller hung up in the prompt stage',
      { stage: 'recording', finalStatus: 'completed', recordingState: 'completed', recordingSeconds: 5 },
      outcome('voicemail_left'),
    ],
    [
      'completed with 0 seconds → not a voicemail',
      { stage: 'recorded', recordingState: 'completed', recordingSeconds: 0 },
      outcome('missed_call'),
    ],
    [
      'completed with unknown length → not a voicemail',
      { stage: 'recorded', recordingState: 'completed', recordingSeconds: null },
      outcome('missed_call'),
    ],
    [
      'completed with 0 seconds, after hours',
      { stage: 'recorded', afterHours: true, recordingState: 'completed', recordingSeconds: 0 },
      outcome('after_hours_call'),
    ],
    [
      'completed with 0 seconds, before the final status → still in progress',
      { stage: 'recording', finalStatus: null, recordingState: 'completed', recordingSeconds: 0 },
      IN_PROGRESS,
    ],
    [
      'absent recording',
      { stage: 'recording', recordingState: 'absent', recordingSeconds: null },
      outcome('missed_call'),
    ],
    [
      'absent recording after the thanks',
      { stage: 'recorded', recordingState: 'absent', recordingSeconds: 0 },
      outcome('missed_call'),
    ],
    [
      'failed recording, even with a length',
      { stage: 'recorded', recordingState: 'failed', recordingSeconds: 17 },
      outcome('missed_call'),
    ],
    [
      'absent recording, after hours',
      { stage: 'recording', afterHours: true, recordingState: 'absent' },
      outcome('after_hours_call'),
    ],
  ])('%s', (_name, over, expected) => {
    // At the very end of the call: a settled recording state never waits.
    expect(classifyCall(facts(over), ENDED, GRACE_MS)).toEqual(expected);
  });
});

describe('classifyCall: a recording stage without a recording callback', () => {
  it.each<[string, CallStage, RecordingState, number | null]>([
    ['recording, nothing reported', 'recording', null, null],
    ['recorded, nothing reported', 'recorded', null, null],
    ['recording in progress', 'recording', 'in-progress', null],
    ['reported by the <Record> action with audio', 'recorded', 'reported_by_action', 17],
    ['reported by the <Record> action, empty', 'recorded', 'reported_by_action', 0],
  ])('%s: waits recording_pending until endedAt + grace', (_name, stage, recordingState, recordingSeconds) => {
    for (const now of [ENDED, at(1), at(GRACE_MS - 1)]) {
      expect(classifyCall(facts({ stage, recordingState, recordingSeconds }), now, GRACE_MS)).toEqual(
        RECORDING_PENDING,
      );
    }
  });

  it.each<[string, CallStage, boolean, RecordingState, number | null, CallOutcome]>([
    ['nothing reported → missed call', 'recording', false, null, null, 'missed_call'],
    ['nothing reported after the thanks → missed call', 'recorded', false, null, null, 'missed_call'],
    ['still in progress → missed call', 'recording', false, 'in-progress', 30, 'missed_call'],
    ['action reported 17 s → voicemail left', 'recorded', false, 'reported_by_action', 17, 'voicemail_left'],
    [
      'action reported 17 s in the recording stage → voicemail left',
      'recording',
      false,
      'reported_by_action',
      17,
      'voicemail_left',
    ],
    ['action reported 0 s → missed call', 'recorded', false, 'reported_by_action', 0, 'missed_call'],
    ['action reported no length → missed call', 'recorded', false, 'reported_by_action', null, 'missed_call'],
    ['action reported 17 s after hours → voicemail left', 'recorded', true, 'reported_by_action', 17, 'voicemail_left'],
    [
      'action reported 0 s after hours → after-hours call',
      'recorded',
      true,
      'reported_by_action',
      0,
      'after_hours_call',
    ],
  ])('once the grace is over: %s', (_name, stage, afterHours, recordingState, recordingSeconds, expected) => {
    const f = facts({ stage, afterHours, recordingState, recordingSeconds });
    expect(classifyCall(f, GRACE_OVER, GRACE_MS)).toEqual(outcome(expected));
    expect(classifyCall(f, at(GRACE_MS * 10), GRACE_MS)).toEqual(outcome(expected));
  });

  it('measures the grace from endedAt, not from now', () => {
    const ended = at(-5 * 60_000);
    expect(classifyCall(facts({ stage: 'recording', endedAt: ended }), ENDED, GRACE_MS)).toEqual(
      outcome('missed_call'),
    );
  });

  it.each([0, 1_000, 300_000])('waits exactly graceMs = %i', (graceMs) => {
    const f = facts({ stage: 'recording' });
    const until = at(graceMs);
    if (graceMs > 0) expect(classifyCall(f, at(graceMs - 1), graceMs)).toEqual({ wait: 'recording_pending', until });
    expect(classifyCall(f, until, graceMs)).toEqual(outcome('missed_call'));
  });
});

describe('classifyCall: the call has not ended', () => {
  it.each<[string, Partial<CallFacts>]>([
    ['a new call', { stage: 'greeting' }],
    ['in the menu', { stage: 'menu' }],
    ['ringing agents', { stage: 'ringing_agents' }],
    ['talking to an agent', { stage: 'connected' }],
    ['recording, no callback yet', { stage: 'recording' }],
    [
      'action reported audio, recording callback not in yet',
      { stage: 'recorded', recordingState: 'reported_by_action', recordingSeconds: 17 },
    ],
    ['the recording was absent', { stage: 'recorded', recordingState: 'absent' }],
    ['no stage yet', { stage: null }],
  ])('%s → wait call_in_progress', (_name, over) => {
    expect(classifyCall(facts({ ...over, finalStatus: null, endedAt: null }), at(GRACE_MS * 100), GRACE_MS)).toEqual(
      IN_PROGRESS,
    );
  });
});

describe('classifyCall: final statuses other than completed', () => {
  it.each<[string, string, CallStage | null, boolean, CallOutcome]>([
    ['busy, never answered', 'busy', null, false, 'busy'],
    ['failed, never answered', 'failed', null, false, 'failed'],
    ['no-answer, never answered', 'no-answer', null, false, 'no_answer'],
    ['busy, never answered, after hours', 'busy', null, true, 'busy'],
    ['no-answer, never answered, after hours', 'no-answer', null, true, 'no_answer'],
    ['canceled, never answered → the caller hung up', 'canceled', null, false, 'customer_hangup'],
    ['canceled, never answered, after hours', 'canceled', null, true, 'after_hours_call'],
    ['busy once answered → the stage decides', 'busy', 'greeting', false, 'customer_hangup'],
    ['failed in the menu → the stage decides', 'failed', 'menu', false, 'missed_call'],
    ['no-answer while connected → the stage decides', 'no-answer', 'connected', false, 'call_completed'],
  ])('%s → %s', (_name, finalStatus, stage, afterHours, expected) => {
    expect(classifyCall(facts({ finalStatus, stage, afterHours }), ENDED, GRACE_MS)).toEqual(outcome(expected));
  });
});

describe('replyKindFor and isMissedOutcome', () => {
  const ROWS: Array<[CallOutcome, string | null, boolean]> = [
    ['customer_hangup', 'customer_hangup', true],
    ['missed_call', 'missed_call', true],
    ['voicemail_left', 'voicemail_left', true],
    ['after_hours_call', 'after_hours_call', true],
    ['call_completed', 'call_completed', false],
    ['busy', null, false],
    ['failed', null, false],
    ['no_answer', null, false],
  ];

  it('has a row for every outcome', () => {
    expect(ROWS.map(([o]) => o)).toEqual([...CALL_OUTCOMES]);
  });

  it.each(ROWS)('%s → reply kind %s, missed %s', (o, kind, missed) => {
    expect(replyKindFor(o)).toBe(kind);
    expect(isMissedOutcome(o)).toBe(missed);
  });
});

import { describe, expect, it } from 'vitest';
import type { CallStatusUpdate, ParseResult, UnusableReason, VoiceRequest } from '../../../../channels/contract.js';
import {
  parseCallStatus,
  parseRecordingStatus,
  parseVoiceRequest,
} from '../../../../channels/twilio/voice-request.parser.js';
import { fixture } from '../../../helpers/twilio-signing.js';

const CALLER = '+12125550123';
const TEAM_NUMBER = '+15005550006';
const AGENT = '+12125550187';
const PARENT_SID = 'CA60000000000000000000000000000001';
const CHILD_SID = 'CA60000000000000000000000000000002';
const RECORDING_SID = 'RE70000000000000000000000000000001';
const RECORDING_URL = `https://api.twilio.com/2010-04-01/Accounts/ACdeadbeefdeadbeefdeadbeefdeadbeef/Recordings/${RECORDING_SID}`;

const without = (params: Record<string, string>, ...keys: string[]): Record<string, string> =>
  Object.fromEntries(Object.entries(params).filter(([key]) => !keys.includes(key)));

function valueOf<T>(result: ParseResult<T>): T {
  if (!result.ok) throw new Error(`expected a usable request, got ${result.reason}`);
  return result.value;
}

const NOTHING_ELSE = {
  digits: null,
  dialCallStatus: null,
  dialBridged: false,
  recordingUrl: null,
  recordingSid: null,
  recordingSeconds: null,
};

describe('parseVoiceRequest: fixtures', () => {
  it.each<[string, VoiceRequest]>([
    ['voice-incoming', { callSid: PARENT_SID, from: CALLER, to: TEAM_NUMBER, callStatus: 'ringing', ...NOTHING_ELSE }],
    [
      'voice-gather-digits',
      { callSid: PARENT_SID, from: CALLER, to: TEAM_NUMBER, callStatus: 'in-progress', ...NOTHING_ELSE, digits: '2' },
    ],
    [
      'voice-dial-action-no-answer',
      {
        callSid: PARENT_SID,
        from: CALLER,
        to: TEAM_NUMBER,
        callStatus: 'in-progress',
        ...NOTHING_ELSE,
        dialCallStatus: 'no-answer',
        dialBridged: false,
      },
    ],
    [
      'voice-record-action-hangup',
      {
        callSid: PARENT_SID,
        from: CALLER,
        to: TEAM_NUMBER,
        callStatus: 'completed',
        digits: 'hangup',
        dialCallStatus: null,
        dialBridged: false,
        recordingUrl: RECORDING_URL,
        recordingSid: RECORDING_SID,
        recordingSeconds: 17,
      },
    ],
  ])('reads %s', (name, expected) => {
    expect(parseVoiceRequest(fixture(name))).toEqual({ ok: true, value: expected });
  });

  it.each<[string, string | undefined, boolean]>([
    ['"true"', 'true', true],
    ['"false"', 'false', false],
    ['"TRUE" (only the exact value counts)', 'TRUE', false],
    ['absent', undefined, false],
  ])('DialBridged %s → dialBridged %s', (_name, value, bridged) => {
    const base = without(fixture('voice-dial-action-no-answer'), 'DialBridged');
    const params = value === undefined ? base : { ...base, DialBridged: value, DialCallStatus: 'completed' };
    expect(valueOf(parseVoiceRequest(params)).dialBridged).toBe(bridged);
  });
});

describe('parseCallStatus: fixtures', () => {
  it.each<[string, CallStatusUpdate]>([
    [
      'voice-status-completed-short',
      {
        callSid: PARENT_SID,
        parentCallSid: null,
        status: 'completed',
        direction: 'inbound',
        durationSeconds: 4,
        from: CALLER,
        to: TEAM_NUMBER,
        sequence: '1',
      },
    ],
    [
      'voice-status-no-answer',
      {
        callSid: CHILD_SID,
        parentCallSid: PARENT_SID,
        status: 'no-answer',
        direction: 'outbound-dial',
        durationSeconds: 0,
        from: CALLER,
        to: AGENT,
        sequence: '2',
      },
    ],
    [
      'voice-status-canceled',
      {
        callSid: CHILD_SID,
        parentCallSid: PARENT_SID,
        status: 'canceled',
        direction: 'outbound-dial',
        durationSeconds: 0,
        from: CALLER,
        to: AGENT,
        sequence: '2',
      },
    ],
    [
      'voice-status-busy',
      {
        callSid: 'CA60000000000000000000000000000003',
        parentCallSid: null,
        status: 'busy',
        direction: 'outbound-api',
        durationSeconds: 0,
        from: TEAM_NUMBER,
        to: CALLER,
        sequence: '2',
      },
    ],
  ])('reads %s', (name, expected) => {
    expect(parseCallStatus(fixture(name))).toEqual({ ok: true, value: expected });
  });
});

describe('parseRecordingStatus: fixtures', () => {
  it('reads voice-recording-completed', () => {
    expect(parseRecordingStatus(fixture('voice-recording-completed'))).toEqual({
      ok: true,
      value: {
        callSid: PARENT_SID,
        recordingSid: RECORDING_SID,
        status: 'completed',
        url: RECORDING_URL,
        durationSeconds: 17,
      },
    });
  });

  it.each(['absent', 'failed', 'in-progress'])('passes the status %s through', (status) => {
    const params = without(
      fixture('voice-recording-completed', { RecordingStatus: status }),
      'RecordingUrl',
      'RecordingDuration',
    );
    expect(parseRecordingStatus(params)).toEqual({
      ok: true,
      value: { callSid: PARENT_SID, recordingSid: RECORDING_SID, status, url: null, durationSeconds: null },
    });
  });
});

type Parser = (params: Readonly<Record<string, string>>) => ParseResult<unknown>;

describe('unusable requests', () => {
  it.each<[string, Parser, Record<string, string>, UnusableReason, string]>([
    [
      'a call step without CallSid',
      parseVoiceRequest,
      without(fixture('voice-incoming'), 'CallSid'),
      'missing_call_sid',
      'The request has no CallSid.',
    ],
    [
      'a call step with an empty CallSid',
      parseVoiceRequest,
      fixture('voice-gather-digits', { CallSid: '' }),
      'missing_call_sid',
      'The request has no CallSid.',
    ],
    [
      'a status callback without CallSid',
      parseCallStatus,
      without(fixture('voice-status-no-answer'), 'CallSid'),
      'missing_call_sid',
      'The request has no CallSid.',
    ],
    [
      'a status callback without CallStatus',
      parseCallStatus,
      without(fixture('voice-status-completed-short'), 'CallStatus'),
      'missing_call_status',
      'The request has no CallStatus.',
    ],
    [
      'a status callback with an empty CallStatus',
      parseCallStatus,
      fixture('voice-status-busy', { CallStatus: '' }),
      'missing_call_status',
      'The request has no CallStatus.',
    ],
    [
      'a recording callback without CallSid',
      parseRecordingStatus,
      without(fixture('voice-recording-completed'), 'CallSid'),
      'missing_call_sid',
      'The request has no CallSid.',
    ],
    [
      'a recording callback without RecordingStatus',
      parseRecordingStatus,
      without(fixture('voice-recording-completed'), 'RecordingStatus'),
      'missing_recording_status',
      'The request has no RecordingStatus.',
    ],
    [
      'a call status posted to the recording callback',
      parseRecordingStatus,
      fixture('voice-status-completed-short'),
      'missing_recording_status',
      'The request has no RecordingStatus.',
    ],
    ['an empty body to the status callback', parseCallStatus, {}, 'missing_call_sid', 'The request has no CallSid.'],
  ])('%s', (_name, parse, params, reason, detail) => {
    expect(parse(params)).toEqual({ ok: false, reason, detail });
  });

  it('does not require a status for a call step (the <Record> action may omit it)', () => {
    expect(valueOf(parseVoiceRequest(without(fixture('voice-incoming'), 'CallStatus'))).callStatus).toBeNull();
  });
});

describe('durations', () => {
  it.each<[string, string, number | null]>([
    ['zero', '0', 0],
    ['a number', '17', 17],
    ['a leading zero', '017', 17],
    ['empty', '', null],
    ['text', 'abc', null],
    ['negative', '-3', null],
    ['a fraction', '1.5', null],
    ['a unit suffix', '17s', null],
    ['a leading space', ' 17', null],
  ])('%s (%j)', (_name, raw, expected) => {
    expect(
      valueOf(parseVoiceRequest(fixture('voice-record-action-hangup', { RecordingDuration: raw }))).recordingSeconds,
    ).toBe(expected);
    expect(
      valueOf(parseCallStatus(fixture('voice-status-completed-short', { CallDuration: raw }))).durationSeconds,
    ).toBe(expected);
    expect(
      valueOf(parseRecordingStatus(fixture('voice-recording-completed', { RecordingDuration: raw }))).durationSeconds,
    ).toBe(expected);
  });

  it('reads an absent duration as null', () => {
    expect(
      valueOf(parseCallStatus(without(fixture('voice-status-completed-short'), 'CallDuration'))).durationSeconds,
    ).toBeNull();
    expect(valueOf(parseVoiceRequest(fixture('voice-incoming'))).recordingSeconds).toBeNull();
  });
});

describe('caller and called numbers', () => {
  it.each<[string, string, string | null]>([
    ['an E.164 number', CALLER, CALLER],
    ['a Polish number', '+48221234567', '+48221234567'],
    ['a WhatsApp address', `whatsapp:${CALLER}`, null],
    ['a WhatsApp address in capitals', `WhatsApp:${CALLER}`, null],
    ['anonymous', 'anonymous', null],
    ['Anonymous', 'Anonymous', null],
    ['a SIP address', 'sip:alice@example.com', null],
    ['a client identity', 'client:alice', null],
    ['a number without +', '12125550123', null],
    ['empty', '', null],
  ])('From %s → %s', (_name, raw, expected) => {
    expect(valueOf(parseVoiceRequest(fixture('voice-incoming', { From: raw }))).from).toBe(expected);
    expect(valueOf(parseCallStatus(fixture('voice-status-completed-short', { From: raw }))).from).toBe(expected);
  });

  it.each<[string, string, string | null]>([
    ['an E.164 number', TEAM_NUMBER, TEAM_NUMBER],
    ['a WhatsApp address', `whatsapp:${TEAM_NUMBER}`, null],
    ['a client identity', 'client:support', null],
  ])('To %s → %s', (_name, raw, expected) => {
    expect(valueOf(parseVoiceRequest(fixture('voice-incoming', { To: raw }))).to).toBe(expected);
    expect(valueOf(parseCallStatus(fixture('voice-status-completed-short', { To: raw }))).to).toBe(expected);
  });

  it('reads an absent From as null', () => {
    expect(valueOf(parseVoiceRequest(without(fixture('voice-incoming'), 'From'))).from).toBeNull();
  });
});

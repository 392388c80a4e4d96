import { z } from 'zod';
import type { CallStatusUpdate, ParseResult, RecordingUpdate, VoiceRequest } from '../contract.js';
import { parseAddress } from './address.js';
import { unusable } from './parse-result.js';
import { webhookField } from './webhook-fields.js';

const VoiceParams = z.object({
  CallSid: webhookField,
  From: webhookField,
  To: webhookField,
  CallStatus: webhookField,
  Digits: webhookField,
  DialCallStatus: webhookField,
  DialBridged: webhookField,
  RecordingUrl: webhookField,
  RecordingSid: webhookField,
  RecordingDuration: webhookField,
  ParentCallSid: webhookField,
  Direction: webhookField,
  CallDuration: webhookField,
  SequenceNumber: webhookField,
  RecordingStatus: webhookField,
});

export function parseVoiceRequest(params: Readonly<Record<string, string>>): ParseResult<VoiceRequest> {
  const f = VoiceParams.parse(params);
  if (!f.CallSid) return unusable('missing_call_sid', 'The request has no CallSid.');
  return {
    ok: true,
    value: {
      callSid: f.CallSid,
      from: number(f.From),
      to: number(f.To),
      callStatus: f.CallStatus ?? null,
      digits: f.Digits ?? null,
      dialCallStatus: f.DialCallStatus ?? null,
      dialBridged: f.DialBridged === 'true',
      recordingUrl: f.RecordingUrl ?? null,
      recordingSid: f.RecordingSid ?? null,
      recordingSeconds: seconds(f.RecordingDuration),
    },
  };
}

export function parseCallStatus(params: Readonly<Record<string, string>>): ParseResult<CallStatusUpdate> {
  const f = VoiceParams.parse(params);
  if (!f.CallSid) return unusable('missing_call_sid', 'The request has no CallSid.');
  if (!f.CallStatus) return unusable('missing_call_status', 'The request has no CallStatus.');
  return {
    ok: true,
    value: {
      callSid: f.CallSid,
      parentCallSid: f.ParentCallSid ?? null,
      status: f.CallStatus,
      direction: f.Direction ?? null,
      durationSeconds: seconds(f.CallDuration),
      from: number(f.From),
      to: number(f.To),
      sequence: f.SequenceNumber ?? null,
    },
  };
}

export function parseRecordingStatus(params: Readonly<Record<string, string>>): ParseResult<RecordingUpdate> {
  const f = VoiceParams.parse(params);
  if (!f.CallSid) return unusable('missing_call_sid', 'The request has no CallSid.');
  if (!f.RecordingStatus) return unusable('missing_recording_status', 'The request has no RecordingStatus.');
  return {
    ok: true,
    value: {
      callSid: f.CallSid,
      recordingSid: f.RecordingSid ?? null,
      status: f.RecordingStatus,
      url: f.RecordingUrl ?? null,
      durationSeconds: seconds(f.RecordingDuration),
    },
  };
}

// A caller is a phone number: a `whatsapp:` address is a messaging identity, not a line we can treat as a phone call.
function number(address: string | undefined): string | null {
  const parsed = address ? parseAddress(address) : null;
  return parsed?.channel === 'sms' ? parsed.number : null;
}

function seconds(value: string | undefined): number | null {
  if (value === undefined || !/^\d+$/.test(value)) return null;
  return Number(value);
}

import crypto from 'node:crypto';
import { toTwilioAddress } from '../../channels/twilio/address.js';

/** A Twilio webhook form: flat names and values, as Twilio posts them. */
export type TwilioForm = Record<string, string>;

/** The account a simulated webhook names when TWILIO_ACCOUNT_SID is not set (the gateway does not read it). */
export const SIMULATED_ACCOUNT_SID = `AC${'0'.repeat(32)}`;
const API_VERSION = '2010-04-01';

/** A fresh Twilio-style SID: the two-letter prefix (SM, CA, RE…) and 32 hex digits. */
export function newSid(prefix: string): string {
  return prefix + crypto.randomBytes(16).toString('hex');
}

/** An inbound SMS or WhatsApp text, with the fields Twilio sends for a plain text message. */
export function inboundMessageForm(input: {
  channel: 'sms' | 'whatsapp';
  from: string;
  to: string;
  body: string;
  profileName: string;
  accountSid: string;
}): TwilioForm {
  const sid = newSid('SM');
  const common: TwilioForm = {
    MessageSid: sid,
    SmsMessageSid: sid,
    SmsSid: sid,
    AccountSid: input.accountSid,
    ApiVersion: API_VERSION,
    From: toTwilioAddress(input.channel, input.from),
    To: toTwilioAddress(input.channel, input.to),
    Body: input.body,
    NumMedia: '0',
    NumSegments: '1',
    ReferralNumMedia: '0',
    SmsStatus: 'received',
  };
  if (input.channel === 'whatsapp') {
    return { ...common, ProfileName: input.profileName, WaId: input.from.slice(1), MessageType: 'text' };
  }
  return { ...common, FromCountry: 'US', ToCountry: 'US', FromState: '', ToState: '', FromCity: '', ToCity: '' };
}

/** The fields Twilio sends with every request about an inbound call. */
export function callForm(input: {
  callSid: string;
  from: string;
  to: string;
  callStatus: string;
  accountSid: string;
}): TwilioForm {
  return {
    AccountSid: input.accountSid,
    ApiVersion: API_VERSION,
    CallSid: input.callSid,
    CallStatus: input.callStatus,
    Direction: 'inbound',
    From: input.from,
    Caller: input.from,
    To: input.to,
    Called: input.to,
    FromCountry: 'US',
    CallerCountry: 'US',
    ToCountry: 'US',
    CalledCountry: 'US',
  };
}

/** What a <Gather> action gets: the key pressed. */
export function gatherResultFields(digits: string): TwilioForm {
  return { Digits: digits, FinishedOnKey: '', msg: 'Gather End' };
}

/** What a <Dial> action gets when nobody picked up. */
export function dialNoAnswerFields(): TwilioForm {
  return { DialCallStatus: 'no-answer', DialCallSid: newSid('CA'), DialCallDuration: '0', DialBridged: 'false' };
}

/** A <Record> action when the caller hung up without saying anything. */
export function recordHangupFields(): TwilioForm {
  return { Digits: 'hangup', RecordingDuration: '0' };
}

/** The recording status callback for a recording with no audio (`absent`). */
export function recordingAbsentForm(input: { callSid: string; accountSid: string }): TwilioForm {
  return {
    AccountSid: input.accountSid,
    CallSid: input.callSid,
    RecordingSid: newSid('RE'),
    RecordingStatus: 'absent',
    RecordingDuration: '0',
    RecordingSource: 'RecordVerb',
    RecordingChannels: '1',
    ErrorCode: '0',
  };
}

/** The call's final status callback. */
export function finalStatusFields(input: {
  callStatus: string;
  durationSeconds: number;
  sequence: number;
}): TwilioForm {
  return {
    CallStatus: input.callStatus,
    CallDuration: String(input.durationSeconds),
    Duration: String(Math.ceil(input.durationSeconds / 60)),
    Timestamp: new Date().toUTCString().replace('GMT', '+0000'),
    CallbackSource: 'call-progress-events',
    SequenceNumber: String(input.sequence),
  };
}

import { PUBLIC_URL, type TestGateway } from './test-gateway.js';
import { fixture } from './twilio-signing.js';

/** The gateway URLs a TwiML document points Twilio at, by verb. */
export interface TwimlLinks {
  readonly redirect: string | null;
  readonly gather: string | null;
  readonly dial: string | null;
  readonly connected: string | null;
  readonly record: string | null;
  readonly recording: string | null;
}

const unescape = (s: string) => s.replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>');
const local = (url: string | undefined) => (url ? unescape(url).replace(PUBLIC_URL, '') : null);

export function linksOf(twiml: string): TwimlLinks {
  return {
    redirect: local(/<Redirect[^>]*>([^<]+)<\/Redirect>/.exec(twiml)?.[1]),
    gather: local(/<Gather[^>]*action="([^"]+)"/.exec(twiml)?.[1]),
    dial: local(/<Dial[^>]*action="([^"]+)"/.exec(twiml)?.[1]),
    connected: local(/<Number[^>]*url="([^"]+)"/.exec(twiml)?.[1]),
    record: local(/<Record[^>]*action="([^"]+)"/.exec(twiml)?.[1]),
    recording: local(/<Record[^>]*recordingStatusCallback="([^"]+)"/.exec(twiml)?.[1]),
  };
}

/**
 * Plays Twilio's part in one inbound call: posts the signed webhooks a real call would, following
 * the URLs the gateway's TwiML gives, exactly as Twilio does.
 */
export class CallDriver {
  twiml = '';
  /** The last recordingStatusCallback a <Record> gave (the document after it no longer shows it). */
  private recordingCallback: string | null = null;

  constructor(
    private readonly gw: TestGateway,
    readonly callSid: string,
    readonly from: string,
    readonly to: string,
  ) {}

  private base(): Record<string, string> {
    return { CallSid: this.callSid, From: this.from, Caller: this.from, To: this.to, Called: this.to };
  }

  get links(): TwimlLinks {
    return linksOf(this.twiml);
  }

  async incoming(): Promise<string> {
    const res = await this.gw.webhook('/twilio/voice', fixture('voice-incoming', this.base()));
    if (res.status !== 200) throw new Error(`incoming call answered ${res.status}`);
    this.twiml = res.text;
    return this.twiml;
  }

  /** Posts to one of the current TwiML's URLs, as Twilio would when that verb ends. */
  async follow(link: keyof TwimlLinks, params: Record<string, string> = {}, fixtureName = 'voice-incoming'): Promise<string> {
    const url = this.links[link];
    if (!url) throw new Error(`the TwiML has no ${link} URL: ${this.twiml}`);
    const res = await this.gw.webhook(url, { ...fixture(fixtureName, this.base()), CallStatus: 'in-progress', ...params });
    if (res.status !== 200) throw new Error(`${link} answered ${res.status}`);
    if (link !== 'connected') this.twiml = res.text;
    this.recordingCallback = linksOf(res.text).recording ?? this.recordingCallback;
    return res.text;
  }

  async pressDigit(digit: string): Promise<string> {
    return this.follow('gather', { Digits: digit, FinishedOnKey: '', msg: 'Gather End' }, 'voice-gather-digits');
  }

  async agentAnswers(childSid: string): Promise<string> {
    return this.follow('connected', { CallSid: childSid, ParentCallSid: this.callSid, Direction: 'outbound-dial' });
  }

  async dialEnds(dialStatus: string, bridged: boolean): Promise<string> {
    return this.follow('dial', { DialCallStatus: dialStatus, DialBridged: String(bridged), DialCallDuration: bridged ? '60' : '0' }, 'voice-dial-action-no-answer');
  }

  async recordEnds(seconds: number, digits = 'hangup'): Promise<string> {
    return this.follow('record', {
      CallStatus: digits === 'hangup' ? 'completed' : 'in-progress',
      RecordingSid: `RE${this.callSid.slice(2)}`,
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/RE${this.callSid.slice(2)}`,
      RecordingDuration: String(seconds),
      Digits: digits,
    }, 'voice-record-action-hangup');
  }

  /** The recording callback; `url` defaults to the one the <Record> verb gave. */
  async recordingStatus(status: string, seconds: number, url = this.recordingCallback): Promise<number> {
    if (!url) throw new Error('no recordingStatusCallback in the TwiML');
    const res = await this.gw.webhook(url, fixture('voice-recording-completed', {
      CallSid: this.callSid,
      RecordingSid: `RE${this.callSid.slice(2)}`,
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/RE${this.callSid.slice(2)}`,
      RecordingStatus: status,
      RecordingDuration: String(seconds),
    }));
    return res.status;
  }

  /** The parent call's final status callback (the number's status callback URL). */
  async ends(status = 'completed', seconds = 4): Promise<number> {
    const res = await this.gw.webhook('/twilio/voice/status', fixture('voice-status-completed-short', { ...this.base(), CallStatus: status, CallDuration: String(seconds) }));
    return res.status;
  }
}

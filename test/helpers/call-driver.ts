import { expect } from 'vitest';
import { eventually, PUBLIC_URL, type TestGateway } from './test-gateway.js';
import { fixture, sid } from './twilio-signing.js';

/** A call as GET /api/teams/:team/calls shows it. */
export interface CallView {
  readonly id: string;
  readonly callSid: string;
  readonly customer: string;
  readonly stage: string | null;
  readonly stages: ReadonlyArray<{ readonly stage: string; readonly at: string }>;
  readonly status: string | null;
  readonly durationSeconds: number | null;
  readonly outcome: string | null;
  readonly recording: {
    readonly state: string;
    readonly url: string | null;
    readonly durationSeconds: number | null;
  } | null;
  readonly ticketId: string | null;
  readonly agentLegs: ReadonlyArray<{ readonly callSid: string; readonly status: string }>;
  readonly decision: {
    reply: { kind: string; action: string; reason: string; messageId: string | null } | null;
  } | null;
}

/** Where a TwiML verb sends Twilio next. */
export type TwimlLink = 'redirect' | 'gather' | 'dial' | 'connected' | 'record' | 'recording';

/** The gateway paths (with their queries) a TwiML document points Twilio at, by verb. */
export type TwimlLinks = Readonly<Record<TwimlLink, readonly string[]>>;

const LINK_PATTERNS: Readonly<Record<TwimlLink, RegExp>> = {
  redirect: /<Redirect[^>]*>([^<]*)<\/Redirect>/g,
  gather: /<Gather\s[^>]*\baction="([^"]*)"/g,
  dial: /<Dial\s[^>]*\baction="([^"]*)"/g,
  connected: /<Number\s[^>]*\burl="([^"]*)"/g,
  record: /<Record\s[^>]*\baction="([^"]*)"/g,
  recording: /<Record\s[^>]*\brecordingStatusCallback="([^"]*)"/g,
};

const XML_ENTITIES: Readonly<Record<string, string>> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&apos;': "'",
};
const unescapeXml = (text: string) => text.replace(/&(amp|lt|gt|quot|apos);/g, (entity) => XML_ENTITIES[entity]!);

/** The gateway path (with its query) of an absolute URL the TwiML gave; it must be under PUBLIC_URL. */
function gatewayPath(url: string): string {
  const absolute = unescapeXml(url);
  expect(absolute.startsWith(`${PUBLIC_URL}/twilio/voice/`), `${absolute} is not a gateway voice URL`).toBe(true);
  return absolute.slice(PUBLIC_URL.length);
}

/** Every URL a TwiML document sends Twilio to, by verb: read from the document, never guessed. */
export function linksOf(twiml: string): TwimlLinks {
  const all = (pattern: RegExp) => [...twiml.matchAll(pattern)].map((m) => gatewayPath(m[1]!));
  return {
    redirect: all(LINK_PATTERNS.redirect),
    gather: all(LINK_PATTERNS.gather),
    dial: all(LINK_PATTERNS.dial),
    connected: all(LINK_PATTERNS.connected),
    record: all(LINK_PATTERNS.record),
    recording: all(LINK_PATTERNS.recording),
  };
}

/**
 * Plays Twilio's part in one inbound call to a team number: posts the signed webhooks a real call
 * would, at the URLs the gateway's TwiML gives, exactly as Twilio does, and reads the call back
 * through the API.
 */
export class CallDriver {
  readonly callSid = sid('CA');
  readonly teamId: string;
  /** The team number called. */
  readonly to: string;
  /** The last TwiML the gateway answered for this call. */
  twiml = '';
  /** The last recordingStatusCallback a <Record> gave (the document after it no longer shows it). */
  private recordingCallback: string | null = null;

  constructor(
    private readonly gw: TestGateway,
    team: { readonly id: string; readonly number: string },
    /** The caller. */
    readonly from: string,
  ) {
    this.teamId = team.id;
    this.to = team.number;
  }

  private params(fixtureName: string, overrides: Record<string, string> = {}): Record<string, string> {
    return fixture(fixtureName, {
      CallSid: this.callSid,
      From: this.from,
      Caller: this.from,
      To: this.to,
      Called: this.to,
      ...overrides,
    });
  }

  /** Posts a step Twilio would, expects TwiML back and returns it. */
  private async twimlFrom(path: string, params: Record<string, string>): Promise<string> {
    const res = await this.gw.webhook(path, params);
    expect(res.status, `${path} answered ${res.status}`).toBe(200);
    expect(res.type).toBe('text/xml');
    this.recordingCallback = linksOf(res.text).recording.at(-1) ?? this.recordingCallback;
    return res.text;
  }

  /** Posts a callback Twilio would (status, recording); the gateway takes it with 204. */
  private async callback(path: string, params: Record<string, string>): Promise<void> {
    const res = await this.gw.webhook(path, params);
    expect(res.status, `${path} answered ${res.status}`).toBe(204);
  }

  /** The URLs of the current TwiML, by verb. */
  get links(): TwimlLinks {
    return linksOf(this.twiml);
  }

  /** The one URL of the current TwiML for `link`. */
  link(link: TwimlLink): string {
    const urls = this.links[link];
    expect(urls, `expected one ${link} URL in ${this.twiml}`).toHaveLength(1);
    return urls[0]!;
  }

  /** The incoming-call webhook; answers the TwiML. */
  async incoming(): Promise<string> {
    this.twiml = await this.twimlFrom('/twilio/voice', this.params('voice-incoming'));
    return this.twiml;
  }

  /**
   * Posts to the current TwiML's one `link` URL, as Twilio does when that verb ends (the default:
   * the caller heard the prompt to its <Redirect>); answers the next TwiML.
   */
  async follow(
    link: TwimlLink = 'redirect',
    fields: Record<string, string> = {},
    fixtureName = 'voice-incoming',
  ): Promise<string> {
    const twiml = await this.twimlFrom(
      this.link(link),
      this.params(fixtureName, { CallStatus: 'in-progress', ...fields }),
    );
    // The agent's leg gets the `connected` answer; the caller stays where the <Dial> put them.
    if (link !== 'connected') this.twiml = twiml;
    return twiml;
  }

  async pressDigit(digit: string): Promise<string> {
    return this.follow('gather', { Digits: digit, FinishedOnKey: '', msg: 'Gather End' }, 'voice-gather-digits');
  }

  async agentAnswers(childSid: string): Promise<string> {
    return this.follow('connected', { CallSid: childSid, ParentCallSid: this.callSid, Direction: 'outbound-dial' });
  }

  async dialEnds(dialStatus: string, bridged: boolean): Promise<string> {
    return this.follow(
      'dial',
      { DialCallStatus: dialStatus, DialBridged: String(bridged), DialCallDuration: bridged ? '60' : '0' },
      'voice-dial-action-no-answer',
    );
  }

  private recording(): { RecordingSid: string; RecordingUrl: string } {
    const recordingSid = `RE${this.callSid.slice(2)}`;
    return {
      RecordingSid: recordingSid,
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/${recordingSid}`,
    };
  }

  /** The <Record> action: the caller recorded `seconds` and finished with `digits` (or hung up). */
  async recordEnds(seconds: number, digits = 'hangup'): Promise<string> {
    return this.follow(
      'record',
      {
        CallStatus: digits === 'hangup' ? 'completed' : 'in-progress',
        ...this.recording(),
        RecordingDuration: String(seconds),
        Digits: digits,
      },
      'voice-record-action-hangup',
    );
  }

  /** The recording status callback, at the URL the <Record> verb gave. */
  async recordingStatus(status: string, seconds: number): Promise<void> {
    expect(this.recordingCallback, 'no recordingStatusCallback in the TwiML').not.toBeNull();
    await this.callback(
      this.recordingCallback!,
      fixture('voice-recording-completed', {
        CallSid: this.callSid,
        ...this.recording(),
        RecordingStatus: status,
        RecordingDuration: String(seconds),
      }),
    );
  }

  /** Twilio's final status callback for the caller's call (the number's status callback URL). */
  async hangUp(seconds = 4): Promise<void> {
    await this.callback(
      '/twilio/voice/status',
      this.params('voice-status-completed-short', { CallStatus: 'completed', CallDuration: String(seconds) }),
    );
  }

  /** The call as GET /api/teams/:team/calls shows it now. */
  async view(): Promise<CallView> {
    const qs = new URLSearchParams({ customer: this.from, limit: '200' });
    const res = await this.gw.api('get', `/api/teams/${this.teamId}/calls?${qs}`);
    expect(res.status).toBe(200);
    const call = (res.body as CallView[]).find((c) => c.callSid === this.callSid);
    expect(call, `no call ${this.callSid}`).toBeDefined();
    return call!;
  }

  /** Waits until the worker has settled the call (it has an outcome), and returns it. */
  async settled(): Promise<CallView> {
    return eventually(async () => {
      const call = await this.view();
      return call.outcome ? call : null;
    });
  }
}

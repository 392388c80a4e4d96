import { expect } from 'vitest';
import { eventually, PUBLIC_URL, type TestGateway } from '../../helpers/test-gateway.js';
import { fixture, sid } from '../../helpers/twilio-signing.js';

/** A call as GET /api/teams/:team/calls shows it. */
export interface CallView {
  readonly id: string;
  readonly callSid: string;
  readonly customer: string;
  readonly stage: string | null;
  readonly status: string | null;
  readonly durationSeconds: number | null;
  readonly outcome: string | null;
  readonly ticketId: string | null;
  readonly decision: { reply: { kind: string; action: string; reason: string; messageId: string | null } | null } | null;
}

/** A ticket event as the API shows it: its data spread next to id, type, actor and at. */
export type EventView = { readonly id: string; readonly type: string; readonly actor: string; readonly at: string } & Record<string, unknown>;

/** A ticket as GET /api/teams/:team/tickets/:id shows it. */
export interface TicketView {
  readonly id: string;
  readonly number: number;
  readonly status: string;
  readonly priority: string;
  readonly assigneeId: string | null;
  readonly tags: string[];
  readonly subject: string;
  readonly channel: string;
  readonly source: string;
  readonly customer: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly lastActivityAt: string;
  readonly firstResponseDueAt: string | null;
  readonly firstRespondedAt: string | null;
  readonly resolutionDueAt: string | null;
  readonly resolvedAt: string | null;
  readonly rla: {
    readonly firstResponse: string;
    readonly resolution: string;
    readonly firstResponseWarnedAt: string | null;
    readonly firstResponseBreachedAt: string | null;
    readonly resolutionWarnedAt: string | null;
    readonly resolutionBreachedAt: string | null;
  };
  readonly events: EventView[];
}

const XML_ENTITIES: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };
const unescapeXml = (text: string) => text.replace(/&(amp|lt|gt|quot|apos);/g, (entity) => XML_ENTITIES[entity]!);

/** The gateway path (with its query) of an absolute URL the TwiML gave; it must be under PUBLIC_URL. */
function gatewayPath(url: string): string {
  expect(url.startsWith(`${PUBLIC_URL}/twilio/voice/`), `${url} is not a gateway voice URL`).toBe(true);
  return url.slice(PUBLIC_URL.length);
}

/**
 * Where a TwiML document sends Twilio next, as gateway paths: each verb's `action`, the
 * `recordingStatusCallback`, and the `<Redirect>` target. Read from the document, never guessed.
 */
export function twimlTargets(twiml: string): { actions: string[]; recordingCallbacks: string[]; redirects: string[] } {
  const attr = (name: string) => [...twiml.matchAll(new RegExp(`\\s${name}="([^"]*)"`, 'g'))].map((m) => gatewayPath(unescapeXml(m[1]!)));
  const redirects = [...twiml.matchAll(/<Redirect[^>]*>([^<]*)<\/Redirect>/g)].map((m) => gatewayPath(unescapeXml(m[1]!)));
  return { actions: attr('action'), recordingCallbacks: attr('recordingStatusCallback'), redirects };
}

/** The one place a TwiML document sends Twilio next: its redirect, else its single action. */
function nextPath(twiml: string): string {
  const { actions, redirects } = twimlTargets(twiml);
  const targets = redirects.length > 0 ? redirects : actions;
  expect(targets, `expected one next URL in ${twiml}`).toHaveLength(1);
  return targets[0]!;
}

/** Drives Twilio's side of one inbound call to a team number, as Twilio would. */
export class CallScript {
  readonly callSid = sid('CA');

  constructor(
    private readonly gw: TestGateway,
    readonly teamId: string,
    readonly teamNumber: string,
    readonly customer: string,
  ) {}

  private params(name: string, overrides: Record<string, string> = {}): Record<string, string> {
    const { customer: from, teamNumber: to } = this;
    return fixture(name, { CallSid: this.callSid, From: from, Caller: from, To: to, Called: to, ...overrides });
  }

  /** The incoming-call webhook; answers the TwiML. */
  async incoming(): Promise<string> {
    const res = await this.gw.webhook('/twilio/voice', this.params('voice-incoming'));
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/xml');
    return res.text;
  }

  /** Follows the document's redirect (the caller heard the prompt to the end); answers the next TwiML. */
  async follow(twiml: string): Promise<string> {
    const res = await this.gw.webhook(nextPath(twiml), this.params('voice-incoming', { CallStatus: 'in-progress' }));
    expect(res.status).toBe(200);
    return res.text;
  }

  /** Twilio posts to the document's one `action` (a <Dial> or <Gather> ending) with `fields`; answers the next TwiML. */
  async act(twiml: string, fixtureName: string, fields: Record<string, string>): Promise<string> {
    const { actions } = twimlTargets(twiml);
    expect(actions, `expected one action in ${twiml}`).toHaveLength(1);
    const res = await this.gw.webhook(actions[0]!, this.params(fixtureName, fields));
    expect(res.status).toBe(200);
    return res.text;
  }

  /**
   * The caller records a voicemail of `seconds` on a <Record> document and hangs up: the <Record>
   * action, then the recording status callback, both at the URLs the document gave.
   */
  async recordVoicemail(recordTwiml: string, seconds = 17): Promise<void> {
    const { actions, recordingCallbacks } = twimlTargets(recordTwiml);
    expect(recordTwiml).toContain('<Record');
    expect(actions).toHaveLength(1);
    expect(recordingCallbacks).toHaveLength(1);
    const recordingSid = sid('RE');
    const recordingUrl = `https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/${recordingSid}`;
    const recording = { RecordingSid: recordingSid, RecordingUrl: recordingUrl, RecordingDuration: String(seconds) };
    const done = await this.gw.webhook(actions[0]!, this.params('voice-record-action-hangup', recording));
    expect(done.status).toBe(200);
    expect(done.text).toContain('<Hangup');
    const callback = await this.gw.webhook(recordingCallbacks[0]!, fixture('voice-recording-completed', { CallSid: this.callSid, ...recording }));
    expect(callback.status).toBe(204);
  }

  /** Twilio's final status callback for the caller's call. */
  async hangUp(durationSeconds = 4): Promise<void> {
    const res = await this.gw.webhook('/twilio/voice/status', this.params('voice-status-completed-short', { CallDuration: String(durationSeconds) }));
    expect(res.status).toBe(204);
  }

  /** Waits until the worker has settled the call, and returns it. */
  async settled(): Promise<CallView> {
    return eventually(async () => {
      const qs = new URLSearchParams({ customer: this.customer, limit: '200' });
      const res = await this.gw.api('get', `/api/teams/${this.teamId}/calls?${qs}`);
      const call = (res.body as CallView[]).find((c) => c.callSid === this.callSid);
      return call?.outcome ? call : null;
    });
  }
}

/** A call that hangs up during the greeting (with no agents, the team is open): a missed call once settled. */
export async function missedCall(gw: TestGateway, teamId: string, teamNumber: string, customer: string): Promise<CallView> {
  const call = new CallScript(gw, teamId, teamNumber, customer);
  const twiml = await call.incoming();
  expect(twimlTargets(twiml).redirects).toHaveLength(1);
  await call.hangUp(4);
  return call.settled();
}

/**
 * A caller who hears the greeting, is sent to voicemail (no agents to ring), leaves a message
 * of `seconds` and hangs up. Returns the settled call.
 */
export async function voicemailCall(gw: TestGateway, teamId: string, teamNumber: string, customer: string, seconds = 17): Promise<CallView> {
  const call = new CallScript(gw, teamId, teamNumber, customer);
  const greeting = await call.incoming();
  const prompt = await call.follow(greeting);
  expect(prompt).toContain('<Say');
  const record = await call.follow(prompt);
  await call.recordVoicemail(record, seconds);
  await call.hangUp(seconds + 12);
  return call.settled();
}

let customerSeq = 0;
/** A customer number no other test of this file has used (each file has its own database). */
export function freshCustomer(): string {
  customerSeq += 1;
  return `+1212555${String(2000 + customerSeq)}`;
}

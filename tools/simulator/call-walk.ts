import { SimulatorError, type GatewayClient, type WebhookExchange } from './gateway-client.js';
import type { FinalCallStatus } from './simulate-args.js';
import { twimlVerbs } from './twiml-verbs.js';
import {
  callForm,
  dialNoAnswerFields,
  finalStatusFields,
  gatherResultFields,
  newSid,
  recordHangupFields,
  recordingAbsentForm,
} from './twilio-forms.js';

/** A call, played as Twilio plays it: every request it made, and where the caller left. */
export interface WalkedCall {
  readonly callSid: string;
  readonly steps: readonly WebhookExchange[];
  /** Why the call ended, in words: "hung up at the menu", "the TwiML hung up" … */
  readonly ended: string;
}

// A flow that keeps redirecting is a loop; Twilio itself would give up too.
const MAX_STEPS = 20;
// What one TwiML step takes to hear, for the CallDuration of the final callback.
const SECONDS_PER_STEP = 6;

/**
 * The incoming call, then the TwiML followed as Twilio follows it: <Redirect> at once, a <Gather>
 * with the next of `digits` (none left: the caller hangs up), a <Dial> that nobody answers, a
 * <Record> the caller hangs up on without a word (the action, then the recording callback
 * `absent`). Last, the final status callback with `status`.
 */
export async function walkCall(
  gateway: GatewayClient,
  input: { from: string; to: string; digits: string; status: FinalCallStatus; accountSid: string; publicUrl: string },
): Promise<WalkedCall> {
  const callSid = newSid('CA');
  const form = (callStatus: string) =>
    callForm({ callSid, from: input.from, to: input.to, callStatus, accountSid: input.accountSid });
  const pathOf = (url: string) => gatewayPath(url, input.publicUrl);
  const steps: WebhookExchange[] = [];
  const keys = [...input.digits];
  let ended = 'the TwiML ended';

  let answer = await gateway.postWebhook('/twilio/voice', form('ringing'));
  steps.push(answer);
  walk: while (steps.length < MAX_STEPS) {
    let next: { path: string; fields: Record<string, string> } | null = null;
    for (const verb of twimlVerbs(answer.body)) {
      if (verb.verb === 'Redirect') {
        next = { path: pathOf(verb.url), fields: {} };
      } else if (verb.verb === 'Gather' && verb.action) {
        const key = keys.shift();
        if (key === undefined) {
          ended = 'the caller hung up at the menu (no --digits left)';
          break walk;
        }
        next = { path: pathOf(verb.action), fields: gatherResultFields(key) };
      } else if (verb.verb === 'Dial' && verb.action) {
        next = { path: pathOf(verb.action), fields: dialNoAnswerFields() };
      } else if (verb.verb === 'Record') {
        if (verb.action)
          steps.push(await gateway.postWebhook(pathOf(verb.action), { ...form('completed'), ...recordHangupFields() }));
        if (verb.recordingStatusCallback) {
          steps.push(
            await gateway.postWebhook(
              pathOf(verb.recordingStatusCallback),
              recordingAbsentForm({ callSid, accountSid: input.accountSid }),
            ),
          );
        }
        ended = 'the caller hung up at the beep without leaving a message';
        break walk;
      } else if (verb.verb === 'Hangup' || verb.verb === 'Reject') {
        ended = `the TwiML said <${verb.name}>`;
        break walk;
      }
      if (next) break;
    }
    if (!next) break;
    answer = await gateway.postWebhook(next.path, { ...form('in-progress'), ...next.fields });
    steps.push(answer);
  }
  if (steps.length >= MAX_STEPS) ended = `stopped after ${MAX_STEPS} requests (a loop in the call flow?)`;

  const status = {
    ...form(input.status),
    ...finalStatusFields({ callStatus: input.status, durationSeconds: SECONDS_PER_STEP * steps.length, sequence: 1 }),
  };
  steps.push(await gateway.postWebhook('/twilio/voice/status', status));
  return { callSid, steps, ended };
}

/** The gateway path of a URL its TwiML gave: Twilio posts to it as given, under PUBLIC_URL. */
function gatewayPath(url: string, publicUrl: string): string {
  if (!url.startsWith(`${publicUrl}/`)) {
    throw new SimulatorError(`the TwiML points Twilio at ${url}, which is not under --public-url ${publicUrl}`);
  }
  return url.slice(publicUrl.length);
}

import nock from 'nock';
import { ACCOUNT_SID, TWILIO_API } from './test-gateway.js';
import { sid } from './twilio-signing.js';

export const MESSAGES_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`;

export interface SentRequest {
  readonly To: string;
  readonly From: string;
  readonly Body: string;
  readonly StatusCallback: string;
}

/**
 * A JSON reply with an explicit Content-Length: nock 14 never ends a mocked body without one when
 * the request says `Connection: keep-alive` (nock#3001), and the Twilio SDK always does.
 */
export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): [number, string, Record<string, string>] {
  const text = JSON.stringify(body);
  return [
    status,
    text,
    { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)), ...headers },
  ];
}

/** Twilio's Messages API accepting every send; what was sent is pushed to `sent`. */
export function twilioAcceptsMessages(sent: SentRequest[], times = 100): nock.Scope {
  return nock(TWILIO_API)
    .post(MESSAGES_PATH)
    .times(times)
    .reply((_uri, body) => {
      const form = Object.fromEntries(new URLSearchParams(body as string)) as unknown as SentRequest;
      sent.push(form);
      return json(201, {
        sid: sid('SM'),
        status: 'queued',
        to: form.To,
        from: form.From,
        body: form.Body,
        num_segments: '1',
      });
    });
}

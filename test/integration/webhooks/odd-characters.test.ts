import nock from 'nock';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AUTH_TOKEN,
  PUBLIC_URL,
  TEAM_NUMBER,
  eventually,
  startTestGateway,
  type TestGateway,
} from '../../helpers/test-gateway.js';
import { twilioAcceptsMessages, type SentRequest } from '../../helpers/twilio-api-mock.js';
import { fixture, sid, twilioSignature } from '../../helpers/twilio-signing.js';

/**
 * Signed webhooks whose values PostgreSQL cannot hold as they are (U+0000, surrogates) or that
 * are not well-formed at all (broken percent-encoding, bytes that are not UTF-8). Twilio does not
 * resend an SMS webhook: each must be stored (raw body byte for byte, values made storable, the
 * change recorded) and answered, never a 5xx.
 */
interface Odd {
  readonly name: string;
  /** What the sender put on the wire for the value's odd part. */
  readonly wire: Buffer;
  /** The decoded value the signature is computed over (what Twilio signs). */
  readonly signed: string;
  /** The value as stored and handed to the domain. */
  readonly stored: string;
  readonly issues: readonly string[];
}

const ascii = (s: string) => Buffer.from(s, 'latin1');
const ODD: readonly Odd[] = [
  { name: 'U+0000 (%00)', wire: ascii('%00'), signed: '\u0000', stored: '\uFFFD', issues: ['nul_character'] },
  { name: 'a raw 0x00 byte', wire: Buffer.from([0x00]), signed: '\u0000', stored: '\uFFFD', issues: ['nul_character'] },
  {
    name: 'a lone surrogate in CESU-8 (%ED%A0%80)',
    wire: ascii('%ED%A0%80'),
    signed: '\uFFFD\uFFFD\uFFFD',
    stored: '\uFFFD\uFFFD\uFFFD',
    issues: ['invalid_utf8'],
  },
  // A JS string with a lone surrogate, signed as is and posted with URLSearchParams (which sends U+FFFD).
  { name: "a JS string with '\\uD800'", wire: ascii('%EF%BF%BD'), signed: '\uD800', stored: '\uFFFD', issues: [] },
  {
    name: 'truncated percent-encoding (%E0%A4%A)',
    wire: ascii('%E0%A4%A'),
    signed: '\uFFFD%A',
    stored: '\uFFFD%A',
    issues: ['invalid_percent_encoding', 'invalid_utf8'],
  },
  {
    name: 'percent-encoding that is not hex (%ZZ)',
    wire: ascii('%ZZ'),
    signed: '%ZZ',
    stored: '%ZZ',
    issues: ['invalid_percent_encoding'],
  },
  {
    name: 'percent-encoded bytes that are not UTF-8 (%FF%FE)',
    wire: ascii('%FF%FE'),
    signed: '\uFFFD\uFFFD',
    stored: '\uFFFD\uFFFD',
    issues: ['invalid_utf8'],
  },
  {
    name: 'raw bytes that are not UTF-8 (0xC3 0x28)',
    wire: Buffer.from([0xc3, 0x28]),
    signed: '\uFFFD(',
    stored: '\uFFFD(',
    issues: ['invalid_utf8'],
  },
];

let customerSeq = 300;
const freshCustomer = (): string => `+1212555${String(customerSeq++).padStart(4, '0')}`;

describe('signed webhooks with characters PostgreSQL cannot store, or that are not UTF-8', () => {
  let gw: TestGateway;
  let teamId: string;
  let sent: SentRequest[];
  /** Our id of an outbound message, for status callbacks to apply to. */
  let replyId: string;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    gw = await startTestGateway();
    teamId = await gw.createTeam();
    twilioAcceptsMessages([]);
    const customer = freshCustomer();
    await gw.webhook('/twilio/messages', fixture('sms-inbound', { MessageSid: sid(), From: customer })).expect(200);
    replyId = (
      await eventually(async () =>
        (await gw.stores.messages.list(teamId, { to: customer, direction: 'outbound', limit: 5 })).find(
          (m) => m.providerMessageId,
        ),
      )
    ).id;
    nock.cleanAll();
  });
  afterAll(async () => {
    await gw.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });
  beforeEach(() => {
    sent = [];
    twilioAcceptsMessages(sent);
  });
  afterEach(() => nock.cleanAll());

  /**
   * Posts `params` with `field` last, its value `params[field]` followed by the odd bytes; signed
   * over the decoded values, as Twilio signs. AccountSid is unique per request, to find its event.
   */
  function postOdd(path: string, params: Record<string, string>, field: string, odd: Odd) {
    const marker = `AC${sid('')}`;
    const rest: Record<string, string> = { ...params, AccountSid: marker };
    delete rest[field];
    const base = params[field] ?? '';
    const raw = Buffer.concat([
      ascii(`${new URLSearchParams(rest).toString()}&${field}=${encodeURIComponent(base)}`),
      odd.wire,
    ]);
    const signed = { ...rest, [field]: base + odd.signed };
    return { req: postRaw(path, raw, signed), raw, marker, expected: base + odd.stored };
  }

  // Bytes as they are: superagent would serialize a Buffer as an object of its indexes.
  const postRaw = (path: string, raw: Buffer, signed: Record<string, string>) =>
    request(gw.app)
      .post(path)
      .type('form')
      .set('X-Twilio-Signature', twilioSignature(AUTH_TOKEN, PUBLIC_URL + path, signed))
      .serialize((bytes: unknown) => bytes as string)
      .send(raw as unknown as string);

  const eventOf = (marker: string) =>
    eventually(() => gw.testDb.db('webhook_events').whereRaw("params->>'AccountSid' = ?", [marker]).first());

  async function expectStored(marker: string, raw: Buffer, field: string, odd: Odd, expected: string) {
    const row = await eventOf(marker);
    expect(Buffer.from(row.raw_body).equals(raw)).toBe(true);
    expect(row.params[field]).toBe(expected);
    expect(row.anomalies ?? []).toEqual(odd.issues.map((issue) => ({ field, part: 'value', issue })));
    // eslint-disable-next-line @typescript-eslint/no-unsafe-return -- the raw row, which each caller probes column by column
    return row;
  }

  const MESSAGE_FIELDS = [
    'Body',
    'ProfileName',
    'MessageSid',
    'SmsSid',
    'MediaUrl0',
    'FromCity',
    'WaId',
    'From',
    'To',
  ] as const;
  const QUARANTINED: Readonly<Record<string, string>> = {
    From: 'from_not_a_phone_number',
    To: 'to_not_a_phone_number',
  };
  const messageCases = MESSAGE_FIELDS.flatMap((field) => ODD.map((odd) => [field, odd.name, odd] as const));

  it.each(messageCases)(
    'inbound message, %s holding %s: 200, stored as received, processed or quarantined',
    async (field, _name, odd) => {
      const from = freshCustomer();
      const params = fixture(
        field === 'MediaUrl0'
          ? 'mms-inbound'
          : field === 'ProfileName' || field === 'WaId'
            ? 'whatsapp-inbound'
            : 'sms-inbound',
        {
          MessageSid: sid(),
          From: from,
          To: TEAM_NUMBER,
        },
      );
      if (field === 'ProfileName' || field === 'WaId')
        Object.assign(params, { From: `whatsapp:${from}`, To: `whatsapp:${TEAM_NUMBER}` });
      if (field === 'FromCity') params.FromCity = 'NEW YORK';
      const { req, raw, marker, expected } = postOdd('/twilio/messages', params, field, odd);
      const res = await req;
      expect(res.status).toBe(200);
      expect(res.text).toContain('<Response/>');
      const row = await expectStored(marker, raw, field, odd, expected);

      const reason = QUARANTINED[field];
      if (reason) {
        expect(row.status).toBe('quarantined');
        expect(row.reason).toBe(reason);
        return;
      }
      // Processed downstream: the customer's message is in the log and got its decision.
      const processed = await eventually(() =>
        gw.testDb.db('webhook_events').where({ id: row.id, status: 'processed' }).first(),
      );
      expect(processed.decision.autoReplies).toBeDefined();
      const logged = await eventually(async () =>
        (await gw.stores.messages.list(teamId, { direction: 'inbound', limit: 50 })).find(
          (m) => m.providerMessageId === processed.parsed.providerMessageId,
        ),
      );
      expect(logged.from).toBe(from);
      if (field === 'Body') expect(logged.body).toBe(expected);
      if (field === 'MessageSid') expect(logged.providerMessageId).toBe(expected);
      if (field === 'MediaUrl0') expect(logged.media[0]!.url).toBe(expected);
      if (field === 'ProfileName') expect((await gw.stores.contacts.get(teamId, from))?.profileName).toBe(expected);
    },
  );

  const statusCases = (['MessageStatus', 'ErrorMessage', 'MessageSid', 'From', 'To'] as const).flatMap((field) =>
    ODD.map((odd) => [field, odd.name, odd] as const),
  );

  it.each(statusCases)(
    'message status callback, %s holding %s: 204, stored as received, applied',
    async (field, _name, odd) => {
      const params = fixture('message-status-undelivered-63016', { MessageSid: sid() });
      params.ErrorMessage ??= 'Failed to send';
      const { req, raw, marker, expected } = postOdd(`/twilio/messages/status?mid=${replyId}`, params, field, odd);
      expect((await req).status).toBe(204);
      const row = await expectStored(marker, raw, field, odd, expected);
      const processed = await eventually(() =>
        gw.testDb.db('webhook_events').where({ id: row.id, status: 'processed' }).first(),
      );
      expect(processed.decision.messageId).toBe(replyId);
    },
  );

  it('message status callback with U+0000 in a signed URL parameter: 204, stored with the value replaced', async () => {
    const path = '/twilio/messages/status?mid=ab%00cd';
    const params = fixture('message-status-delivered', { MessageSid: sid(), AccountSid: `AC${sid('')}` });
    const res = await gw.webhook(path, params);
    expect(res.status).toBe(204);
    const row = await eventOf(params.AccountSid!);
    expect(row.parsed.messageId).toBe('ab\uFFFDcd');
    expect(row.anomalies).toEqual([{ field: 'mid', part: 'query', issue: 'nul_character' }]);
    // The worker looks the (replaced) id up without a database error: no such message yet.
    const tried = await eventually(() =>
      gw.testDb.db('webhook_events').where({ id: row.id }).whereNotNull('last_error').first(),
    );
    expect(tried.last_error).toMatch(/^no message /);
  });

  const voiceCases = (['CallSid', 'From', 'To', 'CallerCity', 'CallToken'] as const).flatMap((field) =>
    ODD.map((odd) => [field, odd.name, odd] as const),
  );

  it.each(voiceCases)('incoming call, %s holding %s: 200 TwiML, stored as received', async (field, _name, odd) => {
    const params = fixture('voice-incoming', { CallSid: sid('CA'), From: freshCustomer(), To: TEAM_NUMBER });
    const { req, raw, marker, expected } = postOdd('/twilio/voice', params, field, odd);
    const res = await req;
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/xml');
    const row = await expectStored(marker, raw, field, odd, expected);
    if (field === 'From' || field === 'To') {
      expect(row.status).toBe('quarantined');
      expect(row.reason).toBe(field === 'From' ? 'from_not_a_phone_number' : 'to_not_a_phone_number');
    } else {
      expect(row.status).toBe('processed');
      expect(res.text).toContain('<Say');
      const call = await gw.testDb.db('calls').where({ id: row.decision.callId }).first();
      expect(call.call_sid).toBe(field === 'CallSid' ? expected : params.CallSid);
    }
  });

  const callbackCases = (
    [
      ['/twilio/voice/status', 'voice-status-completed-short', 'CallStatus'],
      ['/twilio/voice/status', 'voice-status-completed-short', 'From'],
      ['/twilio/voice/recording?call=unknown-call', 'voice-recording-completed', 'RecordingUrl'],
      ['/twilio/voice/recording?call=unknown-call', 'voice-recording-completed', 'CallSid'],
    ] as const
  ).flatMap(([path, name, field]) => ODD.map((odd) => [`${path} ${field}`, odd.name, odd, path, name, field] as const));

  it.each(callbackCases)(
    'call callback %s holding %s: 204, stored as received',
    async (_title, _name, odd, path, name, field) => {
      const params = fixture(name, { CallSid: sid('CA') });
      const { req, raw, marker, expected } = postOdd(path, params, field, odd);
      expect((await req).status).toBe(204);
      const row = await expectStored(marker, raw, field, odd, expected);
      await eventually(() =>
        gw.testDb.db('webhook_events').where({ id: row.id }).whereIn('status', ['processed', 'quarantined']).first(),
      );
    },
  );

  it.each([
    ['a call step', '/twilio/voice/menu?call=ab%00cd&s=1', 'voice-gather-digits', 200],
    ['a recording callback', '/twilio/voice/recording?call=ab%00cd', 'voice-recording-completed', 204],
  ] as const)('%s with U+0000 in the signed call id: answered, not a 5xx', async (_name, path, name, status) => {
    const params = fixture(name, { CallSid: sid('CA'), AccountSid: `AC${sid('')}` });
    const res = await gw.webhook(path, params);
    expect(res.status).toBe(status);
    const row = await eventOf(params.AccountSid!);
    expect(row.anomalies).toEqual([{ field: 'call', part: 'query', issue: 'nul_character' }]);
  });

  it.each(ODD.map((odd) => [odd.name, odd] as const))(
    'a tampered twin of a body holding %s is refused with 403',
    async (_name, odd) => {
      const params = fixture('sms-inbound', { MessageSid: sid(), From: freshCustomer() });
      const { raw, marker } = postOdd('/twilio/messages', params, 'Body', odd);
      const post = (body: string) => postRaw('/twilio/messages', raw, { ...params, AccountSid: marker, Body: body });
      await post(params.Body + odd.signed + 'x').expect(403);
      // Signed over the value as stored: only what Twilio signed (the value before replacement) verifies.
      if (odd.stored !== odd.signed && odd.signed !== '\uD800') await post(params.Body + odd.stored).expect(403);
      expect(
        await gw.testDb.db('webhook_events').whereRaw("params->>'AccountSid' = ?", [marker]).first(),
      ).toBeUndefined();
    },
  );
});

import { createServer, type Server } from 'node:net';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChannelError, type OutboundMessage } from '../../../../channels/contract.js';
import { TwilioMessagingAdapter } from '../../../../channels/twilio/twilio-messaging.adapter.js';
import { readTwilioFixture } from './twilio-fixtures.js';

const ACCOUNT_SID = 'ACdeadbeefdeadbeefdeadbeefdeadbeef';
const AUTH_TOKEN = 'f00dfacef00dfacef00dfacef00dface';
// Not api.twilio.com: every request reaching the stub proves the base-URL override.
const API_BASE_URL = 'http://twilio.test';
const MESSAGES_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`;

const created = readTwilioFixture<Record<string, unknown>>('rest-messages-create-201.json');
const unsubscribed = readTwilioFixture<Record<string, unknown>>('rest-error-21610.json');
const tooManyRequests = readTwilioFixture<Record<string, unknown>>('rest-error-20429.json');

const smsMessage: OutboundMessage = {
  id: '01JDX0000000000000000000AA',
  channel: 'sms',
  from: '+15005550006',
  to: '+12125550123',
  body: 'Your order #1042 has shipped.',
  statusCallbackUrl: 'https://gateway.example.com/twilio/messages/status?msg=01JDX0000000000000000000AA',
};

function adapter(options: { apiBaseUrl?: string; timeoutMs?: number } = {}): TwilioMessagingAdapter {
  return new TwilioMessagingAdapter({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    apiBaseUrl: API_BASE_URL,
    timeoutMs: 2_000, // a stub that never answers fails the test fast
    ...options,
  });
}

/**
 * Replies with an explicit Content-Length: nock 14 never ends a mocked body without one when the
 * request says `Connection: keep-alive` (nock#3001), and the SDK's RequestClient always does.
 */
function respond(
  interceptor: nock.Interceptor,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): nock.Scope {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const contentType = typeof body === 'string' ? 'text/plain' : 'application/json';
  return interceptor.reply(status, text, {
    'Content-Type': contentType,
    'Content-Length': String(Buffer.byteLength(text)),
    ...headers,
  });
}

async function channelErrorOf(call: Promise<unknown>): Promise<ChannelError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ChannelError);
  return error as ChannelError;
}

beforeEach(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});

afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  nock.enableNetConnect();
  expect(pending).toEqual([]);
});

describe('TwilioMessagingAdapter.send', () => {
  it('posts the message to the overridden base URL with the SDK auth and returns the sid', async () => {
    let form: Record<string, unknown> = {};
    const interceptor = nock(API_BASE_URL)
      .post(MESSAGES_PATH, (body: Record<string, unknown>) => ((form = body), true))
      .basicAuth({ user: ACCOUNT_SID, pass: AUTH_TOKEN })
      .matchHeader('user-agent', /^twilio-node\//);
    respond(interceptor, 201, created);

    await expect(adapter().send(smsMessage)).resolves.toEqual({
      providerMessageId: 'SM40000000000000000000000000000001',
      status: 'queued', // Twilio's "accepted"
    });
    expect(form).toEqual({
      From: '+15005550006',
      To: '+12125550123',
      Body: 'Your order #1042 has shipped.',
      StatusCallback: smsMessage.statusCallbackUrl,
    });
  });

  it('keeps a path prefix on the base URL', async () => {
    respond(nock(API_BASE_URL).post(`/proxy${MESSAGES_PATH}`), 201, created);
    const result = await adapter({ apiBaseUrl: `${API_BASE_URL}/proxy/` }).send(smsMessage);
    expect(result.providerMessageId).toBe('SM40000000000000000000000000000001');
  });

  it('prefixes WhatsApp addresses on the wire', async () => {
    let form: Record<string, unknown> = {};
    respond(
      nock(API_BASE_URL).post(MESSAGES_PATH, (body: Record<string, unknown>) => ((form = body), true)),
      201,
      { ...created, status: 'queued' },
    );

    const result = await adapter().send({ ...smsMessage, channel: 'whatsapp' });
    expect(result.status).toBe('queued');
    expect(form).toMatchObject({
      From: 'whatsapp:+15005550006',
      To: 'whatsapp:+12125550123',
      StatusCallback: smsMessage.statusCallbackUrl,
    });
  });

  /** Twilio accepts one send; answers the form it was posted. */
  function acceptOne(): () => Record<string, unknown> {
    let form: Record<string, unknown> = {};
    respond(
      nock(API_BASE_URL).post(MESSAGES_PATH, (body: Record<string, unknown>) => ((form = body), true)),
      201,
      created,
    );
    return () => form;
  }

  it('sends every media URL', async () => {
    const posted = acceptOne();
    await adapter().send({
      ...smsMessage,
      mediaUrls: ['https://cdn.example.com/a.jpg', 'https://cdn.example.com/b.pdf'],
    });
    expect(posted().MediaUrl).toEqual(['https://cdn.example.com/a.jpg', 'https://cdn.example.com/b.pdf']);
  });

  it('sends a WhatsApp template as ContentSid and ContentVariables (JSON), with no Body', async () => {
    const posted = acceptOne();
    await adapter().send({
      ...smsMessage,
      channel: 'whatsapp',
      content: { sid: 'HX0123456789abcdef0123456789abcdef', variables: { '1': 'Anna', '2': 'https://r.example/1' } },
    });
    expect(posted()).toEqual({
      From: 'whatsapp:+15005550006',
      To: 'whatsapp:+12125550123',
      ContentSid: 'HX0123456789abcdef0123456789abcdef',
      ContentVariables: '{"1":"Anna","2":"https://r.example/1"}',
      StatusCallback: smsMessage.statusCallbackUrl,
    });
  });

  it('treats 21610 (recipient replied STOP) as permanent', async () => {
    respond(nock(API_BASE_URL).post(MESSAGES_PATH), 400, unsubscribed);
    const error = await channelErrorOf(adapter().send(smsMessage));
    expect(error).toMatchObject({ code: '21610', retryable: false, retryAfterMs: null, ambiguous: false });
    expect(error.message).toContain('unsubscribed');
  });

  it.each([
    [400, 21211],
    [400, 21614],
    [400, 63016],
    [400, 21408],
    [400, 21612],
    [404, 20404],
    [401, 20003],
    [503, 21610], // a permanent code stays permanent whatever the status
  ])('treats HTTP %i with code %i as permanent', async (status, code) => {
    respond(nock(API_BASE_URL).post(MESSAGES_PATH), status, { code, message: 'no', status });
    const error = await channelErrorOf(adapter().send(smsMessage));
    expect(error).toMatchObject({ code: String(code), retryable: false, retryAfterMs: null });
  });

  it('retries 429 after the Retry-After seconds', async () => {
    respond(nock(API_BASE_URL).post(MESSAGES_PATH), 429, tooManyRequests, { 'Retry-After': '3' });
    const error = await channelErrorOf(adapter().send(smsMessage));
    expect(error).toMatchObject({ code: '20429', retryable: true, retryAfterMs: 3000, ambiguous: false });
  });

  it('retries 503 without a Retry-After', async () => {
    respond(nock(API_BASE_URL).post(MESSAGES_PATH), 503, 'Service Unavailable');
    const error = await channelErrorOf(adapter().send(smsMessage));
    expect(error).toMatchObject({ code: 'http_503', retryable: true, retryAfterMs: null, ambiguous: false });
  });

  it('reads a Retry-After given as an HTTP date', async () => {
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    respond(
      nock(API_BASE_URL).post(MESSAGES_PATH),
      500,
      { code: 20500, message: 'Internal' },
      { 'Retry-After': inTenSeconds },
    );
    const error = await channelErrorOf(adapter().send(smsMessage));
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBeGreaterThan(8_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(10_000);
  });

  it('keeps the Retry-After of concurrent calls apart', async () => {
    const isBody = (text: string) => (body: Record<string, unknown>) => body.Body === text;
    respond(nock(API_BASE_URL).post(MESSAGES_PATH, isBody('slow')).delay(50), 429, tooManyRequests, {
      'Retry-After': '7',
    });
    respond(nock(API_BASE_URL).post(MESSAGES_PATH, isBody('fast')), 429, tooManyRequests, { 'Retry-After': '2' });

    const shared = adapter();
    const [slow, fast] = await Promise.all([
      channelErrorOf(shared.send({ ...smsMessage, body: 'slow' })),
      channelErrorOf(shared.send({ ...smsMessage, body: 'fast' })),
    ]);
    expect(slow.retryAfterMs).toBe(7000);
    expect(fast.retryAfterMs).toBe(2000);
  });

  it('retries a refused connection as not ambiguous: the request never left', async () => {
    const error = await channelErrorOf(adapter({ apiBaseUrl: 'http://127.0.0.1:1' }).send(smsMessage));
    expect(error).toMatchObject({ code: 'ECONNREFUSED', retryable: true, ambiguous: false });
  });

  it('retries a timeout as ambiguous: Twilio may have accepted the message', async () => {
    respond(nock(API_BASE_URL).post(MESSAGES_PATH).delay(500), 201, created);
    const error = await channelErrorOf(adapter({ timeoutMs: 50 }).send(smsMessage));
    expect(error).toMatchObject({ code: 'ECONNABORTED', retryable: true, ambiguous: true });
  });

  describe('against a server that drops the connection after reading the request', () => {
    let server: Server;
    let port = 0;

    beforeEach(async () => {
      server = createServer((socket) => socket.once('data', () => socket.destroy()));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
    });

    afterEach(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it('retries the socket hang up as ambiguous', async () => {
      const error = await channelErrorOf(adapter({ apiBaseUrl: `http://127.0.0.1:${port}` }).send(smsMessage));
      expect(error).toMatchObject({ code: 'ECONNRESET', retryable: true, ambiguous: true });
    });
  });
});

describe('TwilioMessagingAdapter.findSent', () => {
  const since = new Date('2026-11-21T14:30:00Z');
  const query = {
    channel: 'whatsapp' as const,
    from: smsMessage.from,
    to: smsMessage.to,
    body: smsMessage.body,
    since,
  };

  function page(messages: Array<Record<string, unknown>>) {
    return { messages, next_page_uri: null, page: 0, page_size: 20, uri: MESSAGES_PATH };
  }

  it('finds the outbound message with the same body, filtering by prefixed addresses and date', async () => {
    let search: Record<string, unknown> = {};
    respond(
      nock(API_BASE_URL)
        .get(MESSAGES_PATH)
        .query((q) => ((search = q), true)),
      200,
      page([
        { ...created, sid: 'SMinbound', direction: 'inbound', status: 'received' },
        { ...created, sid: 'SMother', body: 'Something else', status: 'delivered' },
        { ...created, sid: 'SMmatch', status: 'sent' },
      ]),
    );

    await expect(adapter().findSent(query)).resolves.toEqual({ providerMessageId: 'SMmatch', status: 'sent' });
    expect(search).toMatchObject({
      From: 'whatsapp:+15005550006',
      To: 'whatsapp:+12125550123',
      'DateSent>': '2026-11-21T14:30:00Z',
      PageSize: '20',
    });
  });

  it('returns null when no outbound message has that body', async () => {
    respond(nock(API_BASE_URL).get(MESSAGES_PATH).query(true), 200, page([{ ...created, body: 'Different text' }]));
    await expect(adapter().findSent(query)).resolves.toBeNull();
  });

  it('ignores an inbound message with the same body', async () => {
    respond(nock(API_BASE_URL).get(MESSAGES_PATH).query(true), 200, page([{ ...created, direction: 'inbound' }]));
    await expect(adapter().findSent(query)).resolves.toBeNull();
  });

  it('throws a retryable ChannelError when the lookup itself fails', async () => {
    respond(nock(API_BASE_URL).get(MESSAGES_PATH).query(true), 503, 'down', { 'Retry-After': '1' });
    const error = await channelErrorOf(adapter().findSent(query));
    expect(error).toMatchObject({ retryable: true, retryAfterMs: 1000 });
  });
});

import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TwilioMessagingAdapter } from '../../../channels/twilio/twilio-messaging.adapter.js';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  TWILIO_API,
  eventually,
  startTestGateway,
  type TestGateway,
} from '../../helpers/test-gateway.js';
import { MESSAGES_PATH, json } from '../../helpers/twilio-api-mock.js';
import { fixture, sid } from '../../helpers/twilio-signing.js';

describe('outbound delivery through the Twilio REST API', () => {
  let gw: TestGateway;
  let teamId: string;
  let managerToken: string;
  let customer = 0;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    const adapter = new TwilioMessagingAdapter({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      apiBaseUrl: TWILIO_API,
      timeoutMs: 400,
    });
    gw = await startTestGateway({ adapter, maxAttempts: 3 });
    teamId = await gw.createTeam();
    managerToken = (await gw.api('post', `/api/teams/${teamId}/tokens`).send({ role: 'manager' }).expect(201)).body
      .token;
  });
  afterAll(async () => {
    await gw.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });
  beforeEach(() => {
    customer += 1;
  });
  afterEach(() => nock.cleanAll());

  const to = () => `+121255502${String(customer).padStart(2, '0')}`;
  const send = async () =>
    (
      await gw
        .api('post', `/api/teams/${teamId}/messages`, managerToken)
        .send({ to: to(), channel: 'sms', body: `hello ${customer}` })
        .expect(202)
    ).body.id as string;
  const message = (id: string) => gw.stores.messages.get(id);

  it('retries a 429 after its Retry-After and sends once it is accepted', async () => {
    const posts: number[] = [];
    nock(TWILIO_API)
      .post(MESSAGES_PATH)
      .reply(
        () => (
          posts.push(Date.now()),
          json(429, { code: 20429, message: 'Too Many Requests' }, { 'Retry-After': '1' })
        ),
      );
    nock(TWILIO_API)
      .post(MESSAGES_PATH)
      .reply(() => (posts.push(Date.now()), json(201, { sid: sid(), status: 'queued' })));
    const id = await send();
    const sent = await eventually(async () => ((await message(id))?.providerMessageId ? message(id) : null), 15_000);
    expect(sent?.attempts).toBe(2);
    expect(posts).toHaveLength(2);
    expect(posts[1]! - posts[0]!).toBeGreaterThanOrEqual(950);
  });

  it('records a permanent error (21610, the customer unsubscribed) and does not retry', async () => {
    const scope = nock(TWILIO_API)
      .post(MESSAGES_PATH)
      .times(3)
      .reply(() => json(400, { code: 21610, message: 'Attempt to send to unsubscribed recipient', status: 400 }));
    const id = await send();
    const failed = await eventually(async () => ((await message(id))?.status === 'failed' ? message(id) : null));
    expect(failed?.errorCode).toBe('21610');
    expect(failed?.attempts).toBe(1);
    expect(scope.pendingMocks()).toHaveLength(1); // two of the three replies were never asked for
  });

  it('gives up after the last try on repeated 5xx and says so', async () => {
    let calls = 0;
    nock(TWILIO_API)
      .post(MESSAGES_PATH)
      .times(5)
      .reply(() => (calls++, json(503, { code: 20503, message: 'Service Unavailable' })));
    const id = await send();
    const failed = await eventually(
      async () => ((await message(id))?.status === 'failed' ? message(id) : null),
      20_000,
    );
    expect(failed?.errorCode).toBe('20503');
    expect(calls).toBe(3);
  }, 30_000);

  it('after a timeout, finds the message Twilio did accept instead of sending it again', async () => {
    const acceptedSid = sid();
    let posts = 0;
    nock(TWILIO_API)
      .post(MESSAGES_PATH)
      .delay(1_000)
      .reply(() => (posts++, json(201, { sid: acceptedSid, status: 'queued' })));
    nock(TWILIO_API)
      .get(MESSAGES_PATH)
      .query(true)
      .reply(() =>
        json(200, {
          messages: [
            {
              sid: acceptedSid,
              status: 'sent',
              body: `hello ${customer}`,
              direction: 'outbound-api',
              to: to(),
              from: '+15005550006',
            },
          ],
          meta: {},
        }),
      );
    const id = await send();
    const adopted = await eventually(async () => ((await message(id))?.providerMessageId ? message(id) : null), 15_000);
    expect(adopted?.providerMessageId).toBe(acceptedSid);
    expect(adopted?.status).toBe('sent');
    expect(posts).toBeLessThanOrEqual(1);
  });

  it('moves status forward only, whatever order the callbacks arrive in', async () => {
    const providerSid = sid();
    nock(TWILIO_API)
      .post(MESSAGES_PATH)
      .reply(() => json(201, { sid: providerSid, status: 'queued' }));
    const id = await send();
    await eventually(async () => (await message(id))?.providerMessageId === providerSid);
    const path = `/twilio/messages/status?mid=${id}`;
    const callback = (status: string, extra: Record<string, string> = {}) =>
      gw.webhook(
        path,
        fixture('message-status-delivered', { MessageSid: providerSid, MessageStatus: status, ...extra }),
      );

    await callback('delivered').expect(204);
    await eventually(async () => (await message(id))?.status === 'delivered');
    await callback('sent').expect(204);
    await callback('sent').expect(204); // a duplicate: no new work
    await callback('read').expect(204);
    await eventually(async () => (await message(id))?.status === 'read');
    await new Promise((r) => setTimeout(r, 200));
    expect((await message(id))?.status).toBe('read');
    const events = await gw.testDb
      .db('webhook_events')
      .where({ type: 'message.status' })
      .whereRaw("params->>'MessageSid' = ?", [providerSid]);
    expect(events).toHaveLength(3);
  });

  it('records the error of an undelivered WhatsApp message (63016, outside the 24-hour window)', async () => {
    const providerSid = sid();
    nock(TWILIO_API)
      .post(MESSAGES_PATH)
      .reply(() => json(201, { sid: providerSid, status: 'queued' }));
    const id = await send();
    await eventually(async () => (await message(id))?.providerMessageId === providerSid);
    await gw
      .webhook(
        `/twilio/messages/status?mid=${id}`,
        fixture('message-status-undelivered-63016', { MessageSid: providerSid }),
      )
      .expect(204);
    const undelivered = await eventually(async () =>
      (await message(id))?.status === 'undelivered' ? message(id) : null,
    );
    expect(undelivered?.errorCode).toBe('63016');
  });

  it('rejects a status callback whose signature does not match (a tampered twin)', async () => {
    const params = fixture('message-status-delivered', { MessageSid: sid() });
    await gw.webhook('/twilio/messages/status', params).send('&MessageStatus=failed').expect(403);
    // The signature covers the query string too.
    const signedFor = gw.webhook('/twilio/messages/status?mid=a', params);
    await signedFor.expect(204);
    const moved = await gw.webhook('/twilio/messages/status?mid=a', params).set('X-Twilio-Signature', 'bm9wZQ==');
    expect(moved.status).toBe(403);
  });
});

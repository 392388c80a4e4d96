import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AUTH_TOKEN,
  CUSTOMER,
  PUBLIC_URL,
  TEAM_NUMBER,
  eventually,
  startTestGateway,
  type TestGateway,
} from '../../helpers/test-gateway.js';
import { twilioAcceptsMessages, type SentRequest } from '../../helpers/twilio-api-mock.js';
import { fixture, sid, twilioSignature } from '../../helpers/twilio-signing.js';
import request from 'supertest';

describe('inbound SMS and WhatsApp webhooks', () => {
  let gw: TestGateway;
  let teamId: string;
  let sent: SentRequest[];

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });
  beforeEach(async () => {
    sent = [];
    twilioAcceptsMessages(sent);
    await gw.testDb.db('team_numbers').delete();
    teamId = await gw.createTeam();
  });
  afterEach(() => nock.cleanAll());

  const replies = async (to: string) => {
    const list = await gw.stores.messages.list(teamId, { to, direction: 'outbound', limit: 50 });
    return list;
  };

  it('answers an after-hours SMS with the team reply, sent through the Twilio REST API', async () => {
    const res = await gw.webhook('/twilio/messages', fixture('sms-inbound', { MessageSid: sid() })).expect(200);
    expect(res.type).toBe('text/xml');
    expect(res.text).toContain('<Response/>');

    const reply = await eventually(async () =>
      (await replies(CUSTOMER)).find((m) => m.status === 'queued' && m.providerMessageId),
    );
    expect(reply.kind).toBe('after_hours_text');
    expect(reply.from).toBe(TEAM_NUMBER);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ To: CUSTOMER, From: TEAM_NUMBER });
    expect(sent[0]!.Body).toContain('Acme: Thanks for your message!');
    expect(sent[0]!.StatusCallback).toBe(`https://gateway.test/twilio/messages/status?mid=${reply.id}`);
  });

  it('commits the event before it answers', async () => {
    const messageSid = sid();
    await gw.webhook('/twilio/messages', fixture('sms-inbound', { MessageSid: messageSid })).expect(200);
    const row = await gw.testDb
      .db('webhook_events')
      .where({ dedupe_key: `twilio:message:${messageSid}` })
      .first();
    expect(row).toBeDefined();
    expect(row.team_id).toBe(teamId);
  });

  it('rejects a tampered twin with 403 and stores nothing', async () => {
    const params = fixture('sms-inbound', { MessageSid: sid() });
    const before = await gw.testDb.db('webhook_events').count('id as n').first();
    // The signature of the original, over one changed value; and over one value added twice.
    await gw.webhook('/twilio/messages', params).send('&Body=changed').expect(403);
    const signature = twilioSignature(AUTH_TOKEN, `${PUBLIC_URL}/twilio/messages`, params);
    await request(gw.app)
      .post('/twilio/messages')
      .type('form')
      .set('X-Twilio-Signature', signature)
      .send(new URLSearchParams({ ...params, Body: 'changed' }).toString())
      .expect(403);
    await gw.webhook('/twilio/messages', params).unset('X-Twilio-Signature').expect(403);
    const after = await gw.testDb.db('webhook_events').count('id as n').first();
    expect(Number(after?.n)).toBe(Number(before?.n));
  });

  it('answers 413 to a body over 64 KiB', async () => {
    const params = fixture('sms-inbound', { MessageSid: sid(), Body: 'x'.repeat(70 * 1024) });
    const res = await gw.webhook('/twilio/messages', params);
    expect(res.status).toBe(413);
  });

  it.each([
    ['an unknown team number', { To: '+15005550009' }, 'unknown_team_number'],
    ['a From that is not a phone number', { From: 'anonymous' }, 'from_not_a_phone_number'],
    ['no From', { From: '' }, 'missing_from'],
  ])('quarantines %s with its reason and answers empty TwiML', async (_name, overrides, reason) => {
    const messageSid = sid();
    const res = await gw
      .webhook('/twilio/messages', fixture('sms-inbound', { MessageSid: messageSid, ...overrides }))
      .expect(200);
    expect(res.text).toContain('<Response/>');
    const row = await eventually(() =>
      gw.testDb.db('webhook_events').whereRaw("params->>'MessageSid' = ?", [messageSid]).first(),
    );
    expect(row.status).toBe('quarantined');
    expect(row.reason).toBe(reason);
  });

  it('does the work once for repeated and concurrent deliveries of one MessageSid', async () => {
    const params = fixture('sms-inbound', { MessageSid: sid(), From: '+12125550150' });
    const results = await Promise.all(Array.from({ length: 8 }, () => gw.webhook('/twilio/messages', params)));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    await gw.webhook('/twilio/messages', params).expect(200);
    await eventually(async () => (await replies('+12125550150')).some((m) => m.providerMessageId));
    await new Promise((r) => setTimeout(r, 300));
    const events = await gw.testDb.db('webhook_events').whereRaw("params->>'MessageSid' = ?", [params.MessageSid!]);
    expect(events).toHaveLength(1);
    expect(await replies('+12125550150')).toHaveLength(1);
    expect(sent.filter((s) => s.To === '+12125550150')).toHaveLength(1);
  });

  it('treats a repeated I-Twilio-Idempotency-Token as the same delivery', async () => {
    const headers = { 'I-Twilio-Idempotency-Token': `tok-${sid()}` };
    await gw
      .webhook('/twilio/messages', fixture('sms-inbound', { MessageSid: sid(), From: '+12125550151' }), headers)
      .expect(200);
    await gw
      .webhook('/twilio/messages', fixture('sms-inbound', { MessageSid: sid(), From: '+12125550151' }), headers)
      .expect(200);
    const events = await gw.testDb.db('webhook_events').whereRaw("params->>'From' = ?", ['+12125550151']);
    expect(events).toHaveLength(1);
  });

  it('replies to WhatsApp on WhatsApp, from the number texted', async () => {
    await gw.webhook('/twilio/messages', fixture('whatsapp-inbound', { MessageSid: sid() })).expect(200);
    const reply = await eventually(async () => sent.find((s) => s.To.startsWith('whatsapp:')));
    expect(reply.To).toBe('whatsapp:+12125550123');
    expect(reply.From).toBe('whatsapp:+15005550006');
    const contact = await gw.stores.contacts.get(teamId, CUSTOMER);
    expect(contact?.profileName).toBeTruthy();
  });

  it('logs MMS media with the inbound message', async () => {
    await gw.webhook('/twilio/messages', fixture('mms-inbound', { MessageSid: sid('MM') })).expect(200);
    const inbound = await eventually(
      async () => (await gw.stores.messages.list(teamId, { direction: 'inbound', limit: 5 }))[0],
    );
    expect(inbound.media).toHaveLength(2);
    expect(inbound.media[0]!.contentType).toMatch(/^image\//);
  });

  it('never replies to STOP, stays silent until START, then replies again', async () => {
    const from = '+12125550160';
    await gw.webhook('/twilio/messages', fixture('sms-inbound-stop', { MessageSid: sid(), From: from })).expect(200);
    const stopEvent = await eventually(() =>
      gw.testDb.db('webhook_events').whereRaw("params->>'From' = ?", [from]).where({ status: 'processed' }).first(),
    );
    expect(stopEvent.decision.autoReplies[0].reason).toBe('opted_out');
    expect((await gw.stores.contacts.get(teamId, from))?.optedOut).toBe(true);

    await gw.webhook('/twilio/messages', fixture('sms-inbound', { MessageSid: sid(), From: from })).expect(200);
    await eventually(
      async () =>
        (await gw.testDb.db('webhook_events').whereRaw("params->>'From' = ?", [from]).where({ status: 'processed' }))
          .length === 2,
    );
    expect(await replies(from)).toHaveLength(0);

    await gw
      .webhook('/twilio/messages', fixture('sms-inbound', { MessageSid: sid(), From: from, Body: 'START' }))
      .expect(200);
    await eventually(async () => (await gw.stores.contacts.get(teamId, from))?.optedOut === false);
    await gw.webhook('/twilio/messages', fixture('sms-inbound', { MessageSid: sid(), From: from })).expect(200);
    await eventually(async () => (await replies(from)).length === 1);
    expect(sent.filter((s) => s.To === from)).toHaveLength(1);
  });

  it('does not answer HELP', async () => {
    const from = '+12125550161';
    await gw
      .webhook('/twilio/messages', fixture('sms-inbound', { MessageSid: sid(), From: from, Body: 'help' }))
      .expect(200);
    const event = await eventually(() =>
      gw.testDb.db('webhook_events').whereRaw("params->>'From' = ?", [from]).where({ status: 'processed' }).first(),
    );
    expect(event.decision.autoReplies[0]).toMatchObject({ action: 'skip', reason: 'keyword_message' });
  });

  it('replies at most once per customer in the window, and again after it', async () => {
    const from = '+12125550162';
    const processed = async (n: number) =>
      eventually(
        async () =>
          (
            await gw.testDb
              .db('webhook_events')
              .whereRaw("params->>'From' = ?", [from])
              .where({ status: 'processed' })
              .orderBy('received_at')
          ).length === n,
      );
    await gw.webhook('/twilio/messages', fixture('sms-inbound', { MessageSid: sid(), From: from })).expect(200);
    await processed(1);
    await gw.webhook('/twilio/messages', fixture('sms-inbound', { MessageSid: sid(), From: from })).expect(200);
    await processed(2);
    const second = await gw.testDb
      .db('webhook_events')
      .whereRaw("params->>'From' = ?", [from])
      .orderBy('received_at', 'desc')
      .first();
    expect(second.decision.autoReplies[0].reason).toBe('already_sent_in_window');

    gw.clock.advance(13 * 3_600_000);
    await gw.webhook('/twilio/messages', fixture('sms-inbound', { MessageSid: sid(), From: from })).expect(200);
    await processed(3);
    expect(await replies(from)).toHaveLength(2);
  });

  it('stays silent during open hours and when the reply is switched off, saying why', async () => {
    const from = '+12125550163';
    await gw.testDb.db('team_numbers').delete();
    const openTeam = await gw.createTeam({ open: true });
    await gw.webhook('/twilio/messages', fixture('sms-inbound', { MessageSid: sid(), From: from })).expect(200);
    const openEvent = await eventually(() =>
      gw.testDb.db('webhook_events').where({ team_id: openTeam, status: 'processed' }).first(),
    );
    expect(openEvent.decision.autoReplies[0].reason).toBe('open_hours');

    await gw
      .api('put', `/api/teams/${openTeam}/schedule`)
      .send({ timezone: 'UTC', weekly: {}, exceptions: [] })
      .expect(200);
    await gw.api('put', `/api/teams/${openTeam}/auto-replies/after_hours_text`).send({ enabled: false }).expect(200);
    await gw.webhook('/twilio/messages', fixture('sms-inbound', { MessageSid: sid(), From: from })).expect(200);
    await eventually(
      async () => (await gw.testDb.db('webhook_events').where({ team_id: openTeam, status: 'processed' })).length === 2,
    );
    const disabled = await gw.testDb
      .db('webhook_events')
      .where({ team_id: openTeam })
      .orderBy('received_at', 'desc')
      .first();
    expect(disabled.decision.autoReplies[0].reason).toBe('disabled');
    expect(sent.filter((s) => s.To === from)).toHaveLength(0);
  });
});

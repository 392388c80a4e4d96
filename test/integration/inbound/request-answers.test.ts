import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshCustomer } from '../../helpers/customers.js';
import { TEAM_NUMBER, eventually, startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { fixture, sid } from '../../helpers/twilio-signing.js';

interface RequestView {
  id: string;
  kind: string;
  customer: string;
  channel: string;
  messageId: string | null;
  status: string;
  answer: {
    value: string | number;
    text: string;
    at: string;
    media?: Array<{ url: string; contentType: string }>;
  } | null;
}

interface Decision {
  keyword: string | null;
  autoReplies: Array<{ kind: string; action: string; reason: string; messageId: string | null }>;
  understood?: { requestId: string; kind: string; value: string | number };
}

describe('replies that answer a request (signed webhooks end to end)', () => {
  let gw: TestGateway;
  let teamId: string;

  beforeAll(async () => {
    gw = await startTestGateway({ outbound: 'sandbox' });
    teamId = await gw.createTeam(); // always closed: every other message gets after_hours_text
  });
  afterAll(async () => {
    await gw.close();
  });

  async function ask(
    kind: string,
    to: string,
    channel: 'sms' | 'whatsapp' = 'sms',
    variables: Record<string, string> = {},
  ): Promise<{ id: string; status: string }> {
    // A WhatsApp question goes inside the customer's 24-hour window: they wrote on WhatsApp just now.
    if (channel === 'whatsapp')
      await gw.stores.contacts.recordInbound(teamId, to, { channel, profileName: null, at: gw.clock() });
    const res = await gw.api('post', `/api/teams/${teamId}/messages`).send({ to, channel, kind, variables });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body.request).toEqual({ id: expect.any(String), status: 'pending' });
    return res.body.request as { id: string; status: string };
  }

  /** Posts a signed inbound webhook and waits for its event to be processed; returns the decision. */
  async function inbound(name: string, overrides: Record<string, string>): Promise<Decision> {
    const messageSid = sid();
    await gw.webhook('/twilio/messages', fixture(name, { MessageSid: messageSid, ...overrides })).expect(200);
    const event = await eventually(() =>
      gw.testDb
        .db('webhook_events')
        .whereRaw("params->>'MessageSid' = ?", [messageSid])
        .where({ status: 'processed' })
        .first(),
    );
    return event.decision as Decision;
  }
  const text = (from: string, body: string) => inbound('sms-inbound', { From: from, Body: body });
  const read = async (id: string): Promise<RequestView> =>
    (await gw.api('get', `/api/teams/${teamId}/requests/${id}`).expect(200)).body as RequestView;

  it('approves an approval request when the customer texts "tak", and sends no after-hours reply to it', async () => {
    const customer = freshCustomer();
    const request = await ask('approval_request', customer, 'sms', { approval_subject: 'the repair quote' });
    const decision = await text(customer, 'Tak!');
    expect(decision.understood).toEqual({ requestId: request.id, kind: 'approval', value: 'yes' });
    expect(decision.autoReplies).toEqual([
      { kind: 'after_hours_text', action: 'skip', reason: 'answer_to_request', messageId: null },
    ]);
    const view = await read(request.id);
    expect(view).toMatchObject({
      kind: 'approval',
      status: 'approved',
      customer,
      channel: 'sms',
      answer: { value: 'yes', text: 'Tak!' },
    });
    expect(Number.isNaN(Date.parse(view.answer!.at))).toBe(false);
  });

  it('declines it on "NIE"', async () => {
    const customer = freshCustomer();
    const request = await ask('approval_request', customer);
    await text(customer, 'NIE');
    expect(await read(request.id)).toMatchObject({ status: 'declined', answer: { value: 'no' } });
  });

  it('records "нет" as the answer to ask_resolved', async () => {
    const customer = freshCustomer();
    const request = await ask('ask_resolved', customer);
    const decision = await text(customer, 'нет');
    expect(decision.understood).toEqual({ requestId: request.id, kind: 'resolution', value: 'no' });
    expect(await read(request.id)).toMatchObject({
      kind: 'resolution',
      status: 'answered',
      answer: { value: 'no', text: 'нет' },
    });
  });

  it('records "5" as the rating', async () => {
    const customer = freshCustomer();
    const request = await ask('advisor_rating', customer);
    await text(customer, '5');
    expect(await read(request.id)).toMatchObject({ kind: 'rating', status: 'answered', answer: { value: 5 } });
  });

  it('attaches an MMS to the ask_media request', async () => {
    const customer = freshCustomer();
    const request = await ask('ask_media', customer);
    const decision = await inbound('mms-inbound', { From: customer });
    expect(decision.understood).toMatchObject({ requestId: request.id, kind: 'media' });
    const view = await read(request.id);
    expect(view.status).toBe('answered');
    expect(view.answer!.media).toHaveLength(2);
    expect(view.answer!.media![0]).toEqual({ url: expect.stringContaining('/Media/ME2'), contentType: 'image/jpeg' });
    expect(view.answer!.media![1]!.contentType).toBe('application/pdf');
  });

  it('takes a WhatsApp button payload over the button text', async () => {
    const customer = freshCustomer();
    const request = await ask('approval_request', customer, 'whatsapp');
    const decision = await inbound('whatsapp-button-reply', {
      From: `whatsapp:${customer}`,
      WaId: customer.slice(1),
      To: `whatsapp:${TEAM_NUMBER}`,
      Body: 'Yes',
      ButtonText: 'Yes',
      ButtonPayload: 'approval_no',
    });
    expect(decision.understood).toEqual({ requestId: request.id, kind: 'approval', value: 'no' });
    expect(await read(request.id)).toMatchObject({
      status: 'declined',
      channel: 'whatsapp',
      answer: { value: 'no', text: 'Yes' },
    });
  });

  it('never counts STOP as an answer', async () => {
    const customer = freshCustomer();
    const approval = await ask('approval_request', customer);
    const resolved = await ask('ask_resolved', customer);
    const decision = await inbound('sms-inbound-stop', { From: customer });
    expect(decision.keyword).toBe('STOP');
    expect(decision.understood).toBeUndefined();
    expect(decision.autoReplies[0]!.reason).toBe('opted_out');
    expect((await read(approval.id)).status).toBe('pending');
    expect((await read(resolved.id)).status).toBe('pending');
  });

  it('leaves requests alone for a message that answers nothing, and replies after hours as usual', async () => {
    const customer = freshCustomer();
    const request = await ask('approval_request', customer);
    const decision = await text(customer, 'Hi, is my order #1042 shipped yet?');
    expect(decision.understood).toBeUndefined();
    expect(decision.autoReplies[0]).toMatchObject({ kind: 'after_hours_text', action: 'send' });
    expect((await read(request.id)).status).toBe('pending');
  });

  it('answers the most recent pending request of a matching kind on the same channel only', async () => {
    const customer = freshCustomer();
    const older = await ask('approval_request', customer);
    gw.clock.advance(1_000);
    const newer = await ask('ask_resolved', customer);
    gw.clock.advance(1_000);
    const rating = await ask('advisor_rating', customer);
    const onWhatsapp = await ask('approval_request', customer, 'whatsapp');

    await text(customer, 'yes');
    expect((await read(newer.id)).status).toBe('answered');
    expect((await read(older.id)).status).toBe('pending');
    expect((await read(rating.id)).status).toBe('pending'); // "yes" is no rating
    expect((await read(onWhatsapp.id)).status).toBe('pending');

    await text(customer, 'ok');
    expect((await read(older.id)).status).toBe('approved');
    // Nothing left to answer with yes on SMS: a plain message again.
    const third = await text(customer, 'yes');
    expect(third.understood).toBeUndefined();
    expect(third.autoReplies[0]!.reason).not.toBe('answer_to_request');
  });

  it('records "1" as "solved" on ask_resolved while an older rating request is pending, and leaves the rating alone', async () => {
    const customer = freshCustomer();
    const rating = await ask('advisor_rating', customer);
    gw.clock.advance(1_000);
    const resolved = await ask('ask_resolved', customer);
    const decision = await text(customer, '1');
    expect(decision.understood).toEqual({ requestId: resolved.id, kind: 'resolution', value: 'yes' });
    expect(decision.autoReplies).toEqual([
      { kind: 'after_hours_text', action: 'skip', reason: 'answer_to_request', messageId: null },
    ]);
    expect(await read(resolved.id)).toMatchObject({
      kind: 'resolution',
      status: 'answered',
      answer: { value: 'yes', text: '1' },
    });
    expect(await read(rating.id)).toMatchObject({ kind: 'rating', status: 'pending', answer: null });

    // The rating is still open; a "4" after that is its score.
    await text(customer, '4');
    expect(await read(rating.id)).toMatchObject({ status: 'answered', answer: { value: 4 } });
  });

  it('reads "2" as the score when the rating is the newest request that takes it, and as "not solved" once only ask_resolved is left', async () => {
    const customer = freshCustomer();
    const resolved = await ask('ask_resolved', customer);
    gw.clock.advance(1_000);
    const rating = await ask('advisor_rating', customer);
    expect((await text(customer, '2')).understood).toEqual({ requestId: rating.id, kind: 'rating', value: 2 });
    expect((await read(resolved.id)).status).toBe('pending');
    expect((await text(customer, '2')).understood).toEqual({ requestId: resolved.id, kind: 'resolution', value: 'no' });
    expect(await read(resolved.id)).toMatchObject({ status: 'answered', answer: { value: 'no', text: '2' } });
  });

  it('does not answer an approval that has expired, which reads as expired', async () => {
    const customer = freshCustomer();
    const request = await ask('approval_request', customer);
    gw.clock.advance(7 * 24 * 3_600_000 + 1_000);
    const decision = await text(customer, 'yes');
    expect(decision.understood).toBeUndefined();
    expect((await read(request.id)).status).toBe('expired');
  });
});

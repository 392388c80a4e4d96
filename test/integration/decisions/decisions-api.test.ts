import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshCustomer } from '../../helpers/customers.js';
import { eventually, startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { missedCall } from '../../helpers/ticket-calls.js';
import { fixture, sid } from '../../helpers/twilio-signing.js';

interface DecisionView {
  at: string;
  customer: string;
  kind: string;
  action: 'send' | 'skip';
  reason: string;
  ticketId: string | null;
  messageId: string | null;
  ruleId: string | null;
}
interface EventDecision {
  autoReplies: Array<{ kind: string; action: string; reason: string; messageId: string | null }>;
}

describe('Management API: the decision log', () => {
  let gw: TestGateway;
  let teamId: string;
  let agent: string;
  let otherTeam: string;
  let stranger: string;

  beforeAll(async () => {
    gw = await startTestGateway({ outbound: 'sandbox', webhookPoster: null });
    teamId = await gw.createTeam(); // always closed: every text gets after_hours_text
    agent = await tokenFor(teamId, 'agent');
    otherTeam = await gw.createTeam({ numbers: [gw.freshNumber()] });
    stranger = await tokenFor(otherTeam, 'manager');
  });
  afterAll(async () => {
    await gw.close();
  });

  async function tokenFor(id: string, role: 'manager' | 'agent'): Promise<string> {
    return (await gw.api('post', `/api/teams/${id}/tokens`).send({ role }).expect(201)).body.token as string;
  }
  /** Posts a signed inbound text and waits for its event to be processed; returns the event's decision. */
  async function text(from: string, body: string, name = 'sms-inbound'): Promise<EventDecision> {
    const messageSid = sid();
    await gw.webhook('/twilio/messages', fixture(name, { MessageSid: messageSid, From: from, Body: body })).expect(200);
    const event = await eventually(() =>
      gw.testDb
        .db('webhook_events')
        .whereRaw("params->>'MessageSid' = ?", [messageSid])
        .where({ status: 'processed' })
        .first(),
    );
    return event.decision as EventDecision;
  }
  async function decisions(query: Record<string, string> = {}, token = agent, team = teamId): Promise<DecisionView[]> {
    const res = await gw.api('get', `/api/teams/${team}/decisions?${new URLSearchParams(query)}`, token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as DecisionView[];
  }

  it('logs a send with the reply’s message id, then a skip within the repeat window; an agent may read it', async () => {
    const customer = freshCustomer();
    const first = await text(customer, 'Hello?');
    gw.clock.advance(60_000);
    await text(customer, 'Anyone there?');
    const log = await decisions({ customer });
    // Both texts are on the customer's one ticket (the ticket is the thread).
    const [ticket] = (
      await gw.api('get', `/api/teams/${teamId}/tickets?customer=${encodeURIComponent(customer)}`).expect(200)
    ).body as Array<{ id: string }>;
    expect(ticket).toBeDefined();
    expect(log).toEqual([
      {
        at: expect.any(String),
        customer,
        kind: 'after_hours_text',
        action: 'skip',
        reason: 'already_sent_in_window',
        ticketId: ticket!.id,
        messageId: null,
        ruleId: null,
        sendAfter: null,
      },
      {
        at: expect.any(String),
        customer,
        kind: 'after_hours_text',
        action: 'send',
        reason: 'sent',
        ticketId: ticket!.id,
        messageId: first.autoReplies[0]!.messageId,
        ruleId: null,
        sendAfter: null,
      },
    ]);
    expect(log[1]!.messageId).toEqual(expect.any(String));
    expect(Date.parse(log[0]!.at)).toBeGreaterThan(Date.parse(log[1]!.at));
    const message = await gw.testDb.db('messages').where({ id: log[1]!.messageId! }).first();
    expect(message).toMatchObject({ kind: 'after_hours_text', to_address: customer });
  });

  it('logs STOP as a skip with its reason', async () => {
    const customer = freshCustomer();
    const decision = await text(customer, 'STOP');
    const [logged] = await decisions({ customer });
    expect(logged).toMatchObject({ action: 'skip', kind: 'after_hours_text', messageId: null });
    expect(logged!.reason).toBe(decision.autoReplies[0]!.reason);
    expect(['opted_out', 'keyword_message']).toContain(logged!.reason);
  });

  it('logs an answer to our own question as a skip: no after-hours reply to it', async () => {
    const customer = freshCustomer();
    const asked = await gw
      .api('post', `/api/teams/${teamId}/messages`)
      .send({ to: customer, channel: 'sms', kind: 'ask_resolved', variables: {} });
    expect(asked.status, JSON.stringify(asked.body)).toBe(202);
    const decision = await text(customer, '1');
    expect(decision.autoReplies).toEqual([
      { kind: 'after_hours_text', action: 'skip', reason: 'answer_to_request', messageId: null },
    ]);
    const log = await decisions({ customer, kind: 'after_hours_text' });
    expect(log).toEqual([expect.objectContaining({ action: 'skip', reason: 'answer_to_request', messageId: null })]);
    expect(log[0]!.ticketId).toEqual(expect.any(String));
  });

  it('logs an agent-triggered reply that is refused, with its reason, though the request answers 422', async () => {
    const manager = await tokenFor(teamId, 'manager');
    await gw
      .api('put', `/api/teams/${teamId}/auto-replies/share_contact_page`, manager)
      .send({ enabled: false })
      .expect(200);
    const customer = freshCustomer();
    const refused = await gw
      .api('post', `/api/teams/${teamId}/messages`)
      .send({ to: customer, channel: 'sms', kind: 'share_contact_page', variables: {} });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'disabled', field: 'kind' });
    expect(await decisions({ customer })).toEqual([
      expect.objectContaining({ kind: 'share_contact_page', action: 'skip', reason: 'disabled', messageId: null }),
    ]);
    expect(await gw.testDb.db('messages').where({ to_address: customer })).toEqual([]);
  });

  it('logs a call outcome’s reply with its ticket, and filters by kind and customer', async () => {
    const customer = freshCustomer();
    await text(customer, 'Hi');
    const call = await missedCall(gw, teamId, '+15005550006', customer);
    expect(call.ticketId).toEqual(expect.any(String));
    const all = await decisions({ customer });
    expect(all.map((d) => d.kind).sort()).toEqual(['after_hours_call', 'after_hours_text']);
    const missed = await decisions({ customer, kind: 'after_hours_call' });
    expect(missed).toHaveLength(1);
    expect(missed[0]).toMatchObject({ customer, kind: 'after_hours_call', ticketId: call.ticketId });
    const texts = await decisions({ kind: 'after_hours_text' });
    expect(texts.length).toBeGreaterThan(1);
    expect(texts.every((d) => d.kind === 'after_hours_text')).toBe(true);
    expect(await decisions({ customer: freshCustomer() })).toEqual([]);
  });

  it('pages with limit and before', async () => {
    const page = await decisions({ limit: '2' });
    expect(page).toHaveLength(2);
    const next = await decisions({ limit: '2', before: page[1]!.at });
    expect(next.length).toBeGreaterThan(0);
    expect(next.every((d) => Date.parse(d.at) < Date.parse(page[1]!.at))).toBe(true);
  });

  it('answers 404 for another team, and is empty for a team with no decisions', async () => {
    const res = await gw.api('get', `/api/teams/${teamId}/decisions`, stranger);
    expect(res.status).toBe(404);
    expect(await decisions({}, stranger, otherTeam)).toEqual([]);
  });

  it.each([
    [{ kind: 'no_such_kind' }, 422, 'kind'],
    [{ limit: '0' }, 422, 'limit'],
    [{ limit: '501' }, 422, 'limit'],
    [{ limit: 'many' }, 400, 'limit'],
    [{ limit: '1.5' }, 400, 'limit'],
    [{ before: 'yesterday' }, 422, 'before'],
    [{ customer: '' }, 422, 'customer'],
    [{ team: 'x' }, 400, 'team'],
  ])('rejects %j with %i naming the field', async (query, status, field) => {
    const res = await gw.api('get', `/api/teams/${teamId}/decisions?${new URLSearchParams(query)}`, agent);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.error.field).toBe(field);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeSetTransactor } from '../../../src/store-set.js';
import { recordTeamEvent } from '../../../src/team-events/record-team-event.js';
import type { TeamEvent } from '../../../src/team-events/team-event.js';
import { ticketCreated } from '../../../src/team-events/team-event-of.js';
import { freshCustomer } from '../../helpers/customers.js';
import { eventually, startTestGateway, testClock, type TestGateway } from '../../helpers/test-gateway.js';
import { missedCall } from '../../helpers/ticket-calls.js';
import { fixture, sid } from '../../helpers/twilio-signing.js';

const MINUTE = 60_000;

describe('team events: one stored event per change, in the change’s transaction', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({ clock: testClock('2026-11-18T10:00:00Z'), outbound: 'sandbox', webhookPoster: null });
  });
  afterAll(async () => {
    await gw.close();
  });

  const eventsOf = (teamId: string, ticketId?: string): Promise<TeamEvent[]> =>
    gw.stores.teamEvents.list(teamId, { ...(ticketId ? { ticketId } : {}), limit: 500 });
  const ofType = (events: readonly TeamEvent[], type: string) => events.filter((e) => e.type === type);
  const openTicket = async (teamId: string, body: Record<string, unknown> = {}) =>
    (
      await gw
        .api('post', `/api/teams/${teamId}/tickets`)
        .send({ customer: freshCustomer(), subject: 'Broken screen', channel: 'sms', ...body })
        .expect(201)
    ).body as { id: string; number: number; customer: string };
  async function text(teamNumber: string, from: string, body: string): Promise<void> {
    const messageSid = sid();
    await gw
      .webhook(
        '/twilio/messages',
        fixture('sms-inbound', { MessageSid: messageSid, From: from, To: teamNumber, Body: body }),
      )
      .expect(200);
    await eventually(() =>
      gw.testDb
        .db('webhook_events')
        .whereRaw("params->>'MessageSid' = ?", [messageSid])
        .where({ status: 'processed' })
        .first(),
    );
  }

  it('records ticket.created from the API once, with the ticket and who opened it', async () => {
    const teamId = await gw.newTeam();
    const ticket = await openTicket(teamId, { priority: 'high' });
    const events = await eventsOf(teamId, ticket.id);
    expect(ofType(events, 'ticket.created')).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'ticket.created',
      teamId,
      ticketId: ticket.id,
      actor: 'admin',
      data: { number: ticket.number, status: 'open', channel: 'sms', source: 'api', priority: 'high' },
      createdAt: gw.clock(),
    });
  });

  it('records ticket.updated with each field that moved, from and to, and the actor; nothing when nothing moved', async () => {
    const teamId = await gw.newTeam();
    const agent = (await gw.api('post', `/api/teams/${teamId}/tokens`).send({ role: 'agent' }).expect(201)).body as {
      id: string;
      token: string;
    };
    const ticket = await openTicket(teamId);
    await gw
      .api('patch', `/api/teams/${teamId}/tickets/${ticket.id}`, agent.token)
      .send({ status: 'pending', tags: ['vip'] })
      .expect(200);
    await gw
      .api('patch', `/api/teams/${teamId}/tickets/${ticket.id}`, agent.token)
      .send({ status: 'pending' })
      .expect(200);
    const updates = ofType(await eventsOf(teamId, ticket.id), 'ticket.updated');
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({
      actor: `agent:${agent.id}`,
      data: { changes: { status: { from: 'open', to: 'pending' }, tags: { from: [], to: ['vip'] } } },
    });
  });

  it('records nothing for a change refused inside its transaction', async () => {
    const teamId = await gw.newTeam();
    const ticket = await openTicket(teamId);
    const res = await gw
      .api('patch', `/api/teams/${teamId}/tickets/${ticket.id}`)
      .send({ status: 'closed', assigneeId: 'no-such-user' });
    expect(res.status).toBe(422);
    expect(ofType(await eventsOf(teamId, ticket.id), 'ticket.updated')).toEqual([]);
    expect((await gw.api('get', `/api/teams/${teamId}/tickets/${ticket.id}`).expect(200)).body.status).toBe('open');
  });

  it('rolls an event and its webhook deliveries back with the transaction that recorded them', async () => {
    const teamId = await gw.newTeam();
    await gw
      .api('post', `/api/teams/${teamId}/webhooks`)
      .send({ url: 'https://hooks.example.com/all', events: ['*'] })
      .expect(201);
    const ticket = await openTicket(teamId);
    const before = await gw.stores.notifications.listForTeam(teamId, { limit: 200 });
    const stored = (await gw.api('get', `/api/teams/${teamId}/tickets/${ticket.id}`).expect(200)).body as Parameters<
      typeof ticketCreated
    >[0];
    await expect(
      storeSetTransactor(gw.testDb.db)(async (s) => {
        await recordTeamEvent(s, ticketCreated({ ...stored, teamId }, 'system', gw.clock()));
        throw new Error('the change failed after its event');
      }),
    ).rejects.toThrow('the change failed after its event');
    expect(ofType(await eventsOf(teamId, ticket.id), 'ticket.created')).toHaveLength(1);
    expect(await gw.stores.notifications.listForTeam(teamId, { limit: 200 })).toHaveLength(before.length);
  });

  it('records a customer’s first text as ticket.created, message.created and auto_reply.decided with its reply', async () => {
    const number = gw.freshNumber();
    const teamId = await gw.createTeam({ numbers: [number] }); // always closed: the after-hours reply goes out
    const customer = freshCustomer();
    await text(number, customer, 'Is anyone there?');
    const all = await eventsOf(teamId);
    expect(all.map((e) => e.type)).toEqual([
      'ticket.created',
      'message.created',
      'auto_reply.decided',
      'message.created',
    ]);
    const ticketId = all[0]!.ticketId;
    expect(ticketId).toEqual(expect.any(String));
    expect(all.every((e) => e.ticketId === ticketId)).toBe(true);
    expect(all[0]).toMatchObject({ actor: 'customer', data: { source: 'message', channel: 'sms', customer } });
    expect(all[1]).toMatchObject({
      actor: 'customer',
      data: { direction: 'inbound', author: 'customer', authorId: null, customer, body: 'Is anyone there?' },
    });
    const reply = all[3]!;
    expect(all[2]).toMatchObject({
      actor: 'automation',
      data: { kind: 'after_hours_text', action: 'send', reason: 'sent', customer, messageId: reply.data.messageId },
    });
    expect(reply).toMatchObject({
      actor: 'automation',
      data: { direction: 'outbound', author: 'automation', kind: 'after_hours_text', customer },
    });

    // The second text joins the thread: no new ticket, and the reply is skipped with its reason.
    await text(number, customer, 'Hello?');
    const later = (await eventsOf(teamId)).slice(4);
    expect(later.map((e) => [e.type, e.data.reason ?? e.data.author])).toEqual([
      ['message.created', 'customer'],
      ['auto_reply.decided', 'already_sent_in_window'],
    ]);
    // Recorded in order: seq grows.
    const seqs = (await eventsOf(teamId)).map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('records an agent’s message as message.created by the agent, and its status callback as message.status', async () => {
    const number = gw.freshNumber();
    const teamId = await gw.createTeam({ numbers: [number], open: true });
    const customer = freshCustomer();
    await text(number, customer, 'Hi');
    const sent = await gw
      .api('post', `/api/teams/${teamId}/messages`)
      .send({ to: customer, channel: 'sms', body: 'On it!' })
      .expect(202);
    const id = sent.body.id as string;
    const created = ofType(await eventsOf(teamId), 'message.created').at(-1)!;
    expect(created).toMatchObject({
      actor: 'admin',
      data: { messageId: id, direction: 'outbound', author: 'agent', authorId: 'admin', body: 'On it!' },
    });
    expect(created.ticketId).toEqual(expect.any(String));
    await eventually(async () => (await gw.stores.messages.get(id))?.status === 'sent');
    const callback = () =>
      gw.webhook(
        `/twilio/messages/status?mid=${id}`,
        fixture('message-status-delivered', { MessageSid: sid(), MessageStatus: 'delivered' }),
      );
    await callback().expect(204);
    await eventually(async () => ofType(await eventsOf(teamId), 'message.status').length === 1);
    await callback().expect(204); // the same status again moves nothing: no second event
    await eventually(async () => (await gw.testDb.db('webhook_events').where({ status: 'accepted' })).length === 0);
    const statuses = ofType(await eventsOf(teamId), 'message.status');
    expect(statuses).toHaveLength(1);
    expect(statuses[0]).toMatchObject({
      ticketId: created.ticketId,
      actor: 'system',
      data: { messageId: id, from: 'sent', to: 'delivered', errorCode: null },
    });
  });

  it('records a chat made active again, by an agent’s reply on the ticket and by the customer’s next text', async () => {
    const number = gw.freshNumber();
    const teamId = await gw.createTeam({ numbers: [number], open: true });
    const customer = freshCustomer();
    await text(number, customer, 'Hi');
    const [ticket] = (
      await gw.api('get', `/api/teams/${teamId}/tickets?customer=${encodeURIComponent(customer)}`).expect(200)
    ).body as Array<{ id: string }>;
    const complete = () =>
      gw.api('patch', `/api/teams/${teamId}/tickets/${ticket!.id}`).send({ chat: 'completed' }).expect(200);
    const chatMoves = async () =>
      ofType(await eventsOf(teamId, ticket!.id), 'ticket.updated')
        .filter((e) => (e.data.changes as Record<string, unknown>).chat)
        .map((e) => ({ actor: e.actor, chat: (e.data.changes as Record<string, unknown>).chat }));

    await complete();
    const reply = await gw
      .api('post', `/api/teams/${teamId}/tickets/${ticket!.id}/messages`)
      .send({ body: 'Back to you' })
      .expect(202);
    const created = ofType(await eventsOf(teamId, ticket!.id), 'message.created').at(-1)!;
    expect(created.data).toMatchObject({ messageId: reply.body.id, author: 'agent', body: 'Back to you' });
    await complete();
    gw.clock.advance(MINUTE);
    await text(number, customer, 'One more thing');
    expect(await chatMoves()).toEqual([
      { actor: 'admin', chat: { from: 'active', to: 'completed' } },
      { actor: 'admin', chat: { from: 'completed', to: 'active' } },
      { actor: 'admin', chat: { from: 'active', to: 'completed' } },
      { actor: 'customer', chat: { from: 'completed', to: 'active' } },
    ]);
  });

  it('records request.answered when a text answers a question', async () => {
    const number = gw.freshNumber();
    const teamId = await gw.createTeam({ numbers: [number] });
    const customer = freshCustomer();
    await text(number, customer, 'My order is late');
    const asked = await gw
      .api('post', `/api/teams/${teamId}/messages`)
      .send({ to: customer, channel: 'sms', kind: 'advisor_rating', variables: {} })
      .expect(202);
    await text(number, customer, '5');
    const answered = ofType(await eventsOf(teamId), 'request.answered');
    expect(answered).toHaveLength(1);
    expect(answered[0]).toMatchObject({
      actor: 'customer',
      data: { requestId: asked.body.request.id, kind: 'rating', status: 'answered', value: 5 },
    });
    expect(answered[0]!.ticketId).toBe(ofType(await eventsOf(teamId), 'ticket.created')[0]!.ticketId);
  });

  it('records a missed call as ticket.created by the system and call.ended, with its reply decided', async () => {
    const number = gw.freshNumber();
    const teamId = await gw.createTeam({ numbers: [number], open: true });
    const customer = freshCustomer();
    const call = await missedCall(gw, teamId, number, customer);
    const events = await eventsOf(teamId, call.ticketId!);
    expect(events.map((e) => e.type)).toEqual([
      'ticket.created',
      'call.ended',
      'auto_reply.decided',
      'message.created',
    ]);
    expect(events[0]).toMatchObject({ actor: 'system', data: { source: 'missed_call', channel: 'voice', customer } });
    expect(events[1]).toMatchObject({ actor: 'customer', data: { callId: call.id, customer, outcome: call.outcome } });
  });

  it('records rla.warning and rla.breach once each, however often the monitor scans', async () => {
    const number = gw.freshNumber();
    const teamId = await gw.createTeam({ numbers: [number], open: true });
    const ticket = await openTicket(teamId);
    const start = gw.clock().getTime();
    gw.clock.set(new Date(start + 215 * MINUTE)); // within 30 minutes of the 4-hour first response
    await gw.worker.timers.runOnce();
    await gw.worker.timers.runOnce();
    gw.clock.set(new Date(start + 241 * MINUTE));
    await gw.worker.timers.runOnce();
    await gw.worker.timers.runOnce();
    gw.clock.set(new Date(start));
    const marks = (await eventsOf(teamId, ticket.id)).filter((e) => e.type.startsWith('rla.'));
    expect(marks.map((e) => [e.type, e.actor, e.data.clock])).toEqual([
      ['rla.warning', 'rla', 'first_response'],
      ['rla.breach', 'rla', 'first_response'],
    ]);
    expect(marks[0]!.data).toMatchObject({ number: ticket.number, priority: 'normal', customer: ticket.customer });
  });

  it('keeps each team’s events to itself', async () => {
    const [a, b] = [await gw.newTeam(), await gw.newTeam()];
    await openTicket(a);
    expect(await eventsOf(b)).toEqual([]);
    expect((await eventsOf(a)).map((e) => [e.type, e.teamId])).toEqual([['ticket.created', a]]);
  });
});

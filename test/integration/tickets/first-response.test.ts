import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, testClock, type TestGateway } from '../../helpers/test-gateway.js';
import { freshCustomer } from '../../helpers/customers.js';
import { missedCall, voicemailCall, type TicketView, openTeam as openTeamOf } from '../../helpers/ticket-calls.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('The first-response clock', () => {
  let gw: TestGateway;
  let teamId: string;
  let teamNumber: string;
  let agent: string;

  beforeAll(async () => {
    gw = await startTestGateway({ clock: testClock('2026-11-18T10:00:00Z'), outbound: 'sandbox', webhookPoster: null });
    ({ id: teamId, number: teamNumber } = await openTeam());
    agent = await tokenFor(teamId);
  });
  afterAll(async () => {
    await gw.close();
  });

  const openTeam = (patch: Record<string, unknown> = {}) => openTeamOf(gw, patch);
  async function tokenFor(team: string): Promise<string> {
    return (await gw.api('post', `/api/teams/${team}/tokens`).send({ role: 'agent' }).expect(201)).body.token as string;
  }
  async function ticket(id: string, team = teamId): Promise<TicketView> {
    return (await gw.api('get', `/api/teams/${team}/tickets/${id}`).expect(200)).body as TicketView;
  }
  /** An agent writes to the customer, as the panel does; answers the message id. */
  async function reply(customer: string, token = agent, team = teamId): Promise<string> {
    const res = await gw
      .api('post', `/api/teams/${team}/messages`, token)
      .send({ to: customer, channel: 'sms', body: 'Hi' });
    expect(res.status).toBe(202);
    return res.body.id as string;
  }
  const eventsOf = (t: TicketView, type: string) => t.events.filter((e) => e.type === type);
  const at = (ms: number) => new Date(ms).toISOString();

  it('stops at the first agent message, and later messages do not move it', async () => {
    const customer = freshCustomer();
    const call = await missedCall(gw, teamId, teamNumber, customer);
    const before = await ticket(call.ticketId!);
    gw.clock.advance(10 * MINUTE);
    const answeredAt = gw.clock().toISOString();
    const messageId = await reply(customer);

    const answered = await ticket(call.ticketId!);
    expect(answered).toMatchObject({
      firstRespondedAt: answeredAt,
      firstResponseDueAt: before.firstResponseDueAt,
      lastActivityAt: answeredAt,
      rla: { firstResponse: 'met', resolution: 'pending' },
    });
    expect(answered.events.slice(-2)).toEqual([
      {
        id: expect.any(String),
        type: 'reply_sent',
        actor: expect.stringMatching(/^agent:/),
        at: answeredAt,
        messageId,
        channel: 'sms',
      },
      {
        id: expect.any(String),
        type: 'first_response',
        actor: expect.stringMatching(/^agent:/),
        at: answeredAt,
        respondedAt: answeredAt,
      },
    ]);

    gw.clock.advance(5 * MINUTE);
    await reply(customer);
    const later = await ticket(call.ticketId!);
    expect(later.firstRespondedAt).toBe(answeredAt);
    expect(eventsOf(later, 'first_response')).toHaveLength(1);
    expect(eventsOf(later, 'reply_sent').filter((e) => e.actor !== 'auto-reply')).toHaveLength(2);
  });

  it('reads as breached when the first answer came after the due time', async () => {
    const customer = freshCustomer();
    const call = await missedCall(gw, teamId, teamNumber, customer);
    gw.clock.advance(241 * MINUTE);
    await reply(customer);
    const t = await ticket(call.ticketId!);
    expect(t.firstRespondedAt).toBe(gw.clock().toISOString());
    expect(t.rla.firstResponse).toBe('breached');
  });

  it('restarts when the customer leaves a voicemail after the answer', async () => {
    const customer = freshCustomer();
    const call = await missedCall(gw, teamId, teamNumber, customer);
    gw.clock.advance(10 * MINUTE);
    await reply(customer);
    gw.clock.advance(HOUR);
    const restartedAt = gw.clock().getTime();
    const voicemail = await voicemailCall(gw, teamId, teamNumber, customer);
    expect(voicemail.ticketId).toBe(call.ticketId);

    const waiting = await ticket(call.ticketId!);
    expect(waiting).toMatchObject({
      firstRespondedAt: null,
      // A new first-response target (normal: 240 minutes) from the voicemail.
      firstResponseDueAt: at(restartedAt + 240 * MINUTE),
      rla: { firstResponse: 'pending' },
    });
    expect(eventsOf(waiting, 'voicemail')).toHaveLength(1);
    expect(eventsOf(waiting, 'first_response').at(-1)).toMatchObject({
      actor: 'rla',
      at: at(restartedAt),
      awaiting: true,
      reason: 'voicemail',
      dueAt: at(restartedAt + 240 * MINUTE),
    });

    // The next answer stops it again.
    gw.clock.advance(20 * MINUTE);
    await reply(customer);
    const again = await ticket(call.ticketId!);
    expect(again).toMatchObject({ firstRespondedAt: gw.clock().toISOString(), rla: { firstResponse: 'met' } });
    expect(eventsOf(again, 'first_response')).toHaveLength(3);
  });

  it('keeps a running clock as it is when a voicemail comes before any answer', async () => {
    const customer = freshCustomer();
    const call = await missedCall(gw, teamId, teamNumber, customer);
    const before = await ticket(call.ticketId!);
    gw.clock.advance(30 * MINUTE);
    await voicemailCall(gw, teamId, teamNumber, customer);
    const after = await ticket(call.ticketId!);
    expect(after).toMatchObject({ firstRespondedAt: null, firstResponseDueAt: before.firstResponseDueAt });
    expect(eventsOf(after, 'first_response')).toEqual([]);
  });

  it('stays stopped after a voicemail when the team does not count voicemails as needing a response', async () => {
    const team = await openTeam({ rla: { voicemailNeedsResponse: false } });
    const token = await tokenFor(team.id);
    const customer = freshCustomer();
    const call = await missedCall(gw, team.id, team.number, customer);
    gw.clock.advance(10 * MINUTE);
    await reply(customer, token, team.id);
    const answered = await ticket(call.ticketId!, team.id);
    gw.clock.advance(HOUR);
    await voicemailCall(gw, team.id, team.number, customer);
    const after = await ticket(call.ticketId!, team.id);
    expect(after).toMatchObject({
      firstRespondedAt: answered.firstRespondedAt,
      firstResponseDueAt: answered.firstResponseDueAt,
      rla: { firstResponse: 'met' },
    });
    expect(eventsOf(after, 'voicemail')).toHaveLength(1);
    expect(eventsOf(after, 'first_response')).toHaveLength(1);
  });

  it('is not stopped by a message to a customer whose ticket is closed, nor by another team’s message', async () => {
    const customer = freshCustomer();
    const closedCall = await missedCall(gw, teamId, teamNumber, customer);
    await gw.api('patch', `/api/teams/${teamId}/tickets/${closedCall.ticketId}`).send({ status: 'closed' }).expect(200);
    const closed = await ticket(closedCall.ticketId!);
    gw.clock.advance(MINUTE);
    await reply(customer);
    expect(await ticket(closedCall.ticketId!)).toEqual(closed);

    // Another team writes to a customer who has an open ticket here.
    const other = await openTeam();
    const stranger = await tokenFor(other.id);
    const caller = freshCustomer();
    const call = await missedCall(gw, teamId, teamNumber, caller);
    const open = await ticket(call.ticketId!);
    await reply(caller, stranger, other.id);
    expect(await ticket(call.ticketId!)).toEqual(open);
    expect((await gw.api('get', `/api/teams/${other.id}/tickets`).expect(200)).body).toEqual([]);
  });

  it('sends a message to a customer without a ticket without opening one', async () => {
    const customer = freshCustomer();
    await reply(customer);
    expect(
      (await gw.api('get', `/api/teams/${teamId}/tickets?${new URLSearchParams({ customer })}`).expect(200)).body,
    ).toEqual([]);
  });

  it('counts a restarted clock raised by escalation from the restart, not from the ticket’s start', async () => {
    // Two missed calls within a day raise to high (60 minutes to answer).
    const team = await openTeam({ rla: { escalation: { missedCalls: 2, withinHours: 24, raiseTo: 'high' } } });
    const token = await tokenFor(team.id);
    const customer = freshCustomer();
    const call = await missedCall(gw, team.id, team.number, customer);
    gw.clock.advance(10 * MINUTE);
    await reply(customer, token, team.id);
    gw.clock.advance(5 * HOUR);
    const restartedAt = gw.clock().getTime();
    // The second missed call is a voicemail: it restarts the clock and raises the priority at once.
    await voicemailCall(gw, team.id, team.number, customer);
    const t = await ticket(call.ticketId!, team.id);
    expect(t).toMatchObject({ priority: 'high', firstRespondedAt: null, rla: { firstResponse: 'pending' } });
    // The customer waits from the voicemail on: due 60 minutes after it, not 60 minutes after the first call (hours ago).
    expect(t.firstResponseDueAt).toBe(at(restartedAt + 60 * MINUTE));
  });

  it('counts a restarted clock from the restart when an agent changes the priority', async () => {
    const customer = freshCustomer();
    const call = await missedCall(gw, teamId, teamNumber, customer);
    gw.clock.advance(10 * MINUTE);
    await reply(customer);
    gw.clock.advance(5 * HOUR);
    const restartedAt = gw.clock().getTime();
    await voicemailCall(gw, teamId, teamNumber, customer);
    gw.clock.advance(5 * MINUTE);
    const res = await gw
      .api('patch', `/api/teams/${teamId}/tickets/${call.ticketId}`, agent)
      .send({ priority: 'urgent' });
    expect(res.status).toBe(200);
    // Urgent: 30 minutes from the voicemail, 25 of them left, so within the 30-minute warning.
    expect(res.body).toMatchObject({
      priority: 'urgent',
      firstRespondedAt: null,
      firstResponseDueAt: at(restartedAt + 30 * MINUTE),
      rla: { firstResponse: 'warning' },
    });
    expect(res.body.resolutionDueAt).toBe(at(Date.parse(res.body.createdAt as string) + 240 * MINUTE));
  });
});

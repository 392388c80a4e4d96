import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestGateway, testClock, type TestGateway } from '../../helpers/test-gateway.js';
import { CallDriver } from '../../helpers/call-driver.js';
import { freshCustomer } from '../../helpers/customers.js';
import { sleep } from '../../helpers/sleep.js';
import { missedCall, voicemailCall, type TicketView, openTeam as openTeamOf } from '../../helpers/ticket-calls.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('Tickets from missed calls', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({ clock: testClock('2026-11-18T10:00:00Z'), outbound: 'sandbox', webhookPoster: null });
  });
  afterAll(async () => {
    await gw.close();
  });

  const openTeam = (patch: Record<string, unknown> = {}) => openTeamOf(gw, patch);
  async function ticket(teamId: string, id: string): Promise<TicketView> {
    return (await gw.api('get', `/api/teams/${teamId}/tickets/${id}`).expect(200)).body as TicketView;
  }
  async function ticketsOf(teamId: string, customer: string): Promise<TicketView[]> {
    return (await gw.api('get', `/api/teams/${teamId}/tickets?${new URLSearchParams({ customer })}`).expect(200))
      .body as TicketView[];
  }
  const eventsOf = (t: TicketView, type: string) => t.events.filter((e) => e.type === type);

  it('puts a second missed call within the attach window on the same ticket', async () => {
    const team = await openTeam();
    const customer = freshCustomer();
    const first = await missedCall(gw, team.id, team.number, customer);
    gw.clock.advance(5 * HOUR);
    const second = await missedCall(gw, team.id, team.number, customer);

    expect(second.ticketId).toBe(first.ticketId);
    const tickets = await ticketsOf(team.id, customer);
    expect(tickets.map((t) => t.id)).toEqual([first.ticketId]);
    const [only] = tickets;
    expect(eventsOf(only!, 'call').map((e) => e.callId)).toEqual([first.id, second.id]);
    expect(eventsOf(only!, 'created')).toHaveLength(1);
    // The later call keeps the ticket current.
    expect(only!.lastActivityAt).toBe(gw.clock().toISOString());
    // Due times are the ticket's, from its first call: a second call does not push them back.
    expect(only!.firstResponseDueAt).toBe(new Date(Date.parse(only!.createdAt) + 240 * MINUTE).toISOString());
  });

  it('opens a new ticket for a call after the attach window, leaving the old one as it was', async () => {
    const team = await openTeam({ missedCalls: { attachWindowHours: 2 } });
    const customer = freshCustomer();
    const first = await missedCall(gw, team.id, team.number, customer);
    gw.clock.advance(2 * HOUR - MINUTE);
    const within = await missedCall(gw, team.id, team.number, customer);
    expect(within.ticketId).toBe(first.ticketId);

    // The window counts from the ticket's last activity (the second call), so this is past it.
    gw.clock.advance(2 * HOUR + MINUTE);
    const after = await missedCall(gw, team.id, team.number, customer);
    expect(after.ticketId).toEqual(expect.any(String));
    expect(after.ticketId).not.toBe(first.ticketId);

    const [newer, older] = await ticketsOf(team.id, customer);
    expect(newer!.id).toBe(after.ticketId);
    expect(eventsOf(newer!, 'call').map((e) => e.callId)).toEqual([after.id]);
    expect(older!.id).toBe(first.ticketId);
    expect(older!.status).toBe('open');
    expect(eventsOf(older!, 'call').map((e) => e.callId)).toEqual([first.id, within.id]);
  });

  it('with ticket creation off, opens no ticket for a missed call but still files one on an open ticket', async () => {
    const team = await openTeam();
    const known = freshCustomer();
    const first = await missedCall(gw, team.id, team.number, known);
    expect(first.ticketId).toEqual(expect.any(String));

    await gw
      .api('patch', `/api/teams/${team.id}`)
      .send({ missedCalls: { createTickets: false } })
      .expect(200);
    gw.clock.advance(HOUR);
    const stranger = freshCustomer();
    const unknown = await missedCall(gw, team.id, team.number, stranger);
    expect(unknown).toMatchObject({ outcome: 'customer_hangup', ticketId: null });
    expect(await ticketsOf(team.id, stranger)).toEqual([]);
    // The caller still gets the reply: only the ticket is off.
    expect(unknown.decision?.reply).toMatchObject({ kind: 'customer_hangup', action: 'send' });

    const again = await missedCall(gw, team.id, team.number, known);
    expect(again.ticketId).toBe(first.ticketId);
    expect(eventsOf(await ticket(team.id, first.ticketId!), 'call').map((e) => e.callId)).toEqual([first.id, again.id]);
  });

  it('never files a call on a closed ticket', async () => {
    const team = await openTeam();
    const customer = freshCustomer();
    const first = await missedCall(gw, team.id, team.number, customer);
    await gw.api('patch', `/api/teams/${team.id}/tickets/${first.ticketId}`).send({ status: 'closed' }).expect(200);
    const closed = await ticket(team.id, first.ticketId!);

    gw.clock.advance(10 * MINUTE);
    const second = await missedCall(gw, team.id, team.number, customer);
    expect(second.ticketId).toEqual(expect.any(String));
    expect(second.ticketId).not.toBe(first.ticketId);
    expect(await ticket(team.id, first.ticketId!)).toEqual(closed);

    // With ticket creation off, a customer whose tickets are all closed gets none.
    await gw.api('patch', `/api/teams/${team.id}/tickets/${second.ticketId}`).send({ status: 'closed' }).expect(200);
    await gw
      .api('patch', `/api/teams/${team.id}`)
      .send({ missedCalls: { createTickets: false } })
      .expect(200);
    gw.clock.advance(10 * MINUTE);
    const third = await missedCall(gw, team.id, team.number, customer);
    expect(third.ticketId).toBeNull();
    expect((await ticketsOf(team.id, customer)).map((t) => [t.id, t.status])).toEqual([
      [second.ticketId, 'closed'],
      [first.ticketId, 'closed'],
    ]);
  });

  it('files a call once when Twilio repeats its status callback', async () => {
    const team = await openTeam();
    const call = new CallDriver(gw, team, freshCustomer());
    await call.incoming();
    await call.hangUp(4);
    await call.hangUp(4);
    const settled = await call.settled();
    await call.hangUp(4); // and once more after it settled
    await sleep(300);
    const t = await ticket(team.id, settled.ticketId!);
    expect(t.events.map((e) => e.type)).toEqual(['created', 'call', 'reply_sent']);
    expect(await ticketsOf(team.id, call.from)).toHaveLength(1);
  });

  it('attaches to a pending ticket like an open one', async () => {
    const team = await openTeam();
    const customer = freshCustomer();
    const first = await missedCall(gw, team.id, team.number, customer);
    await gw.api('patch', `/api/teams/${team.id}/tickets/${first.ticketId}`).send({ status: 'pending' }).expect(200);
    gw.clock.advance(MINUTE);
    const second = await missedCall(gw, team.id, team.number, customer);
    expect(second.ticketId).toBe(first.ticketId);
  });

  it('files a call an agent answered on the open ticket, but opens no ticket for one', async () => {
    // Escalation after two missed calls: an answered call must not be the second.
    const team = await openTeam({ voice: { agents: ['+12125550187'] }, rla: { escalation: { missedCalls: 2 } } });
    /** The caller is put through to an agent, talks for a minute and hangs up. */
    const answeredCall = async (customer: string) => {
      const call = new CallDriver(gw, team, customer);
      await call.incoming();
      const ringing = await call.follow('redirect');
      expect(ringing).toContain('<Dial');
      const done = await call.dialEnds('completed', true);
      expect(done).toContain('<Hangup');
      await call.hangUp(75);
      return call.settled();
    };

    const newcomer = freshCustomer();
    const talked = await answeredCall(newcomer);
    expect(talked).toMatchObject({ outcome: 'call_completed', ticketId: null });
    expect(talked.decision?.reply).toMatchObject({ kind: 'call_completed', action: 'skip', reason: 'no_ticket' });
    expect(await ticketsOf(team.id, newcomer)).toEqual([]);

    const customer = freshCustomer();
    const missed = await missedCall(gw, team.id, team.number, customer);
    gw.clock.advance(MINUTE);
    const answered = await answeredCall(customer);
    expect(answered).toMatchObject({ outcome: 'call_completed', ticketId: missed.ticketId });
    // With a ticket, the call_completed reply is considered (and off by default).
    expect(answered.decision?.reply).toMatchObject({ kind: 'call_completed', action: 'skip' });
    expect(answered.decision?.reply?.reason).not.toBe('no_ticket');
    const t = await ticket(team.id, missed.ticketId!);
    expect(eventsOf(t, 'call').map((e) => [e.callId, e.outcome, e.durationSeconds])).toEqual([
      [missed.id, 'customer_hangup', 4],
      [answered.id, 'call_completed', 75],
    ]);
    // An answered call is not a missed one: it does not count towards escalation.
    expect(t.priority).toBe('normal');
  });

  it.each([
    [
      'hangs up at the voicemail prompt',
      async (call: CallDriver) => {
        await call.incoming();
        await call.follow('redirect');
      },
    ],
    [
      'records nothing',
      async (call: CallDriver) => {
        await call.incoming();
        await call.follow('redirect');
        expect(await call.follow('redirect')).toContain('<Record');
        await call.recordingStatus('absent', 0); // the driver expects 204
      },
    ],
  ])('opens a "missed call" ticket when the caller %s', async (_name, script) => {
    const team = await openTeam();
    const call = new CallDriver(gw, team, freshCustomer());
    await script(call);
    await call.hangUp(9);
    const settled = await call.settled();
    expect(settled.outcome).toBe('missed_call');
    const t = await ticket(team.id, settled.ticketId!);
    expect(t).toMatchObject({ source: 'missed_call', subject: 'Missed call' });
    expect(eventsOf(t, 'voicemail')).toEqual([]);
    expect(eventsOf(t, 'reply_sent')[0]).toMatchObject({ kind: 'missed_call' });
  });

  it('opens a ticket for a call after hours too', async () => {
    const number = gw.freshNumber();
    const teamId = await gw.createTeam({ numbers: [number] }); // never open
    const call = await missedCall(gw, teamId, number, freshCustomer());
    expect(call.outcome).toBe('after_hours_call');
    const t = await ticket(teamId, call.ticketId!);
    expect(t).toMatchObject({ source: 'missed_call', status: 'open', priority: 'normal' });
    expect(eventsOf(t, 'call')[0]).toMatchObject({ outcome: 'after_hours_call', lastStage: 'after_hours_greeting' });
  });

  it('raises the priority to high on the third missed call within 24 hours, once, with earlier due times', async () => {
    const team = await openTeam();
    const customer = freshCustomer();
    const first = await missedCall(gw, team.id, team.number, customer);
    const created = Date.parse((await ticket(team.id, first.ticketId!)).createdAt);
    gw.clock.advance(6 * HOUR);
    await missedCall(gw, team.id, team.number, customer);
    const afterTwo = await ticket(team.id, first.ticketId!);
    expect(afterTwo.priority).toBe('normal');
    expect(eventsOf(afterTwo, 'priority_changed')).toEqual([]);

    gw.clock.advance(17 * HOUR); // 23 h after the first call
    const third = await missedCall(gw, team.id, team.number, customer);
    expect(third.ticketId).toBe(first.ticketId);
    const raised = await ticket(team.id, first.ticketId!);
    expect(raised).toMatchObject({
      priority: 'high',
      // The high targets (60 / 480 minutes) from the ticket's start, both well before the normal ones.
      firstResponseDueAt: new Date(created + 60 * MINUTE).toISOString(),
      resolutionDueAt: new Date(created + 480 * MINUTE).toISOString(),
    });
    expect(Date.parse(raised.firstResponseDueAt!)).toBeLessThan(Date.parse(afterTwo.firstResponseDueAt!));
    expect(Date.parse(raised.resolutionDueAt!)).toBeLessThan(Date.parse(afterTwo.resolutionDueAt!));
    expect(eventsOf(raised, 'priority_changed')).toEqual([
      expect.objectContaining({
        actor: 'rla',
        from: 'normal',
        to: 'high',
        reason: '3 missed calls within 24 h',
        at: gw.clock().toISOString(),
      }),
    ]);

    // A fourth call: already high, nothing more.
    gw.clock.advance(10 * MINUTE);
    await missedCall(gw, team.id, team.number, customer);
    const fourth = await ticket(team.id, first.ticketId!);
    expect(fourth.priority).toBe('high');
    expect(eventsOf(fourth, 'priority_changed')).toHaveLength(1);
    expect(eventsOf(fourth, 'call')).toHaveLength(4);
  });

  it('counts only the missed calls within the escalation window', async () => {
    const team = await openTeam();
    const customer = freshCustomer();
    const first = await missedCall(gw, team.id, team.number, customer);
    gw.clock.advance(13 * HOUR);
    await missedCall(gw, team.id, team.number, customer);
    gw.clock.advance(13 * HOUR); // the first call is now 26 h old
    const third = await missedCall(gw, team.id, team.number, customer);
    expect(third.ticketId).toBe(first.ticketId);
    const t = await ticket(team.id, first.ticketId!);
    expect(eventsOf(t, 'call')).toHaveLength(3);
    expect(t.priority).toBe('normal');
    expect(eventsOf(t, 'priority_changed')).toEqual([]);
  });

  it('never lowers a priority someone already raised, and follows the team’s escalation rule', async () => {
    const team = await openTeam({ rla: { escalation: { missedCalls: 2, withinHours: 1, raiseTo: 'urgent' } } });
    const customer = freshCustomer();
    const first = await missedCall(gw, team.id, team.number, customer);
    gw.clock.advance(30 * MINUTE);
    await missedCall(gw, team.id, team.number, customer);
    const raised = await ticket(team.id, first.ticketId!);
    expect(raised.priority).toBe('urgent');
    expect(eventsOf(raised, 'priority_changed')[0]).toMatchObject({
      actor: 'rla',
      from: 'normal',
      to: 'urgent',
      reason: '2 missed calls within 1 h',
    });

    // Escalation off: calls pile up, the priority stays.
    const quiet = await openTeam({ rla: { escalation: null } });
    const caller = freshCustomer();
    const calls = [];
    for (let i = 0; i < 4; i += 1) {
      calls.push(await missedCall(gw, quiet.id, quiet.number, caller));
      gw.clock.advance(MINUTE);
    }
    const t = await ticket(quiet.id, calls[0]!.ticketId!);
    expect(eventsOf(t, 'call')).toHaveLength(4);
    expect(t.priority).toBe('normal');
  });

  it('puts the ticket number in the reply when the team’s text asks for {{ ticket_id }}', async () => {
    const team = await openTeam();
    await gw
      .api('put', `/api/teams/${team.id}/auto-replies/customer_hangup`)
      .send({ body: 'Ticket {{ ticket_id }}' })
      .expect(200);
    const customer = freshCustomer();
    const call = await missedCall(gw, team.id, team.number, customer);
    const { number } = await ticket(team.id, call.ticketId!);
    expect(number).toBeGreaterThan(1000);

    const messages = await eventually(async () => {
      const res = await gw
        .api('get', `/api/teams/${team.id}/messages?${new URLSearchParams({ to: customer })}`)
        .expect(200);
      return (res.body as Array<{ id: string; body: string; kind: string | null }>).length > 0
        ? (res.body as Array<{ id: string; body: string; kind: string | null }>)
        : null;
    });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ id: call.decision!.reply!.messageId, kind: 'customer_hangup' });
    expect(messages[0]!.body).toContain(`Ticket ${number}`);
    expect(messages[0]!.body).not.toContain('{{');
  });

  it('numbers each team’s tickets on its own, one after the other', async () => {
    const a = await openTeam();
    const b = await openTeam();
    const a1 = await missedCall(gw, a.id, a.number, freshCustomer());
    const b1 = await missedCall(gw, b.id, b.number, freshCustomer());
    const a2 = await voicemailCall(gw, a.id, a.number, freshCustomer());
    const numbers = await Promise.all([
      ticket(a.id, a1.ticketId!),
      ticket(b.id, b1.ticketId!),
      ticket(a.id, a2.ticketId!),
    ]);
    expect(numbers.map((t) => t.number)).toEqual([1001, 1001, 1002]);
  });
});

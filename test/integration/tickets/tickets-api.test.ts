import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, testClock, type TestGateway } from '../../helpers/test-gateway.js';
import { freshCustomer } from '../../helpers/customers.js';
import { missedCall, voicemailCall, type TicketView } from '../../helpers/ticket-calls.js';

const MINUTE = 60_000;
const PASSWORD = 'correct horse battery staple';

describe('Management API: tickets', () => {
  let gw: TestGateway;
  let teamId: string;
  let teamNumber: string;
  let agent: string;
  let stranger: string;
  let otherTeam: string;

  beforeAll(async () => {
    // A Wednesday; the team is open around the clock, so business minutes are calendar minutes.
    gw = await startTestGateway({ clock: testClock('2026-11-18T10:00:00Z'), outbound: 'sandbox', webhookPoster: null });
    teamNumber = gw.freshNumber();
    teamId = await gw.createTeam({ numbers: [teamNumber], open: true });
    agent = await tokenFor(teamId, 'agent');
    otherTeam = await gw.createTeam({ numbers: [gw.freshNumber()], open: true });
    stranger = await tokenFor(otherTeam, 'manager');
  });
  afterAll(async () => {
    await gw.close();
  });

  async function tokenFor(id: string, role: 'manager' | 'agent'): Promise<string> {
    return (await gw.api('post', `/api/teams/${id}/tokens`).send({ role }).expect(201)).body.token as string;
  }
  async function userIn(team: string): Promise<string> {
    const email = `agent-${Math.random().toString(36).slice(2)}@example.com`;
    return (
      await gw
        .api('post', `/api/teams/${team}/users`)
        .send({ email, name: 'Ann Agent', role: 'agent', password: PASSWORD })
        .expect(201)
    ).body.id as string;
  }
  /** A fresh customer's missed call: their new "Missed call" ticket. */
  async function newTicket(team = teamId, number = teamNumber): Promise<TicketView> {
    const call = await missedCall(gw, team, number, freshCustomer());
    expect(call.ticketId).toEqual(expect.any(String));
    return getTicket(call.ticketId!, team);
  }
  async function getTicket(
    id: string,
    team = teamId,
    token = team === teamId ? agent : undefined,
  ): Promise<TicketView> {
    const res = await gw.api('get', `/api/teams/${team}/tickets/${id}`, token);
    expect(res.status).toBe(200);
    return res.body as TicketView;
  }
  async function list(team: string, query: Record<string, string> = {}, token?: string): Promise<TicketView[]> {
    const res = await gw.api('get', `/api/teams/${team}/tickets?${new URLSearchParams(query)}`, token);
    expect(res.status).toBe(200);
    return res.body as TicketView[];
  }
  const patch = (id: string, body: unknown, token = agent, team = teamId) =>
    gw.api('patch', `/api/teams/${team}/tickets/${id}`, token).send(body as object);
  const types = (t: TicketView) => t.events.map((e) => e.type);

  describe('listing', () => {
    let team: string;
    let missed: TicketView;
    let voicemail: TicketView;
    let closed: TicketView;

    beforeAll(async () => {
      // A team of its own, so the list holds exactly these three, a minute apart.
      const number = gw.freshNumber();
      team = await gw.createTeam({ numbers: [number], open: true });
      missed = await newTicket(team, number);
      gw.clock.advance(MINUTE);
      const vm = await voicemailCall(gw, team, number, freshCustomer());
      voicemail = await getTicket(vm.ticketId!, team);
      gw.clock.advance(MINUTE);
      closed = await newTicket(team, number);
      await gw.api('patch', `/api/teams/${team}/tickets/${closed.id}`).send({ status: 'closed' }).expect(200);
    });

    it('lists the team’s tickets newest first', async () => {
      const all = await list(team);
      expect(all.map((t) => t.id)).toEqual([closed.id, voicemail.id, missed.id]);
      expect(all.map((t) => t.number)).toEqual([missed.number + 2, missed.number + 1, missed.number]);
      expect(all[2]).toMatchObject({
        id: missed.id,
        status: 'open',
        source: 'missed_call',
        channel: 'voice',
        subject: 'Missed call',
        customer: missed.customer,
      });
      // The list carries each ticket's timeline too.
      expect(types(all[2]!)).toEqual(['created', 'call', 'reply_sent']);
    });

    it.each([
      ['customer', () => ({ customer: missed.customer }), () => [missed.id]],
      ['status=open', () => ({ status: 'open' }), () => [voicemail.id, missed.id]],
      ['status=closed', () => ({ status: 'closed' }), () => [closed.id]],
      ['status=pending', () => ({ status: 'pending' }), () => []],
      ['source=voicemail', () => ({ source: 'voicemail' }), () => [voicemail.id]],
      ['source=missed_call', () => ({ source: 'missed_call' }), () => [closed.id, missed.id]],
      ['customer and status together', () => ({ customer: closed.customer, status: 'open' }), () => []],
      ['limit', () => ({ limit: '2' }), () => [closed.id, voicemail.id]],
      ['before (created strictly earlier)', () => ({ before: voicemail.createdAt }), () => [missed.id]],
      ['an unknown customer', () => ({ customer: '+12125559999' }), () => []],
    ])('filters by %s', async (_name, query, expected) => {
      expect((await list(team, query())).map((t) => t.id)).toEqual(expected());
    });

    it('keeps each team’s tickets to itself', async () => {
      const ours = (await list(team)).map((t) => t.id);
      const theirs = (await list(otherTeam, {}, stranger)).map((t) => t.id);
      expect(theirs.filter((id) => ours.includes(id))).toEqual([]);
    });
  });

  it('shows a missed call’s ticket with its timeline: created, the call with outcome and duration, the reply sent', async () => {
    const customer = freshCustomer();
    const call = await missedCall(gw, teamId, teamNumber, customer);
    const now = gw.clock().toISOString();
    const ticket = await getTicket(call.ticketId!);
    expect(ticket).toMatchObject({
      id: call.ticketId,
      number: expect.any(Number),
      status: 'open',
      priority: 'normal',
      assigneeId: null,
      tags: [],
      subject: 'Missed call',
      channel: 'voice',
      source: 'missed_call',
      customer,
      createdAt: now,
      lastActivityAt: now,
      // The default normal target (240 / 1440 minutes) on a 24/7 schedule.
      firstResponseDueAt: new Date(gw.clock().getTime() + 240 * MINUTE).toISOString(),
      resolutionDueAt: new Date(gw.clock().getTime() + 1440 * MINUTE).toISOString(),
      firstRespondedAt: null,
      resolvedAt: null,
      rla: {
        firstResponse: 'pending',
        resolution: 'pending',
        firstResponseWarnedAt: null,
        firstResponseBreachedAt: null,
        resolutionWarnedAt: null,
        resolutionBreachedAt: null,
      },
    });
    expect(ticket.events).toEqual([
      { id: expect.any(String), type: 'created', actor: 'system', at: now, source: 'missed_call', callId: call.id },
      {
        id: expect.any(String),
        type: 'call',
        actor: 'customer',
        at: now,
        callId: call.id,
        callSid: call.callSid,
        outcome: 'customer_hangup',
        durationSeconds: 4,
        lastStage: 'greeting',
      },
      {
        id: expect.any(String),
        type: 'reply_sent',
        actor: 'auto-reply',
        at: now,
        kind: 'customer_hangup',
        channel: 'sms',
        messageId: call.decision!.reply!.messageId,
      },
    ]);
    expect(call.decision!.reply).toMatchObject({ kind: 'customer_hangup', action: 'send' });
  });

  it('shows a voicemail’s ticket with the recording on its timeline', async () => {
    const call = await voicemailCall(gw, teamId, teamNumber, freshCustomer(), 23);
    const ticket = await getTicket(call.ticketId!);
    expect(ticket.source).toBe('voicemail');
    expect(types(ticket)).toEqual(['created', 'call', 'voicemail', 'reply_sent']);
    expect(ticket.events[1]).toMatchObject({ outcome: 'voicemail_left', lastStage: 'recorded', callSid: call.callSid });
    expect(ticket.events[2]).toMatchObject({
      actor: 'customer',
      callId: call.id,
      durationSeconds: 23,
      recordingUrl: expect.stringMatching(/\/Recordings\/RE[0-9a-f]{32}$/),
    });
    expect(ticket.events[3]).toMatchObject({ kind: 'voicemail_left', channel: 'sms' });
  });

  it('closing sets resolvedAt and notes the change; reopening clears it', async () => {
    const ticket = await newTicket();
    gw.clock.advance(5 * MINUTE);
    const closedAt = gw.clock().toISOString();
    const closed = (await patch(ticket.id, { status: 'closed' }).expect(200)).body as TicketView;
    expect(closed).toMatchObject({
      status: 'closed',
      resolvedAt: closedAt,
      updatedAt: closedAt,
      rla: { resolution: 'met', firstResponse: 'none' },
    });
    expect(closed.events.at(-1)).toMatchObject({
      type: 'status_changed',
      actor: expect.stringMatching(/^agent:/),
      at: closedAt,
      from: 'open',
      to: 'closed',
    });
    expect(await getTicket(ticket.id)).toEqual(closed);

    // Closing again changes nothing and adds nothing.
    const again = (await patch(ticket.id, { status: 'closed' }).expect(200)).body as TicketView;
    expect(again.events).toHaveLength(closed.events.length);
    expect(again.resolvedAt).toBe(closedAt);

    gw.clock.advance(MINUTE);
    const reopened = (await patch(ticket.id, { status: 'open' }).expect(200)).body as TicketView;
    expect(reopened).toMatchObject({
      status: 'open',
      resolvedAt: null,
      rla: { resolution: 'pending', firstResponse: 'pending' },
    });
    expect(reopened.events.at(-2)).toMatchObject({ type: 'status_changed', from: 'closed', to: 'open' });
    // Reopening starts fresh clocks from now (the old ones were stopped by closing).
    expect(reopened.events.at(-1)).toMatchObject({
      type: 'first_response',
      actor: 'rla',
      awaiting: true,
      reason: 'reopened',
      dueAt: reopened.firstResponseDueAt,
    });
    expect(Date.parse(reopened.firstResponseDueAt!)).toBeGreaterThan(Date.parse(ticket.firstResponseDueAt!));
    expect(Date.parse(reopened.resolutionDueAt!)).toBeGreaterThan(Date.parse(ticket.resolutionDueAt!));

    const pending = (await patch(ticket.id, { status: 'pending' }).expect(200)).body as TicketView;
    expect(pending).toMatchObject({ status: 'pending', resolvedAt: null });
    expect(pending.events.filter((e) => e.type === 'status_changed').map((e) => [e.from, e.to])).toEqual([
      ['open', 'closed'],
      ['closed', 'open'],
      ['open', 'pending'],
    ]);
  });

  it('a ticket reopened days after it was closed has fresh clocks: pending, not breached, and no overdue notice', async () => {
    const ticket = await newTicket();
    gw.clock.advance(MINUTE);
    await patch(ticket.id, { status: 'closed' }).expect(200);
    gw.clock.advance(3 * 24 * 60 * MINUTE);
    const reopened = (await patch(ticket.id, { status: 'open' }).expect(200)).body as TicketView;
    expect(reopened.rla).toMatchObject({ firstResponse: 'pending', resolution: 'pending' });
    await gw.worker.timers.runOnce();
    const after = await getTicket(ticket.id);
    expect(after.events.filter((e) => e.type === 'rla_breach' || e.type === 'rla_warning')).toEqual([]);
  });

  it('a priority change recomputes the due times from the ticket’s start and notes the change', async () => {
    const ticket = await newTicket();
    const created = Date.parse(ticket.createdAt);
    gw.clock.advance(10 * MINUTE);
    const urgent = (await patch(ticket.id, { priority: 'urgent' }).expect(200)).body as TicketView;
    expect(urgent).toMatchObject({
      priority: 'urgent',
      firstResponseDueAt: new Date(created + 30 * MINUTE).toISOString(),
      resolutionDueAt: new Date(created + 240 * MINUTE).toISOString(),
    });
    expect(urgent.events.at(-1)).toMatchObject({
      type: 'priority_changed',
      actor: expect.stringMatching(/^agent:/),
      from: 'normal',
      to: 'urgent',
    });

    const low = (await patch(ticket.id, { priority: 'low' }).expect(200)).body as TicketView;
    expect(low).toMatchObject({
      firstResponseDueAt: new Date(created + 480 * MINUTE).toISOString(),
      resolutionDueAt: new Date(created + 2880 * MINUTE).toISOString(),
    });

    // The same priority again: no change, no event.
    const same = (await patch(ticket.id, { priority: 'low' }).expect(200)).body as TicketView;
    expect(same.events.filter((e) => e.type === 'priority_changed')).toHaveLength(2);
  });

  it('a priority change keeps a due time that was already met', async () => {
    const ticket = await newTicket();
    const created = Date.parse(ticket.createdAt);
    gw.clock.advance(5 * MINUTE);
    await gw
      .api('post', `/api/teams/${teamId}/messages`, agent)
      .send({ to: ticket.customer, channel: 'sms', body: 'We are on it.' })
      .expect(202);
    const high = (await patch(ticket.id, { priority: 'high' }).expect(200)).body as TicketView;
    expect(high).toMatchObject({
      priority: 'high',
      firstResponseDueAt: ticket.firstResponseDueAt, // answered already: the promise that was kept stays
      resolutionDueAt: new Date(created + 480 * MINUTE).toISOString(),
      rla: { firstResponse: 'met' },
    });

    await patch(ticket.id, { status: 'closed' }).expect(200);
    const urgent = (await patch(ticket.id, { priority: 'urgent' }).expect(200)).body as TicketView;
    expect(urgent).toMatchObject({
      priority: 'urgent',
      firstResponseDueAt: ticket.firstResponseDueAt,
      resolutionDueAt: high.resolutionDueAt,
    });
  });

  it('assigns a team user and unassigns with null, each on the timeline', async () => {
    const ticket = await newTicket();
    const ann = await userIn(teamId);
    const assigned = (await patch(ticket.id, { assigneeId: ann }).expect(200)).body as TicketView;
    expect(assigned.assigneeId).toBe(ann);
    expect(assigned.events.at(-1)).toMatchObject({ type: 'assigned', from: null, to: ann });

    const bob = await userIn(teamId);
    const moved = (await patch(ticket.id, { assigneeId: bob }).expect(200)).body as TicketView;
    expect(moved.events.at(-1)).toMatchObject({ type: 'assigned', from: ann, to: bob });

    const unassigned = (await patch(ticket.id, { assigneeId: null }).expect(200)).body as TicketView;
    expect(unassigned.assigneeId).toBeNull();
    expect(unassigned.events.at(-1)).toMatchObject({ type: 'assigned', from: bob, to: null });
    expect((await getTicket(ticket.id)).assigneeId).toBeNull();
  });

  it.each([
    ['a user of another team', async () => userIn(otherTeam)],
    ['an id that is no user', async () => 'no-such-user'],
  ])('refuses to assign %s with 422 naming assigneeId', async (_name, idOf) => {
    const ticket = await newTicket();
    const res = await patch(ticket.id, { assigneeId: await idOf() });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'unknown_user', field: 'assigneeId', message: expect.any(String) });
    expect(await getTicket(ticket.id)).toEqual(ticket);
  });

  it('stores tags once each, trimmed, and notes a change only when they change', async () => {
    const ticket = await newTicket();
    const tagged = (
      await patch(ticket.id, {
        tags: ['vip', ' billing ', 'vip', 'billing', 'Zażółć', 'plan:pro', 'v1.2_beta-3'],
      }).expect(200)
    ).body as TicketView;
    expect(tagged.tags).toEqual(['vip', 'billing', 'Zażółć', 'plan:pro', 'v1.2_beta-3']);
    expect(tagged.events.at(-1)).toMatchObject({
      type: 'tags_changed',
      from: [],
      to: ['vip', 'billing', 'Zażółć', 'plan:pro', 'v1.2_beta-3'],
    });

    const same = (
      await patch(ticket.id, { tags: ['vip', 'billing', 'Zażółć', 'plan:pro', 'v1.2_beta-3', 'vip'] }).expect(200)
    ).body as TicketView;
    expect(same.events).toHaveLength(tagged.events.length);

    const cleared = (await patch(ticket.id, { tags: [] }).expect(200)).body as TicketView;
    expect(cleared.tags).toEqual([]);
    expect(cleared.events.at(-1)).toMatchObject({ type: 'tags_changed', to: [] });
    expect((await getTicket(ticket.id)).tags).toEqual([]);
  });

  it('applies several changes in one request, one event each', async () => {
    const ticket = await newTicket();
    const ann = await userIn(teamId);
    const res = (
      await patch(ticket.id, { status: 'pending', priority: 'high', assigneeId: ann, tags: ['callback'] }).expect(200)
    ).body as TicketView;
    expect(res).toMatchObject({ status: 'pending', priority: 'high', assigneeId: ann, tags: ['callback'] });
    expect(types(res).slice(-4)).toEqual(['status_changed', 'priority_changed', 'assigned', 'tags_changed']);
  });

  describe('refuses bad changes, naming the field, and changes nothing', () => {
    let ticket: TicketView;
    beforeAll(async () => {
      ticket = await newTicket();
    });

    it.each<[string, unknown, number, string, string | null]>([
      ['an unknown status', { status: 'done' }, 422, 'invalid_value', 'status'],
      ['an unknown priority', { priority: 'critical' }, 422, 'invalid_value', 'priority'],
      ['an empty body', {}, 422, 'invalid_value', null],
      ['a tag with a slash', { tags: ['a/b'] }, 422, 'invalid_value', 'tags.0'],
      ['a tag with a newline', { tags: ['ok', 'two\nlines'] }, 422, 'invalid_value', 'tags.1'],
      ['a tag longer than 40 characters', { tags: ['x'.repeat(41)] }, 422, 'invalid_value', 'tags.0'],
      ['a blank tag', { tags: ['   '] }, 422, 'invalid_value', 'tags.0'],
      ['21 tags', { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 422, 'invalid_value', 'tags'],
      ['an empty assigneeId', { assigneeId: '' }, 422, 'invalid_value', 'assigneeId'],
      ['tags that are not a list', { tags: 'vip' }, 400, 'invalid_type', 'tags'],
      ['a status that is not a string', { status: 3 }, 422, 'invalid_value', 'status'],
      ['an unknown field', { colour: 'red' }, 400, 'unknown_field', 'colour'],
      ['a field the API sets itself', { resolvedAt: '2026-11-18T10:00:00Z' }, 400, 'unknown_field', 'resolvedAt'],
    ])('%s', async (_name, body, status, code, field) => {
      const res = await patch(ticket.id, body);
      expect(res.status).toBe(status);
      expect(res.body.error).toMatchObject({ code, field, message: expect.any(String) });
      expect(await getTicket(ticket.id)).toEqual(ticket);
    });
  });

  it.each<[string, string, number, string]>([
    ['limit=0', 'limit', 422, 'invalid_value'],
    ['limit=201', 'limit', 422, 'invalid_value'],
    ['limit=abc', 'limit', 400, 'invalid_type'],
    ['status=done', 'status', 422, 'invalid_value'],
    ['source=sms', 'source', 422, 'invalid_value'],
    ['before=yesterday', 'before', 422, 'invalid_value'],
    ['colour=red', 'colour', 400, 'unknown_field'],
  ])('refuses the list query ?%s naming %s', async (query, field, status, code) => {
    const res = await gw.api('get', `/api/teams/${teamId}/tickets?${query}`, agent);
    expect(res.status).toBe(status);
    expect(res.body.error).toMatchObject({ code, field });
  });

  describe('access', () => {
    let ticket: TicketView;
    beforeAll(async () => {
      ticket = await newTicket();
    });

    it('answers 404 to another team’s token on list, get and patch, and changes nothing', async () => {
      const requests = [
        gw.api('get', `/api/teams/${teamId}/tickets`, stranger),
        gw.api('get', `/api/teams/${teamId}/tickets/${ticket.id}`, stranger),
        gw.api('patch', `/api/teams/${teamId}/tickets/${ticket.id}`, stranger).send({ status: 'closed' }),
        // Through their own team's path: the ticket is not theirs.
        gw.api('get', `/api/teams/${otherTeam}/tickets/${ticket.id}`, stranger),
        gw.api('patch', `/api/teams/${otherTeam}/tickets/${ticket.id}`, stranger).send({ status: 'closed' }),
      ];
      for (const res of await Promise.all(requests)) expect(res.status).toBe(404);
      expect((await getTicket(ticket.id)).status).toBe('open');
    });

    it('answers 404 for an unknown ticket id and an unknown team, and 401 without a token', async () => {
      expect((await gw.api('get', `/api/teams/${teamId}/tickets/no-such-ticket`, agent)).status).toBe(404);
      expect((await patch('no-such-ticket', { status: 'closed' })).status).toBe(404);
      expect((await gw.api('get', '/api/teams/no-such-team/tickets')).status).toBe(404);
      expect((await gw.api('get', `/api/teams/${teamId}/tickets`, 'not-a-token')).status).toBe(401);
    });

    it('lets an agent read and change the team’s tickets, and names them as the actor', async () => {
      expect((await list(teamId, { customer: ticket.customer }, agent)).map((t) => t.id)).toEqual([ticket.id]);
      const res = (await patch(ticket.id, { status: 'pending' }, agent).expect(200)).body as TicketView;
      expect(res.status).toBe('pending');
      expect(res.events.at(-1)!.actor).toMatch(/^agent:/);
      // The administrator too, under its own name.
      const admin = (
        await gw.api('patch', `/api/teams/${teamId}/tickets/${ticket.id}`).send({ status: 'open' }).expect(200)
      ).body as TicketView;
      expect(admin.events.at(-1)!.actor).toBe('admin');
    });
  });
});

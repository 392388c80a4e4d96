import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshCustomer } from '../../helpers/customers.js';
import { receiveMessage } from '../../helpers/inbound-messages.js';
import { startTestGateway, testClock, type TestGateway } from '../../helpers/test-gateway.js';

interface DryRunView {
  results: Array<{
    ticketId: string;
    trigger: string;
    fired: Array<{ ruleId: string; name: string; actions: unknown[] }>;
  }>;
}

describe('POST /api/teams/:team/rules/dry-run', () => {
  let gw: TestGateway;
  let teamId: string;
  let manager: string;
  let agent: string;
  let stranger: string;
  let urgentTicket: string;
  let vipTicket: string;
  let savedRuleId: string;

  const urgentWords = {
    name: 'Urgent words',
    trigger: 'incoming',
    conditions: [{ field: 'body', op: 'contains', value: 'urgent' }],
    actions: [{ type: 'set_priority', value: 'urgent' }],
  };
  const wroteAgain = {
    name: 'Customer wrote again',
    trigger: 'changed',
    conditions: [{ field: 'author', op: 'is', value: 'customer' }],
    actions: [{ type: 'add_tags', tags: ['wrote-again'] }],
  };
  const openVip = {
    name: 'Open VIP changed',
    trigger: 'changed',
    conditions: [
      { field: 'tags', op: 'contains', value: 'vip' },
      { field: 'status', op: 'is', value: 'open' },
    ],
    actions: [{ type: 'notify', webhook: true }],
  };

  beforeAll(async () => {
    // The worker's rules timer is held off: nothing but the test acts on the team's events.
    gw = await startTestGateway({
      clock: testClock('2026-11-30T10:00:00Z'),
      outbound: 'sandbox',
      webhookPoster: null,
      relayIntervalMs: 3_600_000,
    });
    const teamNumber = gw.freshNumber();
    teamId = await gw.createTeam({ numbers: [teamNumber], open: true });
    manager = await tokenFor(teamId, 'manager');
    agent = await tokenFor(teamId, 'agent');
    stranger = await tokenFor(await gw.createTeam({ numbers: [gw.freshNumber()], open: true }), 'manager');

    const first = freshCustomer();
    await receiveMessage(gw, { from: first, to: teamNumber, body: 'URGENT: the line is down' });
    await receiveMessage(gw, { from: first, to: teamNumber, body: 'thanks, it works again' });
    urgentTicket = await ticketOf(first);
    const second = freshCustomer();
    await receiveMessage(gw, { from: second, to: teamNumber, body: 'hello' });
    vipTicket = await ticketOf(second);
    // Tagged vip while open, then closed: only the first change sees an open VIP ticket.
    await gw
      .api('patch', `/api/teams/${teamId}/tickets/${vipTicket}`)
      .send({ tags: ['vip'] })
      .expect(200);
    await gw.api('patch', `/api/teams/${teamId}/tickets/${vipTicket}`).send({ status: 'closed' }).expect(200);

    const saved = await gw
      .api('put', `/api/teams/${teamId}/rules`, manager)
      .set('If-Match', '"0"')
      .send([urgentWords])
      .expect(200);
    savedRuleId = (saved.body as Array<{ id: string }>)[0]!.id;
  });
  afterAll(async () => {
    await gw.close();
  });

  async function tokenFor(id: string, role: 'manager' | 'agent'): Promise<string> {
    return (await gw.api('post', `/api/teams/${id}/tokens`).send({ role }).expect(201)).body.token as string;
  }
  async function ticketOf(customer: string): Promise<string> {
    const res = await gw
      .api('get', `/api/teams/${teamId}/tickets?customer=${encodeURIComponent(customer)}`)
      .expect(200);
    return (res.body as Array<{ id: string }>)[0]!.id;
  }
  const dryRun = (body: object, token = manager) =>
    gw.api('post', `/api/teams/${teamId}/rules/dry-run`, token).send(body);

  /** Everything a run of rules could touch, for this team. */
  async function teamState() {
    const db = gw.testDb.db;
    const count = async (q: Knex.QueryBuilder) => Number(((await q.count({ n: '*' }).first()) as { n: string }).n);
    const ownTickets = db('tickets').where({ team_id: teamId }).select('id');
    return {
      tickets: (await db('tickets').where({ team_id: teamId }).orderBy('id')) as unknown[],
      teamEvents: (await db('team_events')
        .where({ team_id: teamId })
        .orderBy('seq')
        .select('id', 'rules_done_at')) as unknown[],
      messages: await count(db('messages').where({ team_id: teamId })),
      ticketEvents: await count(db('ticket_events').whereIn('ticket_id', ownTickets)),
      notifications: await count(db('notifications').where({ team_id: teamId })),
      replyDecisions: await count(db('reply_decisions').where({ team_id: teamId })),
    };
  }

  it('replays the saved rules on the recent tickets, each event as it was, and changes nothing', async () => {
    const before = await teamState();
    const res = await dryRun({}).expect(200);
    expect(res.body as DryRunView).toEqual({
      results: [
        {
          ticketId: urgentTicket,
          eventId: expect.any(String),
          at: expect.any(String),
          trigger: 'incoming',
          fired: [{ ruleId: savedRuleId, name: 'Urgent words', actions: [{ type: 'set_priority', value: 'urgent' }] }],
        },
      ],
    });
    expect(await teamState()).toEqual(before);
  });

  it('replays proposed rules instead, with a different result, on the ticket as it was at each event', async () => {
    const before = await teamState();
    const res = await dryRun({ rules: [wroteAgain, openVip] }).expect(200);
    const results = (res.body as DryRunView).results;
    expect(results.map((r) => [r.ticketId, r.trigger, r.fired.map((f) => f.ruleId)])).toEqual([
      // The customer's second message; the first opened the ticket (incoming, not this rule's trigger).
      [urgentTicket, 'changed', ['proposed:0']],
      // Tagged vip while open; the close that followed no longer sees an open ticket, though the ticket is closed now.
      [vipTicket, 'changed', ['proposed:1']],
    ]);
    expect(results[1]!.fired[0]).toEqual({
      ruleId: 'proposed:1',
      name: 'Open VIP changed',
      actions: [{ type: 'notify', webhook: true }],
    });
    expect(await teamState()).toEqual(before);
  });

  it('a proposed list with an error: 422 naming its path, and nothing is run', async () => {
    const before = await teamState();
    const bad = {
      ...wroteAgain,
      conditions: [
        { field: 'author', op: 'is', value: 'customer' },
        { field: 'colour', op: 'is', value: 'red' },
      ],
    };
    const res = await dryRun({ rules: [urgentWords, bad] }).expect(422);
    expect(res.body.error).toMatchObject({ field: 'rules.1.conditions.1.field' });
    expect(res.body.error.message).toContain('must be one of');
    const stranger = await dryRun({ rules: [{ ...openVip, actions: [{ type: 'assign', groupId: 'nope' }] }] }).expect(
      422,
    );
    expect(stranger.body.error).toMatchObject({ code: 'unknown_group', field: 'rules.0.actions.0.groupId' });
    expect((await dryRun({ rule: [] }).expect(400)).body.error).toMatchObject({ field: 'rule' });
    expect((await dryRun({ rules: {} }).expect(422)).body.error).toMatchObject({ field: 'rules' });
    expect(await teamState()).toEqual(before);
  });

  it('limit: the most recently active tickets only; out of 1..1000 or not a number is 422', async () => {
    // The VIP ticket was active last: the urgent one, where the saved rule fires, is left out.
    expect((await dryRun({ limit: 1 }).expect(200)).body).toEqual({ results: [] });
    expect(((await dryRun({ limit: 2 }).expect(200)).body as DryRunView).results).toHaveLength(1);
    for (const limit of [0, 1001, 2.5, 'ten', null]) {
      const res = await dryRun({ limit }).expect(422);
      expect(res.body.error).toMatchObject({ code: 'invalid_value', field: 'limit' });
      expect(res.body.error.message).toContain('1 to 1000');
    }
  });

  it('a manager’s call: an agent gets 403, another team 404', async () => {
    expect((await dryRun({}, agent).expect(403)).body.error.code).toBe('insufficient_role');
    await gw.api('post', `/api/teams/${teamId}/rules/dry-run`, stranger).send({}).expect(404);
    await gw.api('post', `/api/teams/no-such-team/rules/dry-run`).send({}).expect(404);
  });

  // Last: the worker really runs the saved rules, which the tests above must not have seen done.
  it('says what the worker then does with the same saved rules', async () => {
    const predicted = ((await dryRun({}).expect(200)).body as DryRunView).results;
    await gw.worker.rules.run();
    const ran = [];
    for (const id of [urgentTicket, vipTicket]) {
      const t = (await gw.api('get', `/api/teams/${teamId}/tickets/${id}`).expect(200)).body as {
        events: Array<{ type: string; trigger: string; fired: Array<{ ruleId: string }> }>;
      };
      for (const e of t.events.filter((x) => x.type === 'rules_ran'))
        ran.push([id, e.trigger, e.fired.map((f) => f.ruleId)]);
    }
    expect(ran).toEqual(predicted.map((r) => [r.ticketId, r.trigger, r.fired.map((f) => f.ruleId)]));
    expect(ran).toEqual([[urgentTicket, 'incoming', [savedRuleId]]]);
  });
});

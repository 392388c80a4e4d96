import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { RulesRunner } from '../../../src/rules/rules-runner.js';
import { storeSetTransactor, type StoreSet } from '../../../src/store-set.js';
import type { Transact } from '../../../src/db/transactor.js';
import { freshCustomer } from '../../helpers/customers.js';
import { receiveMessage } from '../../helpers/inbound-messages.js';
import { startTestGateway, testClock, type TestGateway } from '../../helpers/test-gateway.js';
import type { EventView, TicketView } from '../../helpers/ticket-calls.js';

type Ticket = TicketView & { chat: string; groupId: string | null; events: EventView[] };

describe('Rules run in the worker on stored team events', () => {
  let gw: TestGateway;
  let teamId: string;
  let teamNumber: string;

  beforeAll(async () => {
    // The worker's timer is held off: each test runs the rules itself, so nothing runs behind its back.
    gw = await startTestGateway({
      clock: testClock('2026-11-30T10:00:00Z'),
      outbound: 'sandbox',
      webhookPoster: null,
      relayIntervalMs: 3_600_000,
    });
  });
  afterAll(async () => {
    await gw.close();
  });

  /** A fresh open team per test: its rules are the test's own. */
  async function team(rules: unknown[]): Promise<void> {
    teamNumber = gw.freshNumber();
    teamId = await gw.createTeam({ numbers: [teamNumber], open: true });
    await gw.api('put', `/api/teams/${teamId}/rules`).set('If-Match', '"0"').send(rules).expect(200);
  }
  async function ruleIds(): Promise<string[]> {
    return ((await gw.api('get', `/api/teams/${teamId}/rules`).expect(200)).body as Array<{ id: string }>).map(
      (r) => r.id,
    );
  }
  async function ticket(id: string): Promise<Ticket> {
    return (await gw.api('get', `/api/teams/${teamId}/tickets/${id}`).expect(200)).body as Ticket;
  }
  async function ticketOf(customer: string): Promise<Ticket> {
    const list = (
      await gw.api('get', `/api/teams/${teamId}/tickets?customer=${encodeURIComponent(customer)}`).expect(200)
    ).body as Array<{ id: string }>;
    return ticket(list[0]!.id);
  }
  async function newTicket(tags: string[] = []): Promise<Ticket> {
    const body = { customer: freshCustomer(), subject: 'Help', channel: 'sms', tags };
    return (await gw.api('post', `/api/teams/${teamId}/tickets`).send(body).expect(201)).body as Ticket;
  }
  const patch = (id: string, body: object) =>
    gw.api('patch', `/api/teams/${teamId}/tickets/${id}`).send(body).expect(200);
  const runs = (t: Ticket) => t.events.filter((e) => e.type === 'rules_ran');

  it('incoming: the customer message that opens a ticket; later messages on it are `changed`', async () => {
    await team([
      {
        name: 'Urgent words',
        trigger: 'incoming',
        conditions: [{ field: 'body', op: 'contains', value: 'urgent' }],
        actions: [
          { type: 'set_priority', value: 'urgent' },
          { type: 'add_tags', tags: ['urgent-words'] },
        ],
      },
      {
        name: 'Customer wrote again',
        trigger: 'changed',
        conditions: [{ field: 'author', op: 'is', value: 'customer' }],
        actions: [{ type: 'add_tags', tags: ['wrote-again'] }],
      },
    ]);
    const [urgent, again] = await ruleIds();
    const customer = freshCustomer();
    await receiveMessage(gw, { from: customer, to: teamNumber, body: 'URGENT: the line is down' });
    expect(await gw.worker.rules.run()).toBeGreaterThan(0);
    let t = await ticketOf(customer);
    expect(t.priority).toBe('urgent');
    expect(t.tags).toEqual(['urgent-words']);
    expect(t.events.find((e) => e.type === 'priority_changed')).toMatchObject({
      actor: `rule:${urgent}`,
      to: 'urgent',
    });
    expect(runs(t)).toEqual([
      expect.objectContaining({
        actor: 'rules',
        trigger: 'incoming',
        fired: [
          {
            ruleId: urgent,
            name: 'Urgent words',
            actions: [
              { type: 'set_priority', done: true },
              { type: 'add_tags', done: true },
            ],
          },
        ],
        skippedByStop: [],
      }),
    ]);

    await receiveMessage(gw, { from: customer, to: teamNumber, body: 'still urgent' });
    await gw.worker.rules.run();
    t = await ticketOf(customer);
    expect(t.tags).toEqual(['urgent-words', 'wrote-again']);
    expect(runs(t).map((r) => [r.trigger, (r.fired as Array<{ ruleId: string }>).map((f) => f.ruleId)])).toEqual([
      ['incoming', [urgent]],
      // The rule's own tag change ran the changed rules, which matched nothing (no author).
      ['changed', [again]],
    ]);
  });

  it('stop: later matching rules do not act, and are named on the timeline', async () => {
    await team([
      {
        name: 'To pending',
        trigger: 'changed',
        conditions: [],
        actions: [{ type: 'set_status', value: 'pending' }],
        stop: true,
      },
      {
        name: 'Tag open tickets',
        trigger: 'changed',
        conditions: [{ field: 'status', op: 'is', value: 'open' }],
        actions: [{ type: 'add_tags', tags: ['late'] }],
      },
    ]);
    const [first, second] = await ruleIds();
    const t0 = await newTicket();
    await patch(t0.id, { priority: 'high' });
    await gw.worker.rules.run();
    const t = await ticket(t0.id);
    expect(t.status).toBe('pending');
    expect(t.tags).toEqual([]);
    expect(runs(t)[0]).toMatchObject({ fired: [{ ruleId: first }], skippedByStop: [second] });
  });

  it('two rules that would ping-pong: what a rule did runs the others once more, then never', async () => {
    // A: tag x → remove x, add z. B: tag z → remove z, add x. Unbounded, each would undo the other forever.
    await team([
      {
        name: 'A',
        trigger: 'changed',
        conditions: [{ field: 'tags', op: 'contains', value: 'x' }],
        actions: [
          { type: 'remove_tags', tags: ['x'] },
          { type: 'add_tags', tags: ['z'] },
        ],
      },
      {
        name: 'B',
        trigger: 'changed',
        conditions: [{ field: 'tags', op: 'contains', value: 'z' }],
        actions: [
          { type: 'remove_tags', tags: ['z'] },
          { type: 'add_tags', tags: ['x'] },
        ],
      },
    ]);
    const [a, b] = await ruleIds();
    const t0 = await newTicket();
    await patch(t0.id, { tags: ['x'] });
    await gw.worker.rules.run();
    await gw.worker.rules.run();
    const t = await ticket(t0.id);
    // The agent's change ran A (depth 1); A's change ran B but not A (depth 2); B's change ran nothing.
    expect(t.tags).toEqual(['x']);
    expect(
      runs(t).map((r) => [(r.fired as Array<{ ruleId: string }>).map((f) => f.ruleId), r.notEvaluated ?? null]),
    ).toEqual([
      [[a], null],
      [[b], null],
      [[], 'cause_depth'],
    ]);
    const tagChanges = t.events.filter((e) => e.type === 'tags_changed').map((e) => e.actor);
    expect(tagChanges).toEqual([expect.stringMatching(/^manager:|^admin/), `rule:${a}`, `rule:${b}`]);
  });

  it('exactly once: two runners at once, and a worker that dies in the middle', async () => {
    await team([
      { name: 'Count', trigger: 'changed', conditions: [], actions: [{ type: 'add_tags', tags: ['seen'] }] },
    ]);
    const t0 = await newTicket();
    await patch(t0.id, { priority: 'high' });
    await patch(t0.id, { priority: 'low' });

    // A worker that dies after acting, before its commit: nothing it did stays, and it marks nothing.
    const transact = storeSetTransactor(gw.testDb.db);
    let died = false;
    let calls = 0;
    const dying: Transact<StoreSet> = (work) => {
      calls += 1;
      // The first transaction is the pass that skips events no rule watches; the second runs one event.
      if (calls === 1) return transact(work);
      if (died) return Promise.reject(new Error('the process is gone'));
      return transact(async (s) => {
        await work(s);
        died = true;
        throw new Error('killed before commit');
      });
    };
    const noSends = { messages: async () => undefined, notifications: async () => undefined };
    await expect(new RulesRunner(dying, gw.clock, createLogger('silent'), noSends).run()).rejects.toThrow();
    expect(runs(await ticket(t0.id))).toHaveLength(0);

    await Promise.all([gw.worker.rules.run(), gw.worker.rules.run()]);
    await gw.worker.rules.run();
    const t = await ticket(t0.id);
    // Two agent changes: the rule ran once on each; its own tag change ran no rule again (it is the cause).
    const fired = runs(t).filter((r) => (r.fired as unknown[]).length > 0);
    expect(fired).toHaveLength(2);
    expect(t.tags).toEqual(['seen']);
  });

  it('send_reply goes through the usual decision with the rule in its log; notify emails and records rule.notified', async () => {
    await team([
      {
        name: 'Asks for contacts',
        trigger: 'incoming',
        conditions: [{ field: 'body', op: 'contains', value: 'contact' }],
        actions: [
          { type: 'send_reply', kind: 'share_contact_page' },
          { type: 'notify', emails: ['lead@example.com'], webhook: true },
          { type: 'send_message', body: 'Hello {{customer_name}}' },
        ],
      },
      {
        name: 'Answers the reply',
        trigger: 'changed',
        conditions: [{ field: 'author', op: 'is', value: 'automation' }],
        actions: [{ type: 'add_tags', tags: ['auto-answered'] }],
      },
    ]);
    const [asks, answers] = await ruleIds();
    const customer = freshCustomer();
    await receiveMessage(gw, { from: customer, to: teamNumber, body: 'Where can I find your contacts?' });
    await gw.worker.rules.run();
    await gw.worker.rules.run();
    const t = await ticketOf(customer);
    expect(runs(t)[0]).toMatchObject({
      fired: [
        {
          ruleId: asks,
          actions: [
            { type: 'send_reply', done: true, reason: expect.any(String) },
            { type: 'notify', done: true },
            { type: 'send_message', done: true, reason: 'sent' },
          ],
        },
      ],
    });
    const decisions = (
      await gw.api('get', `/api/teams/${teamId}/decisions?customer=${encodeURIComponent(customer)}`).expect(200)
    ).body as Array<{ kind: string; action: string; ruleId: string | null }>;
    expect(decisions.filter((d) => d.ruleId !== null)).toEqual([
      expect.objectContaining({ kind: 'rule_message', action: 'send', ruleId: asks }),
      expect.objectContaining({ kind: 'share_contact_page', action: 'send', ruleId: asks }),
    ]);
    const thread = (await gw.api('get', `/api/teams/${teamId}/tickets/${t.id}/messages`).expect(200)).body as {
      messages: Array<{ kind: string | null }>;
    };
    expect(JSON.stringify(thread)).toContain('share_contact_page');
    // The rule's own text, its placeholder filled (no profile name on SMS: the neutral word).
    expect(JSON.stringify(thread)).toContain('Hello there');
    // The reply, caused by the rule, ran the other rule once (depth 1).
    expect(t.tags).toEqual(['auto-answered']);
    expect(runs(t).map((r) => (r.fired as Array<{ ruleId: string }>).map((f) => f.ruleId))).toContainEqual([answers]);

    const emails = (await gw.api('get', `/api/teams/${teamId}/notifications`).expect(200)).body as Array<{
      channel: string;
      target: string;
      event: string;
    }>;
    expect(emails).toContainEqual(
      expect.objectContaining({ channel: 'email', target: 'lead@example.com', event: 'rule.notified' }),
    );
    const events = await gw.stores.teamEvents.list(teamId, { limit: 200 });
    expect(events.filter((e) => e.type === 'rule.notified').map((e) => [e.actor, e.data.ruleId])).toEqual([
      [`rule:${asks}`, asks],
    ]);
  });

  it('a rule’s own text passes the reply ledger: not sent while an agent is active on the ticket, and logged so', async () => {
    await team([
      {
        name: 'Nudge',
        trigger: 'changed',
        conditions: [{ field: 'author', op: 'is', value: 'customer' }],
        actions: [{ type: 'send_message', body: 'We got your message.' }],
      },
    ]);
    const [nudge] = await ruleIds();
    const customer = freshCustomer();
    await receiveMessage(gw, { from: customer, to: teamNumber, body: 'Hello' });
    await gw.worker.rules.run();
    const t = await ticketOf(customer);
    await gw.api('post', `/api/teams/${teamId}/tickets/${t.id}/messages`).send({ body: 'Looking now.' }).expect(202);
    await receiveMessage(gw, { from: customer, to: teamNumber, body: 'Thanks' });
    await gw.worker.rules.run();
    await gw.worker.rules.run();
    const decisions = (
      await gw.api('get', `/api/teams/${teamId}/decisions?customer=${encodeURIComponent(customer)}`).expect(200)
    ).body as Array<{ kind: string; action: string; reason: string; ruleId: string | null }>;
    expect(decisions.filter((d) => d.ruleId === nudge)).toEqual([
      expect.objectContaining({ kind: 'rule_message', action: 'skip', reason: 'agent_active' }),
    ]);
  });

  it('a group deleted after the rule was saved: that action is skipped with its reason, the others act', async () => {
    teamNumber = gw.freshNumber();
    teamId = await gw.createTeam({ numbers: [teamNumber], open: true });
    const doomed = (await gw.api('post', `/api/teams/${teamId}/groups`).send({ name: 'Doomed' }).expect(201)).body
      .id as string;
    await gw
      .api('put', `/api/teams/${teamId}/rules`)
      .set('If-Match', '"0"')
      .send([
        {
          name: 'Route',
          trigger: 'changed',
          conditions: [{ field: 'priority', op: 'is', value: 'high' }],
          actions: [
            { type: 'assign', groupId: doomed },
            { type: 'add_tags', tags: ['routed'] },
          ],
        },
      ])
      .expect(200);
    await gw.api('delete', `/api/teams/${teamId}/groups/${doomed}`).expect(204);
    const t0 = await newTicket();
    await patch(t0.id, { priority: 'high' });
    await gw.worker.rules.run();
    const t = await ticket(t0.id);
    expect(t).toMatchObject({ groupId: null, tags: ['routed'] });
    expect(runs(t)[0]).toMatchObject({
      fired: [
        {
          actions: [
            { type: 'assign', done: false, reason: 'unknown_group' },
            { type: 'add_tags', done: true },
          ],
        },
      ],
    });
  });
});

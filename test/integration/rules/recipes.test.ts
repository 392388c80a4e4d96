import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshCustomer } from '../../helpers/customers.js';
import { receiveMessage } from '../../helpers/inbound-messages.js';
import { createUser, signIn, type PanelSession } from '../../helpers/panel-session.js';
import { startTestGateway, testClock, type TestGateway } from '../../helpers/test-gateway.js';
import type { EventView } from '../../helpers/ticket-calls.js';

interface Ticket {
  id: string;
  status: string;
  chat: string;
  assigneeId: string | null;
  groupId: string | null;
  events: EventView[];
}

interface Template {
  key: string;
  recipe: number;
  needs: string[];
  builtIn: boolean;
  rule: Record<string, unknown> | null;
}

describe('Seed 003 recipes: support lines with chats, as rule templates', () => {
  let gw: TestGateway;
  let teamId: string;
  let teamNumber: string;
  let line1: string;
  let line2: string;
  let kate: string;
  let lineOne: PanelSession;
  let lineTwo: PanelSession;
  let templates: Template[];

  beforeAll(async () => {
    // Rules run when the test says so: the worker's timer is held off.
    gw = await startTestGateway({
      clock: testClock('2026-11-30T10:00:00Z'),
      outbound: 'sandbox',
      webhookPoster: null,
      relayIntervalMs: 3_600_000,
    });
    teamNumber = gw.freshNumber();
    teamId = await gw.createTeam({ numbers: [teamNumber], open: true });
    const suffix = Math.random().toString(36).slice(2);
    kate = await createUser(gw, teamId, `kate-${suffix}@example.com`, 'agent');
    const lev = await createUser(gw, teamId, `lev-${suffix}@example.com`, 'agent');
    line1 = (
      await gw
        .api('post', `/api/teams/${teamId}/groups`)
        .send({ name: 'Line 1', memberIds: [kate] })
        .expect(201)
    ).body.id as string;
    line2 = (
      await gw
        .api('post', `/api/teams/${teamId}/groups`)
        .send({ name: 'Line 2', memberIds: [lev] })
        .expect(201)
    ).body.id as string;
    lineOne = await signIn(gw, `kate-${suffix}@example.com`);
    lineTwo = await signIn(gw, `lev-${suffix}@example.com`);
    templates = (
      await gw
        .api('get', `/api/teams/${teamId}/rules/templates?line1GroupId=${line1}&line2GroupId=${line2}`)
        .expect(200)
    ).body as Template[];
    // Every recipe that needs a rule, in the order the seed puts them: recipe 1 first, it says stop.
    const rules = templates.filter((t) => !t.builtIn).map((t) => t.rule);
    await gw.api('put', `/api/teams/${teamId}/rules`).set('If-Match', '"0"').send(rules).expect(200);
  });
  afterAll(async () => {
    await gw.close();
  });

  async function ticketOf(customer: string): Promise<Ticket> {
    const list = (
      await gw.api('get', `/api/teams/${teamId}/tickets?customer=${encodeURIComponent(customer)}`).expect(200)
    ).body as Array<{ id: string }>;
    return (await gw.api('get', `/api/teams/${teamId}/tickets/${list[0]!.id}`).expect(200)).body as Ticket;
  }
  /** A customer's text opens a ticket; `setup` then puts it in the state the recipe starts from. */
  async function customerTicket(setup: Record<string, unknown> | null): Promise<{ customer: string; ticket: Ticket }> {
    const customer = freshCustomer();
    await receiveMessage(gw, { from: customer, to: teamNumber, body: 'Hello, my router blinks red' });
    const ticket = await ticketOf(customer);
    if (setup) await gw.api('patch', `/api/teams/${teamId}/tickets/${ticket.id}`).send(setup).expect(200);
    await gw.worker.rules.run();
    return { customer, ticket };
  }
  async function writes(agent: PanelSession, ticketId: string): Promise<void> {
    await agent
      .api('post', `/api/teams/${teamId}/tickets/${ticketId}/messages`)
      .send({ body: 'Try a reset' })
      .expect(202);
    await gw.worker.rules.run();
  }
  const backToLine1 = { chat: 'completed', status: 'pending', assigneeId: null, groupId: null as string | null };
  const ruleRuns = (t: Ticket) => t.events.filter((e) => e.type === 'rules_ran' && (e.fired as unknown[]).length > 0);

  it('lists the templates; without the lines, each says what it needs and has no rule yet', async () => {
    const bare = (await gw.api('get', `/api/teams/${teamId}/rules/templates`).expect(200)).body as Template[];
    expect(bare.map((t) => [t.recipe, t.needs, t.builtIn, t.rule])).toEqual([
      [1, ['line1GroupId', 'line2GroupId'], false, null],
      [2, ['line1GroupId', 'line2GroupId'], false, null],
      [3, ['line1GroupId', 'line2GroupId'], false, null],
      [4, [], true, null],
    ]);
    // Recipe 4 stays built in, lines or not: there is nothing to add.
    expect(templates.find((t) => t.recipe === 4)).toMatchObject({ builtIn: true, rule: null });
    const bad = await gw
      .api('get', `/api/teams/${teamId}/rules/templates?line1GroupId=${line1}&line2GroupId=nope`)
      .expect(422);
    expect(bad.body.error).toMatchObject({ code: 'unknown_group', field: 'line2GroupId' });
  });

  describe('(1) an agent writes to a closed ticket', () => {
    async function ticketsOf(customer: string): Promise<Ticket[]> {
      const list = (
        await gw.api('get', `/api/teams/${teamId}/tickets?customer=${encodeURIComponent(customer)}`).expect(200)
      ).body as Array<{ id: string }>;
      return Promise.all(
        list.map(async (t) => (await gw.api('get', `/api/teams/${teamId}/tickets/${t.id}`).expect(200)).body as Ticket),
      );
    }

    it('a new ticket, assigned to them; the closed one stays closed', async () => {
      const { customer, ticket } = await customerTicket({ status: 'closed', chat: 'completed' });
      await writes(lineOne, ticket.id);
      const tickets = await ticketsOf(customer);
      const fresh = tickets.find((t) => t.id !== ticket.id)!;
      // The message is on the new ticket's thread, not on the closed one's.
      expect(fresh.events.filter((e) => e.type === 'reply_sent')).toHaveLength(1);
      expect(fresh).toMatchObject({ status: 'open', chat: 'active', assigneeId: kate });
      expect(fresh.events.find((e) => e.type === 'created')).toMatchObject({ source: 'message' });
      const old = tickets.find((t) => t.id === ticket.id)!;
      expect(old).toMatchObject({ status: 'closed', chat: 'completed' });
      expect(old.events.filter((e) => e.type === 'reply_sent')).toHaveLength(0);
    });

    it("the template: a line-2 agent's new ticket goes to line 1, and stop keeps recipe 3 out", async () => {
      const { customer, ticket } = await customerTicket({ status: 'closed', chat: 'completed' });
      await writes(lineTwo, ticket.id);
      const fresh = (await ticketsOf(customer)).find((t) => t.id !== ticket.id)!;
      expect(fresh).toMatchObject({ ...backToLine1, groupId: line1 });
      const [run] = ruleRuns(fresh);
      const recipe = (n: number) => templates.find((t) => t.recipe === n)!.rule!.name;
      expect((run!.fired as Array<{ name: string }>).map((f) => f.name)).toEqual([recipe(1)]);
      expect(run!.skippedByStop).toHaveLength(1);
      // The customer answers: the chat is active again, unassigned, line 1's to take.
      await receiveMessage(gw, { from: customer, to: teamNumber, body: 'Thanks, what next?' });
      await gw.worker.rules.run();
      const answered = (await ticketsOf(customer)).find((t) => t.id === fresh.id)!;
      expect(answered).toMatchObject({ chat: 'active', status: 'open', assigneeId: null, groupId: line1 });
    });

    it("the template leaves a line-1 agent's new ticket with them, and a line-2 agent's later replies to recipe 3", async () => {
      const { customer, ticket } = await customerTicket({ status: 'closed', chat: 'completed' });
      await writes(lineOne, ticket.id);
      const fresh = (await ticketsOf(customer)).find((t) => t.id !== ticket.id)!;
      expect(fresh).toMatchObject({ chat: 'active', status: 'open', assigneeId: kate });
      expect(ruleRuns(fresh)).toHaveLength(0);
    });
  });

  describe('(2) a line-2 agent writes to a completed chat that is pending or open', () => {
    it.each(['pending', 'open'])(
      'status %s: the chat is completed again, pending, and line 1 has it',
      async (status) => {
        const { customer, ticket } = await customerTicket({
          chat: 'completed',
          status,
          assigneeId: kate,
          groupId: line1,
        });
        await writes(lineTwo, ticket.id);
        const t = await ticketOf(customer);
        expect(t).toMatchObject({ ...backToLine1, groupId: line1 });
        expect(ruleRuns(t)).toHaveLength(1);
      },
    );

    it('a closed ticket is left alone', async () => {
      const { ticket } = await customerTicket({ chat: 'completed', status: 'closed', groupId: line1 });
      await writes(lineTwo, ticket.id);
      // The message opened a new ticket (recipe 1); this one is as it was closed.
      const t = (await gw.api('get', `/api/teams/${teamId}/tickets/${ticket.id}`).expect(200)).body as Ticket;
      expect(t.status).toBe('closed');
      expect(ruleRuns(t)).toHaveLength(0);
    });
  });

  describe('(3) a line-2 agent answers first, or writes where line 1 answered', () => {
    it('answers first on a chat nobody took: line 1 has it, pending, chat completed', async () => {
      const { customer, ticket } = await customerTicket(null);
      await writes(lineTwo, ticket.id);
      const t = await ticketOf(customer);
      expect(t).toMatchObject({ ...backToLine1, groupId: line1 });
      // The reply made Lev the owner first; the rule took it back.
      expect(t.events.filter((e) => e.type === 'assigned').map((e) => e.to)).toEqual([expect.any(String), null]);
    });

    it('writes on an active chat line 1 answered: back to line 1', async () => {
      const { customer, ticket } = await customerTicket(null);
      await writes(lineOne, ticket.id);
      expect(await ticketOf(customer)).toMatchObject({ chat: 'active', assigneeId: kate });
      await writes(lineTwo, ticket.id);
      expect(await ticketOf(customer)).toMatchObject({ ...backToLine1, groupId: line1 });
    });

    it("line 2's own chats and line 1's answers are left alone", async () => {
      const own = await customerTicket({ groupId: line2 });
      await writes(lineTwo, own.ticket.id);
      expect(await ticketOf(own.customer)).toMatchObject({ chat: 'active', groupId: line2 });
      const first = await customerTicket(null);
      await writes(lineOne, first.ticket.id);
      const t = await ticketOf(first.customer);
      expect(t).toMatchObject({ chat: 'active', assigneeId: kate, status: 'open' });
      expect(ruleRuns(t)).toHaveLength(0);
    });
  });

  describe('(4) a reactivated chat goes straight to its line-1 owner, bypassing New', () => {
    // No rule needed here: a completed chat keeps its owner, and the customer's message that
    // reactivates it leaves the owner as is, so it lands in their Mine and never in New.
    it("the customer writes to a completed chat of Kate's: active again, still Kate's, not in New", async () => {
      const { customer, ticket } = await customerTicket({ chat: 'completed', assigneeId: kate, groupId: line1 });
      await receiveMessage(gw, { from: customer, to: teamNumber, body: 'It blinks again' });
      await gw.worker.rules.run();
      expect(await ticketOf(customer)).toMatchObject({ chat: 'active', assigneeId: kate, groupId: line1 });
      const inView = async (session: PanelSession, view: string) =>
        (
          (await session.api('get', `/api/teams/${teamId}/tickets?view=${view}`).expect(200)).body as Array<{
            id: string;
          }>
        )
          .map((t) => t.id)
          .includes(ticket.id);
      expect(await inView(lineOne, 'mine')).toBe(true);
      expect(await inView(lineOne, 'new')).toBe(false);
    });
  });
});

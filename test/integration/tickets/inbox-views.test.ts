import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshCustomer } from '../../helpers/customers.js';
import { receiveMessage } from '../../helpers/inbound-messages.js';
import { createUser, signIn, type PanelSession } from '../../helpers/panel-session.js';
import { startTestGateway, testClock, type TestGateway } from '../../helpers/test-gateway.js';

interface ListedTicket {
  id: string;
  number: number;
  status: string;
  chat: string;
  customer: string;
  lastMessageAt: string;
  unread: number;
  whatsappWindow: { open: boolean; closesAt: string } | null;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('the inbox: GET /tickets views, filters and cursor; unread and POST /tickets/:id/read', () => {
  let gw: TestGateway;
  let teamId: string;
  let teamNumber: string;
  let agent: string;
  let otherTeam: string;
  let stranger: string;
  let annId: string;
  let ann: PanelSession;

  beforeAll(async () => {
    gw = await startTestGateway({
      clock: testClock(new Date().toISOString()),
      outbound: 'sandbox',
      webhookPoster: null,
    });
    teamNumber = gw.freshNumber();
    teamId = await gw.createTeam({ numbers: [teamNumber], open: true });
    agent = await tokenFor(teamId, 'agent');
    otherTeam = await gw.createTeam({ numbers: [gw.freshNumber()], open: true });
    stranger = await tokenFor(otherTeam, 'manager');
    annId = await createUser(gw, teamId, 'ann@inbox.example', 'agent');
    ann = await signIn(gw, 'ann@inbox.example');
  });
  afterAll(async () => {
    await gw.close();
  });

  async function tokenFor(id: string, role: 'manager' | 'agent'): Promise<string> {
    return (await gw.api('post', `/api/teams/${id}/tokens`).send({ role }).expect(201)).body.token as string;
  }
  /** A text from `customer` a minute after the last thing that happened, processed. */
  async function text(customer: string, body = 'hello', channel: 'sms' | 'whatsapp' = 'sms', number = teamNumber) {
    gw.clock.advance(MINUTE);
    await receiveMessage(gw, { from: customer, to: number, body, channel });
  }
  const list = (query: string, token: string | null = agent, team = teamId) =>
    token === null
      ? ann.api('get', `/api/teams/${team}/tickets?${query}`)
      : gw.api('get', `/api/teams/${team}/tickets?${query}`, token);
  async function listed(query: string, token: string | null = agent, team = teamId): Promise<ListedTicket[]> {
    const res = await list(query, token, team);
    expect(res.status).toBe(200);
    return res.body as ListedTicket[];
  }
  async function ticketOf(customer: string, team = teamId, token = agent): Promise<ListedTicket> {
    const [ticket, ...more] = await listed(`customer=${encodeURIComponent(customer)}`, token, team);
    expect(more).toEqual([]);
    return ticket!;
  }
  const patch = (id: string, body: object, team = teamId, token = agent) =>
    gw.api('patch', `/api/teams/${team}/tickets/${id}`, token).send(body).expect(200);

  describe('views, filters and order', () => {
    let team: string;
    let number: string;
    let teamAgent: string;
    let bob: string;
    let groupId: string;
    const t: Record<'waiting' | 'assigned' | 'closed' | 'completed' | 'whatsapp', ListedTicket> = {} as never;
    const ids = (tickets: ListedTicket[]) => tickets.map((x) => x.id);

    beforeAll(async () => {
      // A team of its own, so that each list holds exactly these five.
      number = gw.freshNumber();
      team = await gw.createTeam({ numbers: [number], open: true });
      teamAgent = await tokenFor(team, 'agent');
      bob = await createUser(gw, team, 'bob@inbox.example', 'agent');
      groupId = (
        await gw
          .api('post', `/api/teams/${team}/groups`)
          .send({ name: 'Billing', memberIds: [bob] })
          .expect(201)
      ).body.id as string;
      for (const key of ['waiting', 'assigned', 'closed', 'completed'] as const) {
        const customer = freshCustomer();
        await text(customer, key, 'sms', number);
        t[key] = await ticketOf(customer, team, teamAgent);
      }
      const whatsapp = freshCustomer();
      await text(whatsapp, 'hi on WhatsApp', 'whatsapp', number);
      t.whatsapp = await ticketOf(whatsapp, team, teamAgent);
      // Changes to a ticket are not messages: the order below stays the order of the texts.
      await patch(t.assigned.id, { assigneeId: bob }, team, teamAgent);
      await patch(t.closed.id, { status: 'closed' }, team, teamAgent);
      await gw.testDb.db('tickets').where({ id: t.completed.id }).update({ chat: 'completed' });
      await patch(t.whatsapp.id, { groupId }, team, teamAgent);
    });

    const inTeam = (query: string) => listed(query, teamAgent, team);

    it('lists everything by default, last message first; a new text brings its ticket to the top', async () => {
      expect(ids(await inTeam(''))).toEqual(ids([t.whatsapp, t.completed, t.closed, t.assigned, t.waiting]));
      expect(ids(await inTeam('view=all'))).toEqual(ids(await inTeam('')));
      await text(t.waiting.customer, 'still waiting', 'sms', number);
      const [top] = await inTeam('');
      expect(top).toMatchObject({ id: t.waiting.id, lastMessageAt: gw.clock().toISOString() });
      expect(ids(await inTeam(''))).toEqual(ids([t.waiting, t.whatsapp, t.completed, t.closed, t.assigned]));
    });

    it('view=new: unassigned, chat active, not closed', async () => {
      expect(ids(await inTeam('view=new'))).toEqual(ids([t.waiting, t.whatsapp]));
    });

    it.each<[string, () => string, Array<keyof typeof t>]>([
      ['assigneeId', () => `assigneeId=${bob}`, ['assigned']],
      ['groupId', () => `groupId=${groupId}`, ['whatsapp']],
      ['status', () => 'status=closed', ['closed']],
      ['channel', () => 'channel=whatsapp', ['whatsapp']],
      ['customer', () => `customer=${encodeURIComponent(t.completed.customer)}`, ['completed']],
      ['source', () => 'source=missed_call', []],
      ['a view and a filter', () => 'view=new&channel=sms', ['waiting']],
      ['two filters', () => 'status=open&channel=sms', ['waiting', 'completed', 'assigned']],
    ])('filters by %s', async (_name, query, expected) => {
      const all = await inTeam('');
      const byId = new Map(all.map((x) => [x.id, x]));
      expect(ids(await inTeam(query()))).toEqual(
        ids(all.filter((x) => expected.some((key) => t[key].id === x.id)).map((x) => byId.get(x.id)!)),
      );
    });

    it('pages with the cursor of X-Next-Cursor and Link, and ends without them', async () => {
      const all = await inTeam('');
      const seen: ListedTicket[] = [];
      let url: string | null = `/api/teams/${team}/tickets?limit=2`;
      let pages = 0;
      while (url && pages < 5) {
        const res = await gw.api('get', url, teamAgent);
        expect(res.status).toBe(200);
        seen.push(...(res.body as ListedTicket[]));
        pages += 1;
        const link = res.headers.link;
        if (!link) {
          expect(res.headers['x-next-cursor']).toBeUndefined();
          break;
        }
        const cursor = res.headers['x-next-cursor'] as string;
        expect(link).toBe(`</api/teams/${team}/tickets?limit=2&cursor=${cursor}>; rel="next"`);
        url = link.slice(1, link.indexOf('>'));
      }
      expect(pages).toBe(3);
      expect(ids(seen)).toEqual(ids(all));
    });

    it('keeps the filters on the next page, and pages by beforeNumber as before', async () => {
      const first = await list('status=open&limit=1', teamAgent, team);
      const cursor = first.headers['x-next-cursor'] as string;
      expect(first.headers.link).toContain(`status=open&limit=1&cursor=${cursor}`);
      const openOnes = await inTeam('status=open');
      expect(ids(await inTeam(`status=open&limit=5&cursor=${cursor}`))).toEqual(ids(openOnes.slice(1)));
      const byNumber = await inTeam(`status=open&limit=5&beforeNumber=${(first.body as ListedTicket[])[0]!.number}`);
      expect(ids(byNumber)).toEqual(ids(openOnes.slice(1)));
    });
  });

  describe('view=mine', () => {
    it("lists the signed-in user's tickets", async () => {
      const customer = freshCustomer();
      await text(customer);
      const ticket = await ticketOf(customer);
      await patch(ticket.id, { assigneeId: annId });
      const mine = await listed('view=mine', null);
      expect(mine.map((x) => x.id)).toContain(ticket.id);
      expect(mine.every((x) => (x as unknown as { assigneeId: string }).assigneeId === annId)).toBe(true);
      expect(await listed(`view=mine&assigneeId=${annId}`, null)).toEqual(mine);
    });

    it('answers 422 naming view to a token that is no user', async () => {
      const res = await list('view=mine');
      expect(res.status).toBe(422);
      expect(res.body.error).toMatchObject({
        code: 'view_needs_user',
        field: 'view',
        message: expect.stringMatching(/sign/),
      });
    });
  });

  describe('bad input', () => {
    it.each<[string, string, number, string]>([
      ['view=old', 'view', 400, 'invalid_value'],
      ['view=new&view=all', 'view', 400, 'invalid_value'],
      ['colour=red', 'colour', 400, 'unknown_field'],
      ['assignee=me', 'assignee', 400, 'unknown_field'],
      ['status=done', 'status', 422, 'invalid_value'],
      ['channel=fax', 'channel', 422, 'invalid_value'],
      ['cursor=not%20a%20cursor', 'cursor', 400, 'invalid_value'],
      [`cursor=${b64('yesterday|1042')}`, 'cursor', 400, 'invalid_value'],
      [`cursor=${b64('2026-11-30T12:00:00.000Z|0')}`, 'cursor', 400, 'invalid_value'],
      [`cursor=${b64('2026-11-30T12:00:00.000Z|1')}&beforeNumber=1`, 'beforeNumber', 422, 'invalid_value'],
      ['groupId=', 'groupId', 422, 'invalid_value'],
      [`groupId=${'g'.repeat(101)}`, 'groupId', 422, 'invalid_value'],
      ['groupId=8f1e7c2a-0000-4000-8000-000000000000', 'groupId', 422, 'unknown_group'],
      ['assigneeId=8f1e7c2a-0000-4000-8000-000000000000', 'assigneeId', 422, 'unknown_user'],
      ['beforeNumber=999999', 'beforeNumber', 422, 'unknown_ticket'],
      ['limit=0', 'limit', 422, 'invalid_value'],
    ])('refuses ?%s naming %s', async (query, field, status, code) => {
      const res = await list(query);
      expect(res.status).toBe(status);
      expect(res.body.error).toMatchObject({ code, field, message: expect.any(String) });
    });

    it("refuses another team's user and group as filters", async () => {
      const theirUser = await createUser(gw, otherTeam, 'eve@inbox.example', 'agent');
      const theirGroup = (
        await gw.api('post', `/api/teams/${otherTeam}/groups`).send({ name: 'Theirs', memberIds: [] }).expect(201)
      ).body.id as string;
      expect((await list(`assigneeId=${theirUser}`)).body.error).toMatchObject({
        code: 'unknown_user',
        field: 'assigneeId',
      });
      expect((await list(`groupId=${theirGroup}`)).body.error).toMatchObject({
        code: 'unknown_group',
        field: 'groupId',
      });
    });
  });

  describe('unread and read', () => {
    const read = (id: string, token: string | null = agent, team = teamId) =>
      token === null
        ? ann.api('post', `/api/teams/${team}/tickets/${id}/read`)
        : gw.api('post', `/api/teams/${team}/tickets/${id}/read`, token);

    it('counts the customer’s texts until an agent opens the thread', async () => {
      const customer = freshCustomer();
      await text(customer, 'one');
      expect((await ticketOf(customer)).unread).toBe(1);
      await text(customer, 'two');
      const ticket = await ticketOf(customer);
      expect(ticket.unread).toBe(2);

      const res = await read(ticket.id, null);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: ticket.id, unread: 0 });
      expect((await ticketOf(customer)).unread).toBe(0);
      expect((await gw.api('get', `/api/teams/${teamId}/tickets/${ticket.id}`, agent).expect(200)).body.unread).toBe(0);

      await text(customer, 'three');
      expect((await ticketOf(customer)).unread).toBe(1);
      // An agent who answers has read the thread; our own replies never count as unread.
      await gw
        .api('post', `/api/teams/${teamId}/messages`, agent)
        .send({ to: customer, channel: 'sms', body: 'On it.' })
        .expect(202);
      expect((await ticketOf(customer)).unread).toBe(0);
      await text(customer, 'four');
      expect((await ticketOf(customer)).unread).toBe(1);
    });

    it("answers 404 to another team's token, and for an unknown ticket, and changes nothing", async () => {
      const customer = freshCustomer();
      await text(customer);
      const ticket = await ticketOf(customer);
      expect((await read(ticket.id, stranger)).status).toBe(404);
      expect((await read(ticket.id, stranger, otherTeam)).status).toBe(404);
      expect((await read('no-such-ticket')).status).toBe(404);
      expect((await ticketOf(customer)).unread).toBe(1);
    });
  });

  describe('lastMessageAt and the WhatsApp window', () => {
    it('is the time of the last message, ours included', async () => {
      const customer = freshCustomer();
      await text(customer);
      const texted = gw.clock().toISOString();
      expect((await ticketOf(customer)).lastMessageAt).toBe(texted);
      gw.clock.advance(MINUTE);
      await gw
        .api('post', `/api/teams/${teamId}/messages`, agent)
        .send({ to: customer, channel: 'sms', body: 'Hi!' })
        .expect(202);
      expect((await ticketOf(customer)).lastMessageAt).toBe(gw.clock().toISOString());
    });

    it('has no window for a customer who never wrote on WhatsApp', async () => {
      const customer = freshCustomer();
      await text(customer);
      expect((await ticketOf(customer)).whatsappWindow).toBeNull();
    });

    it('is open for 24 hours after their last WhatsApp message, and then closed', async () => {
      const customer = freshCustomer();
      await text(customer, 'hi', 'whatsapp');
      const closesAt = new Date(gw.clock().getTime() + 24 * HOUR).toISOString();
      const ticket = await ticketOf(customer);
      expect(ticket.whatsappWindow).toEqual({ open: true, closesAt });
      gw.clock.advance(25 * HOUR);
      expect((await ticketOf(customer)).whatsappWindow).toEqual({ open: false, closesAt });
      expect(
        (await gw.api('get', `/api/teams/${teamId}/tickets/${ticket.id}`, agent).expect(200)).body.whatsappWindow,
      ).toEqual({ open: false, closesAt });
    });
  });
});

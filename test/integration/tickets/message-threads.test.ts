import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshCustomer } from '../../helpers/customers.js';
import { startTestGateway, testClock, type TestGateway } from '../../helpers/test-gateway.js';
import { inboundText } from '../../helpers/inbound-text.js';

interface TicketView {
  id: string;
  number: number;
  status: string;
  chat: string;
  source: string;
  channel: string;
  customer: string;
  createdAt: string;
  lastMessageAt: string;
  firstResponseDueAt: string | null;
  resolutionDueAt: string | null;
}
interface ThreadMessage {
  id: string;
  direction: 'inbound' | 'outbound';
  author: 'customer' | 'agent' | 'automation';
  authorId: string | null;
  channel: string;
  body: string;
  media: unknown[];
  status: string;
  readAt: string | null;
  kind: string | null;
  createdAt: string;
}

const MINUTE = 60_000;

describe('a ticket is the conversation: texts on one thread per customer', () => {
  let gw: TestGateway;
  let teamId: string;
  let teamNumber: string;
  let agent: string;
  let otherTeam: string;

  beforeAll(async () => {
    // Intake stamps a text with the wall clock, the worker its replies with the gateway's clock:
    // start that clock now, so that a reply follows the text it answers.
    gw = await startTestGateway({
      clock: testClock(new Date().toISOString()),
      outbound: 'sandbox',
      webhookPoster: null,
    });
    teamNumber = gw.freshNumber();
    // No opening hours: every text is after hours and gets the after-hours reply.
    teamId = await gw.createTeam({ numbers: [teamNumber] });
    agent = await tokenFor(teamId, 'agent');
    otherTeam = await gw.createTeam({ numbers: [gw.freshNumber()] });
  });
  afterAll(async () => {
    await gw.close();
  });

  async function tokenFor(id: string, role: 'manager' | 'agent'): Promise<string> {
    return (await gw.api('post', `/api/teams/${id}/tokens`).send({ role }).expect(201)).body.token as string;
  }
  /** A text from `customer`, processed: the customer's tickets afterwards, newest first. */
  async function text(customer: string, body: string, channel: 'sms' | 'whatsapp' = 'sms'): Promise<TicketView[]> {
    gw.clock.advance(MINUTE);
    await inboundText(gw, { customer, teamNumber, body, channel });
    return tickets(customer);
  }
  async function tickets(customer: string): Promise<TicketView[]> {
    const res = await gw.api('get', `/api/teams/${teamId}/tickets?customer=${encodeURIComponent(customer)}`, agent);
    expect(res.status).toBe(200);
    return res.body as TicketView[];
  }
  async function thread(ticketId: string, query = ''): Promise<ThreadMessage[]> {
    const res = await gw.api('get', `/api/teams/${teamId}/tickets/${ticketId}/messages${query}`, agent);
    expect(res.status).toBe(200);
    return res.body as ThreadMessage[];
  }

  it('opens a ticket on the first text: source message, chat active, with RLA due times', async () => {
    const customer = freshCustomer();
    const [ticket, ...others] = await text(customer, 'Where is my order?');
    expect(others).toEqual([]);
    expect(ticket).toMatchObject({ status: 'open', chat: 'active', source: 'message', channel: 'sms', customer });
    expect(Date.parse(ticket!.firstResponseDueAt!)).toBeGreaterThan(Date.parse(ticket!.createdAt));
    expect(Date.parse(ticket!.resolutionDueAt!)).toBeGreaterThan(Date.parse(ticket!.createdAt));
    expect(ticket!.lastMessageAt).toBe(gw.clock().toISOString());
  });

  it('puts a second text, and a WhatsApp message from the same number, on the same ticket', async () => {
    const customer = freshCustomer();
    const [first] = await text(customer, 'one');
    const afterSecond = await text(customer, 'two');
    const afterWhatsapp = await text(customer, 'three, on WhatsApp', 'whatsapp');
    expect(afterSecond.map((t) => t.id)).toEqual([first!.id]);
    expect(afterWhatsapp.map((t) => t.id)).toEqual([first!.id]);
    const inbound = (await thread(first!.id)).filter((m) => m.direction === 'inbound');
    expect(inbound.map((m) => [m.body, m.channel, m.author])).toEqual([
      ['one', 'sms', 'customer'],
      ['two', 'sms', 'customer'],
      ['three, on WhatsApp', 'whatsapp', 'customer'],
    ]);
  });

  it('opens a new ticket for a text after the ticket was closed', async () => {
    const customer = freshCustomer();
    const [first] = await text(customer, 'first problem');
    await gw.api('patch', `/api/teams/${teamId}/tickets/${first!.id}`, agent).send({ status: 'closed' }).expect(200);
    const after = await text(customer, 'a new problem');
    expect(after).toHaveLength(2);
    const [newest, closed] = after;
    expect(closed).toMatchObject({ id: first!.id, status: 'closed' });
    expect(newest).toMatchObject({ status: 'open', chat: 'active', source: 'message' });
    expect(newest!.number).toBeGreaterThan(first!.number);
    expect((await thread(newest!.id)).filter((m) => m.direction === 'inbound').map((m) => m.body)).toEqual([
      'a new problem',
    ]);
    expect((await thread(first!.id)).filter((m) => m.direction === 'inbound').map((m) => m.body)).toEqual([
      'first problem',
    ]);
  });

  it("shows the customer's text, the after-hours reply and an agent's message, oldest first", async () => {
    const customer = freshCustomer();
    const [ticket] = await text(customer, 'Hello?');
    gw.clock.advance(MINUTE);
    const sent = await gw
      .api('post', `/api/teams/${teamId}/messages`, agent)
      .send({ to: customer, channel: 'sms', body: 'Hi, Ann here: we are on it.' });
    expect(sent.status).toBe(202);

    const messages = await thread(ticket!.id);
    expect(messages.map((m) => [m.direction, m.author, m.kind])).toEqual([
      ['inbound', 'customer', null],
      ['outbound', 'automation', 'after_hours_text'],
      ['outbound', 'agent', null],
    ]);
    expect(messages[0]).toMatchObject({ body: 'Hello?', channel: 'sms', authorId: null, readAt: null, media: [] });
    expect(messages[2]).toMatchObject({
      body: 'Hi, Ann here: we are on it.',
      authorId: expect.stringMatching(/^agent:/),
    });
    const times = messages.map((m) => Date.parse(m.createdAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('pages a long thread with a cursor', async () => {
    const customer = freshCustomer();
    const [ticket] = await text(customer, 'm1');
    await text(customer, 'm2');
    await text(customer, 'm3');
    const all = await thread(ticket!.id);
    const first = await thread(ticket!.id, '?limit=2');
    expect(first).toEqual(all.slice(0, 2));
    const last = first.at(-1)!;
    const rest = await thread(ticket!.id, `?after=${encodeURIComponent(`${last.createdAt}/${last.id}`)}&limit=500`);
    expect([...first, ...rest]).toEqual(all);
  });

  it("answers 404 for another team's ticket, and for a team's own token on another team", async () => {
    const customer = freshCustomer();
    const [ticket] = await text(customer, 'mine');
    await gw.api('get', `/api/teams/${otherTeam}/tickets/${ticket!.id}/messages`).expect(404);
    const stranger = await tokenFor(otherTeam, 'manager');
    await gw.api('get', `/api/teams/${otherTeam}/tickets/${ticket!.id}/messages`, stranger).expect(404);
  });

  it.each([
    ['?limit=0'],
    ['?limit=501'],
    ['?limit=ten'],
    ['?limit=2.5'],
    ['?after=yesterday'],
    ['?after=2026-11-21T21:30:00Z'],
    ['?after=2026-11-21T21:30:00Z/'],
    ['?cursor=x'],
  ])('answers 400 for a bad page: %s', async (query) => {
    const [ticket] = await text(freshCustomer(), 'paging');
    const res = await gw.api('get', `/api/teams/${teamId}/tickets/${ticket!.id}/messages${query}`, agent);
    expect(res.status).toBe(400);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshCustomer } from '../../helpers/customers.js';
import { receiveMessage } from '../../helpers/inbound-messages.js';
import { startTestGateway, testClock, type TestGateway } from '../../helpers/test-gateway.js';

interface ThreadMessage {
  direction: 'inbound' | 'outbound';
  author: string;
  body: string;
  kind: string | null;
  createdAt: string;
}
interface DecisionView {
  kind: string;
  action: 'send' | 'skip';
  reason: string;
  ticketId: string | null;
  messageId: string | null;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const ACKNOWLEDGEMENTS = ['first_message', 'response_time_notice', 'clarifying_question'];

describe("seed 004: a customer's message that opens a ticket is acknowledged (greeting, response time, question)", () => {
  let gw: TestGateway;

  beforeAll(async () => {
    // The worker stamps its replies with the gateway's clock: start it now, so that replies follow the text.
    gw = await startTestGateway({
      clock: testClock(new Date().toISOString()),
      outbound: 'sandbox',
      webhookPoster: null,
    });
  });
  afterAll(async () => {
    await gw.close();
  });

  /** A team (open around the clock unless `open: false`) with the given acknowledgement kinds switched on. */
  async function teamWith(kinds: readonly string[], o: { open?: boolean; locale?: string } = {}) {
    const number = gw.freshNumber();
    const id = await gw.createTeam({ numbers: [number], open: o.open ?? true, locale: o.locale });
    for (const kind of kinds)
      await gw.api('put', `/api/teams/${id}/auto-replies/${kind}`).send({ enabled: true }).expect(200);
    return { id, number };
  }
  /** Tickets that were opened `ago` before now and first answered `minutes` later. */
  async function answeredTickets(teamId: string, minutes: readonly number[], ago = DAY) {
    const now = gw.clock();
    for (const m of minutes) {
      gw.clock.set(new Date(now.getTime() - ago));
      const ticket = (
        await gw.api('post', `/api/teams/${teamId}/tickets`).send({ customer: freshCustomer(), subject: 'Seeded' })
      ).body as { id: string; createdAt: string };
      const respondedAt = new Date(Date.parse(ticket.createdAt) + m * MINUTE);
      await gw.stores.tickets.update(ticket.id, { firstRespondedAt: respondedAt }, respondedAt);
    }
    gw.clock.set(now);
  }
  async function text(team: { number: string }, customer: string, body: string) {
    gw.clock.advance(MINUTE);
    await receiveMessage(gw, { from: customer, to: team.number, body });
  }
  async function ticketsOf(teamId: string, customer: string) {
    const res = await gw.api('get', `/api/teams/${teamId}/tickets?customer=${encodeURIComponent(customer)}`);
    expect(res.status).toBe(200);
    return res.body as Array<{ id: string; source: string; status: string }>;
  }
  async function thread(teamId: string, ticketId: string) {
    return (await gw.api('get', `/api/teams/${teamId}/tickets/${ticketId}/messages`).expect(200))
      .body as ThreadMessage[];
  }
  async function ackDecisions(teamId: string, customer: string) {
    const res = await gw.api('get', `/api/teams/${teamId}/decisions?customer=${encodeURIComponent(customer)}`);
    expect(res.status).toBe(200);
    return (res.body as DecisionView[])
      .filter((d) => ACKNOWLEDGEMENTS.includes(d.kind))
      .map((d) => [d.kind, d.action, d.reason])
      .sort();
  }

  it('a first text gets the greeting, the measured response time and the question, in order, once', async () => {
    const team = await teamWith(ACKNOWLEDGEMENTS);
    // A median of 20 minutes this month; the slow answer of 40 days ago is out of the window.
    await answeredTickets(team.id, [10, 15, 20, 25, 90]);
    await answeredTickets(team.id, [600], 40 * DAY);
    const customer = freshCustomer();
    await text(team, customer, 'Hello, my order has not arrived');
    const [ticket] = await ticketsOf(team.id, customer);
    expect(ticket).toMatchObject({ source: 'message', status: 'open' });
    const messages = await thread(team.id, ticket!.id);
    expect(messages.map((m) => [m.direction, m.author, m.kind])).toEqual([
      ['inbound', 'customer', null],
      ['outbound', 'automation', 'first_message'],
      ['outbound', 'automation', 'response_time_notice'],
      ['outbound', 'automation', 'clarifying_question'],
    ]);
    expect(messages[1]!.body).toMatch(/^Acme: Hi there, thanks for your message!/);
    expect(messages[2]!.body).toBe('Acme: Our usual response time: about 20 minutes.');
    expect(messages[3]!.body).toContain('order or account number');
    expect(await ackDecisions(team.id, customer)).toEqual([
      ['clarifying_question', 'send', 'sent'],
      ['first_message', 'send', 'sent'],
      ['response_time_notice', 'send', 'sent'],
    ]);

    // Writing back on the same ticket: no acknowledgement, and nothing more to decide.
    await text(team, customer, 'Are you there?');
    expect(await ticketsOf(team.id, customer)).toHaveLength(1);
    const after = await thread(team.id, ticket!.id);
    expect(after.filter((m) => m.direction === 'outbound')).toHaveLength(3);
    expect(await ackDecisions(team.id, customer)).toHaveLength(3);
  });

  it('a new ticket is a new conversation: after the first is closed, the next text is acknowledged again', async () => {
    const team = await teamWith(['first_message']);
    const customer = freshCustomer();
    await text(team, customer, 'Hi');
    const [first] = await ticketsOf(team.id, customer);
    await gw.api('patch', `/api/teams/${team.id}/tickets/${first!.id}`).send({ status: 'closed' }).expect(200);
    await text(team, customer, 'Hi again');
    const [second] = await ticketsOf(team.id, customer);
    expect(second!.id).not.toBe(first!.id);
    expect((await thread(team.id, second!.id)).map((m) => m.kind)).toEqual([null, 'first_message']);
  });

  it('with too little data the response time says the fallback the manager set, in the team language', async () => {
    const team = await teamWith(['response_time_notice'], { locale: 'ru' });
    await answeredTickets(team.id, [10, 20, 30, 40]); // four: one short of a measure
    const first = freshCustomer();
    await text(team, first, 'Здравствуйте');
    const [noFallback] = await ticketsOf(team.id, first);
    // No fallback set: the default text reads its own words.
    expect((await thread(team.id, noFallback!.id)).at(-1)!.body).toBe('Acme: Мы ответим как можно скорее.');

    const patched = await gw
      .api('patch', `/api/teams/${team.id}`)
      .send({ acknowledgements: { averageResponseFallback: 'в течение дня' } })
      .expect(200);
    expect(patched.body.acknowledgements).toEqual({ averageResponseFallback: 'в течение дня' });
    const second = freshCustomer();
    await text(team, second, 'Добрый день');
    const [withFallback] = await ticketsOf(team.id, second);
    expect((await thread(team.id, withFallback!.id)).at(-1)!.body).toBe('Acme: Среднее время ответа: в течение дня.');

    // A fifth answered ticket makes a measure: the words follow the team's language.
    await answeredTickets(team.id, [25]);
    await gw.api('patch', `/api/teams/${team.id}`).send({ acknowledgements: { averageResponseFallback: null } });
    const third = freshCustomer();
    await text(team, third, 'Привет');
    const [measured] = await ticketsOf(team.id, third);
    expect((await thread(team.id, measured!.id)).at(-1)!.body).toBe('Acme: Среднее время ответа: около 25 минут.');
  });

  it('a ticket an agent opens through the API gets none, nor does the customer writing on it', async () => {
    const team = await teamWith(ACKNOWLEDGEMENTS);
    const customer = freshCustomer();
    const created = await gw
      .api('post', `/api/teams/${team.id}/tickets`)
      .send({ customer, subject: 'We call you back' })
      .expect(201);
    await text(team, customer, 'Thanks, I am here');
    const tickets = await ticketsOf(team.id, customer);
    expect(tickets.map((t) => t.id)).toEqual([created.body.id]);
    expect((await thread(team.id, created.body.id as string)).filter((m) => m.direction === 'outbound')).toEqual([]);
    expect(await ackDecisions(team.id, customer)).toEqual([]);
  });

  it('a kind switched off is skipped with reason disabled; the others still go out in order', async () => {
    const team = await teamWith(['first_message', 'clarifying_question']);
    const customer = freshCustomer();
    await text(team, customer, 'Hi');
    const [ticket] = await ticketsOf(team.id, customer);
    expect((await thread(team.id, ticket!.id)).map((m) => m.kind)).toEqual([
      null,
      'first_message',
      'clarifying_question',
    ]);
    expect(await ackDecisions(team.id, customer)).toEqual([
      ['clarifying_question', 'send', 'sent'],
      ['first_message', 'send', 'sent'],
      ['response_time_notice', 'skip', 'disabled'],
    ]);
  });

  it('a team that switched none on logs and sends nothing for them', async () => {
    const team = await teamWith([]);
    const customer = freshCustomer();
    await text(team, customer, 'Hi');
    expect(await ackDecisions(team.id, customer)).toEqual([]);
  });

  it('after hours the after-hours reply answers instead: the acknowledgements are skipped with reason after_hours', async () => {
    const team = await teamWith(ACKNOWLEDGEMENTS, { open: false });
    const customer = freshCustomer();
    await text(team, customer, 'Anyone?');
    const [ticket] = await ticketsOf(team.id, customer);
    expect((await thread(team.id, ticket!.id)).map((m) => m.kind)).toEqual([null, 'after_hours_text']);
    expect(await ackDecisions(team.id, customer)).toEqual([
      ['clarifying_question', 'skip', 'after_hours'],
      ['first_message', 'skip', 'after_hours'],
      ['response_time_notice', 'skip', 'after_hours'],
    ]);
  });
});

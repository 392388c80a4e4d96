import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshCustomer } from '../../helpers/customers.js';
import { createUser, signIn, type PanelSession } from '../../helpers/panel-session.js';
import { eventually, startTestGateway, testClock, TWILIO_API, type TestGateway } from '../../helpers/test-gateway.js';
import { json, MESSAGES_PATH } from '../../helpers/twilio-api-mock.js';
import type { threadMessageView } from '../../../src/tickets/thread-message.js';
import { receiveMessage } from '../../helpers/inbound-messages.js';
import { fixture, sid } from '../../helpers/twilio-signing.js';

/** A thread message as the API answers it (JSON: dates as strings). */
type ThreadMessage = ReturnType<typeof threadMessageView>;
interface TicketEventView {
  type: string;
  actor: string;
  [key: string]: unknown;
}
interface TicketView {
  id: string;
  status: string;
  chat: string;
  channel: string;
  assigneeId: string | null;
  firstRespondedAt: string | null;
  events: TicketEventView[];
}

const HOUR = 3_600_000;

describe("agents reply on the ticket's thread (Twilio on the wire)", () => {
  let gw: TestGateway;
  let teamId: string;
  let firstNumber: string;
  let secondNumber: string;
  let agentToken: string;
  let agentTokenId: string;
  let managerToken: string;
  let otherTeam: string;
  let otherAgent: string;
  let ann: { id: string; email: string; panel: PanelSession };
  let bob: { id: string; email: string; panel: PanelSession };
  /** Every request Twilio's Messages API received, as posted. */
  const sent: URLSearchParams[] = [];

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    nock(TWILIO_API)
      .post(MESSAGES_PATH)
      .times(1_000)
      .reply((_uri, body) => {
        const form = new URLSearchParams(body as string);
        sent.push(form);
        return json(201, { sid: sid('SM'), status: 'queued', to: form.get('To'), from: form.get('From') });
      });
    // Intake stamps a text with the wall clock, the worker with the gateway's: start that clock now.
    gw = await startTestGateway({ clock: testClock(new Date().toISOString()), webhookPoster: null });
    firstNumber = gw.freshNumber();
    secondNumber = gw.freshNumber();
    // Always open: no after-hours replies among the messages under test.
    teamId = await gw.createTeam({ numbers: [firstNumber, secondNumber], open: true });
    const token = (await gw.api('post', `/api/teams/${teamId}/tokens`).send({ role: 'agent' }).expect(201)).body;
    agentToken = token.token as string;
    agentTokenId = token.id as string;
    managerToken = (await gw.api('post', `/api/teams/${teamId}/tokens`).send({ role: 'manager' }).expect(201)).body
      .token as string;
    otherTeam = await gw.createTeam({ numbers: [gw.freshNumber()], open: true });
    otherAgent = (await gw.api('post', `/api/teams/${otherTeam}/tokens`).send({ role: 'agent' }).expect(201)).body
      .token as string;
  });
  afterAll(async () => {
    await gw.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  /** A message from `customer` to `to`, processed; answers the customer's open ticket. */
  async function write(
    customer: string,
    body: string,
    { channel = 'sms', to = firstNumber }: { channel?: 'sms' | 'whatsapp'; to?: string } = {},
  ): Promise<TicketView> {
    // Ahead of the wall clock that stamps the text, so that a reply follows what it answers.
    gw.clock.advance(60_000);
    await receiveMessage(gw, { from: customer, to, body, channel });
    const list = await gw
      .api('get', `/api/teams/${teamId}/tickets?customer=${encodeURIComponent(customer)}`, agentToken)
      .expect(200);
    return (list.body as TicketView[])[0]!;
  }
  const reply = (ticketId: string, body: object, token = agentToken, team = teamId) =>
    gw.api('post', `/api/teams/${team}/tickets/${ticketId}/messages`, token).send(body);
  const patch = (id: string, body: object, token = agentToken) =>
    gw.api('patch', `/api/teams/${teamId}/tickets/${id}`, token).send(body);
  const ticket = async (id: string): Promise<TicketView> =>
    (await gw.api('get', `/api/teams/${teamId}/tickets/${id}`, agentToken).expect(200)).body as TicketView;
  const thread = async (id: string): Promise<ThreadMessage[]> =>
    (await gw.api('get', `/api/teams/${teamId}/tickets/${id}/messages`, agentToken).expect(200))
      .body as ThreadMessage[];
  /** What Twilio received for our message `id` (its status callback URL carries the id). */
  const wire = (id: string) =>
    eventually(async () => sent.find((form) => form.get('StatusCallback')?.endsWith(id)) ?? null);

  describe('POST /tickets/:id/messages', () => {
    it('answers 202 with the thread message, sent from the number the customer last wrote to, as the agent', async () => {
      const customer = freshCustomer();
      const t = await write(customer, 'Is my order ready?', { to: secondNumber });
      const res = await reply(t.id, { body: 'Yes, come by at 5.' }).expect(202);
      expect(res.body).toMatchObject({
        direction: 'outbound',
        author: 'agent',
        authorId: `agent:${agentTokenId}`,
        channel: 'sms',
        body: 'Yes, come by at 5.',
        media: [],
        readAt: null,
        kind: null,
      });
      expect(Object.keys(res.body as object).sort()).toEqual(
        [
          'id',
          'direction',
          'author',
          'authorId',
          'channel',
          'body',
          'media',
          'status',
          'readAt',
          'kind',
          'createdAt',
        ].sort(),
      );
      const form = await wire(res.body.id as string);
      expect(form.get('From')).toBe(secondNumber);
      expect(form.get('To')).toBe(customer);
      expect(form.get('Body')).toBe('Yes, come by at 5.');
      expect((await thread(t.id)).map((m) => [m.author, m.body])).toEqual([
        ['customer', 'Is my order ready?'],
        ['agent', 'Yes, come by at 5.'],
      ]);
      // The first agent reply stops the first-response clock, once.
      const after = await ticket(t.id);
      expect(after.firstRespondedAt).not.toBeNull();
      await reply(t.id, { body: 'See you.' }).expect(202);
      const again = await ticket(t.id);
      expect(again.firstRespondedAt).toBe(after.firstRespondedAt);
      expect(again.events.filter((e) => e.type === 'first_response')).toHaveLength(1);
      expect(again.events.filter((e) => e.type === 'reply_sent')).toHaveLength(2);
    });

    it("goes on the ticket's WhatsApp channel inside the window, or the channel named", async () => {
      const customer = freshCustomer();
      const t = await write(customer, 'Hola', { channel: 'whatsapp', to: secondNumber });
      expect(t.channel).toBe('whatsapp');
      const onTicket = await reply(t.id, { body: 'Hi there' }).expect(202);
      expect(onTicket.body.channel).toBe('whatsapp');
      const form = await wire(onTicket.body.id as string);
      expect([form.get('From'), form.get('To')]).toEqual([`whatsapp:${secondNumber}`, `whatsapp:${customer}`]);
      const asSms = await reply(t.id, { body: 'Also by text', channel: 'sms' }).expect(202);
      expect(asSms.body.channel).toBe('sms');
      expect((await wire(asSms.body.id as string)).get('To')).toBe(customer);
    });

    it('on a ticket opened by a call or a form, goes where the customer last wrote, else by SMS from the first number', async () => {
      const [writer, silent] = [freshCustomer(), freshCustomer()];
      await write(writer, 'on WhatsApp', { channel: 'whatsapp', to: secondNumber });
      const created = async (customer: string, channel: string) =>
        (
          await gw
            .api('post', `/api/teams/${teamId}/tickets`, agentToken)
            .send({ customer, subject: 'Called us', channel })
            .expect(201)
        ).body.id as string;
      const callTicket = await created(writer, 'voice');
      const res = await reply(callTicket, { body: 'About your call' }).expect(202);
      expect(res.body.channel).toBe('whatsapp');
      expect((await wire(res.body.id as string)).get('From')).toBe(`whatsapp:${secondNumber}`);

      const formTicket = await created(silent, 'web');
      const bySms = await reply(formTicket, { body: 'About your form' }).expect(202);
      expect(bySms.body.channel).toBe('sms');
      expect((await wire(bySms.body.id as string)).get('From')).toBe(firstNumber);
    });

    it('sends media as MediaUrl and shows it on the thread, with or without a body', async () => {
      const customer = freshCustomer();
      const t = await write(customer, 'Send me the invoice');
      const urls = ['https://cdn.acme.test/invoice.pdf', 'http://cdn.acme.test/photo.jpg'];
      const res = await reply(t.id, { body: 'Here it is', mediaUrls: urls }).expect(202);
      expect(res.body.media).toEqual(urls.map((url) => ({ url, contentType: null })));
      expect((await wire(res.body.id as string)).getAll('MediaUrl')).toEqual(urls);
      const mediaOnly = await reply(t.id, { mediaUrls: [urls[0]] }).expect(202);
      expect(mediaOnly.body.body).toBe('');
      const form = await wire(mediaOnly.body.id as string);
      expect(form.getAll('MediaUrl')).toEqual([urls[0]]);
      const shown = (await thread(t.id)).find((m) => m.id === mediaOnly.body.id);
      expect(shown?.media).toEqual([{ url: urls[0], contentType: null }]);
    });

    it('records readAt when WhatsApp reports the reply read', async () => {
      const customer = freshCustomer();
      const t = await write(customer, 'ping', { channel: 'whatsapp' });
      const { id } = (await reply(t.id, { body: 'pong' }).expect(202)).body as { id: string };
      const providerSid = await eventually(async () => (await gw.stores.messages.get(id))?.providerMessageId);
      const status = (s: string) =>
        gw
          .webhook(
            `/twilio/messages/status?mid=${id}`,
            fixture('message-status-read', { MessageSid: providerSid, SmsSid: providerSid, MessageStatus: s }),
          )
          .expect(204);
      await status('delivered');
      await eventually(async () => (await thread(t.id)).find((m) => m.id === id)?.status === 'delivered');
      expect((await thread(t.id)).find((m) => m.id === id)?.readAt).toBeNull();
      await status('read');
      const read = await eventually(async () => (await thread(t.id)).find((m) => m.id === id && m.readAt));
      expect(read.status).toBe('read');
      // When the read receipt arrived.
      const receipt = await gw.testDb
        .db('webhook_events')
        .where({ type: 'message.status' })
        .whereRaw("params->>'MessageStatus' = 'read' AND params->>'MessageSid' = ?", [providerSid])
        .first();
      expect(read.readAt).toBe(new Date(receipt.received_at as string).toISOString());
    });

    describe('bad input', () => {
      let t: TicketView;
      let customer: string;
      beforeAll(async () => {
        customer = freshCustomer();
        t = await write(customer, 'hello');
      });

      it.each<[string, object, string]>([
        ['no body and no media', {}, 'body'],
        ['an empty body', { body: '' }, 'body'],
        ['a body of spaces and no media', { body: '   ', mediaUrls: [] }, 'body'],
        ['a body over 1600 characters', { body: 'x'.repeat(1601) }, 'body'],
        [
          'a media URL that is not http(s)',
          { body: 'see', mediaUrls: ['https://a.test/1.jpg', 'ftp://a.test/2.jpg'] },
          'mediaUrls.1',
        ],
        ['a media URL that is not a URL', { mediaUrls: ['photo.jpg'] }, 'mediaUrls.0'],
        [
          'more than 10 media URLs',
          { mediaUrls: Array.from({ length: 11 }, (_, i) => `https://a.test/${i}.jpg`) },
          'mediaUrls',
        ],
        ['an unknown channel', { body: 'hi', channel: 'email' }, 'channel'],
      ])('refuses %s with 422 naming the field', async (_name, body, field) => {
        const res = await reply(t.id, body).expect(422);
        expect(res.body.error).toMatchObject({ field, code: expect.any(String), message: expect.any(String) });
      });

      it('accepts a body of exactly 1600 characters', async () => {
        await reply(t.id, { body: 'x'.repeat(1600) }).expect(202);
      });

      it('refuses an unknown field with 400', async () => {
        const res = await reply(t.id, { body: 'hi', to: '+12125550000' }).expect(400);
        expect(res.body.error).toMatchObject({ code: 'unknown_field', field: 'to' });
      });

      it("answers 404 for another team's ticket, and for a ticket that does not exist", async () => {
        await reply(t.id, { body: 'hi' }, otherAgent, otherTeam).expect(404);
        await reply(t.id, { body: 'hi' }, otherAgent, teamId).expect(404);
        await reply('no-such-ticket', { body: 'hi' }).expect(404);
        expect((await thread(t.id)).filter((m) => m.body === 'hi')).toEqual([]);
      });

      it('refuses WhatsApp to a customer who never wrote on WhatsApp, saying why', async () => {
        const res = await reply(t.id, { body: 'hi', channel: 'whatsapp' }).expect(422);
        expect(res.body.error).toMatchObject({ code: 'no_whatsapp_history', field: 'channel' });
        expect(res.body.error.message).toContain('never written to this team on WhatsApp');
      });

      it('refuses free-form WhatsApp once the 24-hour window closed, naming SMS or a template instead', async () => {
        const lapsed = freshCustomer();
        const wt = await write(lapsed, 'hi on WhatsApp', { channel: 'whatsapp' });
        await reply(wt.id, { body: 'inside the window' }).expect(202);
        gw.clock.advance(24 * HOUR + 1_000);
        const res = await reply(wt.id, { body: 'a day later' }).expect(422);
        expect(res.body.error).toMatchObject({ code: 'whatsapp_window_closed', field: 'channel' });
        expect(res.body.error.message).toContain('SMS to the same number');
        expect(res.body.error.message).toContain('WhatsApp template');
        // What it names works: the same text by SMS to the same number.
        const sms = await reply(wt.id, { body: 'a day later', channel: 'sms' }).expect(202);
        expect((await wire(sms.body.id as string)).get('To')).toBe(lapsed);
        expect((await thread(wt.id)).map((m) => m.body)).not.toContain('a day later' + ' (whatsapp)');
        expect((await thread(wt.id)).filter((m) => m.body === 'a day later').map((m) => m.channel)).toEqual(['sms']);
      });

      it('refuses a customer who texted STOP', async () => {
        const stopped = freshCustomer();
        const st = await write(stopped, 'hello');
        await write(stopped, 'STOP');
        const res = await reply(st.id, { body: 'are you there?' }).expect(422);
        expect(res.body.error).toMatchObject({ code: 'opted_out' });
        expect(res.body.error.message).toContain('STOP');
      });
    });
  });

  describe('chat and owner', () => {
    // Signed in here: the tests before move the clock past a day, and a session with it.
    beforeAll(async () => {
      const user = async (email: string) => {
        const id = await createUser(gw, teamId, email, 'agent');
        return { id, email, panel: await signIn(gw, email) };
      };
      ann = await user('ann@acme.test');
      bob = await user('bob@acme.test');
    });

    it('makes a panel user the assignee of an unassigned ticket on their reply, and activates the chat', async () => {
      const customer = freshCustomer();
      const t = await write(customer, 'help');
      await patch(t.id, { chat: 'completed' }).expect(200);
      const res = await ann.panel.api('post', `/api/teams/${teamId}/tickets/${t.id}/messages`).send({ body: 'On it' });
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      expect(res.body).toMatchObject({ author: 'agent', authorId: `user:${ann.email}` });
      const after = await ticket(t.id);
      expect(after).toMatchObject({ assigneeId: ann.id, chat: 'active' });
      const actor = `user:${ann.email}`;
      expect(after.events.filter((e) => e.type === 'assigned')).toEqual([
        expect.objectContaining({ actor, from: null, to: ann.id }),
      ]);
      expect(after.events.filter((e) => e.type === 'chat_changed').map((e) => [e.actor, e.from, e.to])).toEqual([
        [`agent:${agentTokenId}`, 'active', 'completed'],
        [actor, 'completed', 'active'],
      ]);
      // Another agent's reply does not take the ticket over.
      await bob.panel.api('post', `/api/teams/${teamId}/tickets/${t.id}/messages`).send({ body: 'Me too' }).expect(202);
      const later = await ticket(t.id);
      expect(later.assigneeId).toBe(ann.id);
      expect(later.events.filter((e) => e.type === 'assigned')).toHaveLength(1);
    });

    it('leaves a closed ticket closed, its chat and assignee as they were, when an agent replies on it', async () => {
      const t = await write(freshCustomer(), 'thanks, solved');
      await patch(t.id, { status: 'closed', chat: 'completed' }).expect(200);
      await ann.panel.api('post', `/api/teams/${teamId}/tickets/${t.id}/messages`).send({ body: 'Bye!' }).expect(202);
      expect(await ticket(t.id)).toMatchObject({ status: 'closed', chat: 'completed', assigneeId: null });
    });

    it('assigns nobody when an API token replies, but still activates the chat', async () => {
      const customer = freshCustomer();
      const t = await write(customer, 'help');
      await patch(t.id, { chat: 'completed' }, managerToken).expect(200);
      await reply(t.id, { body: 'Answer from a script' }).expect(202);
      const after = await ticket(t.id);
      expect(after).toMatchObject({ assigneeId: null, chat: 'active' });
      expect(after.events.some((e) => e.type === 'assigned')).toBe(false);
    });

    it('does the same for POST /messages when the message lands on the ticket', async () => {
      const customer = freshCustomer();
      const t = await write(customer, 'help');
      await patch(t.id, { chat: 'completed' }).expect(200);
      const res = await bob.panel
        .api('post', `/api/teams/${teamId}/messages`)
        .send({ to: customer, channel: 'sms', body: 'From the log' });
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      const after = await ticket(t.id);
      expect(after).toMatchObject({ assigneeId: bob.id, chat: 'active', firstRespondedAt: expect.any(String) });
      expect((await thread(t.id)).at(-1)).toMatchObject({ author: 'agent', authorId: `user:${bob.email}` });
    });

    it("reopens a completed chat on the customer's message, on the timeline, keeping its assignee", async () => {
      const customer = freshCustomer();
      const t = await write(customer, 'first');
      await ann.panel.api('post', `/api/teams/${teamId}/tickets/${t.id}/messages`).send({ body: 'Hi' }).expect(202);
      await patch(t.id, { chat: 'completed' }).expect(200);
      expect((await ticket(t.id)).chat).toBe('completed');
      const again = await write(customer, 'one more thing');
      expect(again).toMatchObject({ id: t.id, chat: 'active', assigneeId: ann.id, status: 'open' });
      const changes = (await ticket(t.id)).events.filter((e) => e.type === 'chat_changed');
      expect(changes.at(-1)).toMatchObject({ actor: 'customer', from: 'completed', to: 'active' });
      // A message to an active chat changes nothing.
      await write(customer, 'and another');
      expect((await ticket(t.id)).events.filter((e) => e.type === 'chat_changed')).toHaveLength(changes.length);
    });
  });

  describe('PATCH /tickets/:id {chat}', () => {
    it('completes and reactivates the chat apart from the status, each change on the timeline', async () => {
      const t = await write(freshCustomer(), 'hi');
      const done = await patch(t.id, { chat: 'completed' }).expect(200);
      expect(done.body).toMatchObject({ chat: 'completed', status: 'open' });
      // The same value again: no change, no event.
      await patch(t.id, { chat: 'completed' }).expect(200);
      const back = await patch(t.id, { chat: 'active' }).expect(200);
      expect(back.body.chat).toBe('active');
      const events = (back.body.events as TicketEventView[]).filter((e) => e.type === 'chat_changed');
      expect(events.map((e) => [e.from, e.to])).toEqual([
        ['active', 'completed'],
        ['completed', 'active'],
      ]);
    });

    it('refuses an unknown chat state with 422 naming the field', async () => {
      const t = await write(freshCustomer(), 'hi');
      const res = await patch(t.id, { chat: 'closed' }).expect(422);
      expect(res.body.error).toMatchObject({ field: 'chat' });
    });
  });
});

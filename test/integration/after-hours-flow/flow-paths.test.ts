import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshCustomer } from '../../helpers/customers.js';
import { receiveMessage } from '../../helpers/inbound-messages.js';
import { startTestGateway, testClock, type TestGateway } from '../../helpers/test-gateway.js';

interface ThreadMessage {
  direction: 'inbound' | 'outbound';
  body: string;
  kind: string | null;
}

describe('The after-hours conversation over SMS and WhatsApp', () => {
  let gw: TestGateway;
  let teamId: string;
  let teamNumber: string;

  beforeAll(async () => {
    // Monday 23:00 in Warsaw: the team (no opening hours) is closed.
    gw = await startTestGateway({ clock: testClock('2026-11-30T22:00:00Z'), outbound: 'sandbox', webhookPoster: null });
    teamNumber = gw.freshNumber();
    teamId = await gw.createTeam({ numbers: [teamNumber], timezone: 'Europe/Warsaw' });
    await gw
      .api('patch', `/api/teams/${teamId}`)
      .send({ notifications: { emails: ['team@example.com'] } })
      .expect(200);
    await gw
      .api('put', `/api/teams/${teamId}/after-hours-flow`)
      .send({ enabled: true, paths: { message: true, callback: false, urgent: false, faq: false } })
      .expect(200);
  });
  afterAll(async () => {
    await gw.close();
  });

  async function ticketOf(customer: string) {
    const list = (
      await gw.api('get', `/api/teams/${teamId}/tickets?customer=${encodeURIComponent(customer)}`).expect(200)
    ).body as Array<{ id: string }>;
    return (await gw.api('get', `/api/teams/${teamId}/tickets/${list[0]!.id}`).expect(200)).body as {
      id: string;
      fields: Record<string, string | null>;
      contact: { name: string | null; email: string | null; leadStatus: string | null; leadSource: string | null };
      events: Array<{ type: string } & Record<string, unknown>>;
    };
  }
  async function thread(customer: string): Promise<ThreadMessage[]> {
    const t = await ticketOf(customer);
    return (await gw.api('get', `/api/teams/${teamId}/tickets/${t.id}/messages?limit=200`).expect(200))
      .body as ThreadMessage[];
  }
  const outbound = async (customer: string) =>
    (await thread(customer).catch(() => [])).filter((m) => m.direction === 'outbound').map((m) => m.body);
  /** Sends the customer's text and answers what we wrote back to it. */
  async function say(customer: string, body: string, channel: 'sms' | 'whatsapp' = 'sms'): Promise<string[]> {
    const before = (await outbound(customer)).length;
    // A customer takes a few seconds to answer: the thread orders our replies by time.
    gw.clock.advance(5_000);
    await receiveMessage(gw, { from: customer, to: teamNumber, body, channel });
    return (await outbound(customer)).slice(before);
  }

  it('leave a message: away message and menu, the form with an email asked again, thanks; fields, lead, team told', async () => {
    const customer = freshCustomer();
    const opening = await say(customer, 'Hello, is anyone there?');
    expect(opening).toHaveLength(2);
    expect(opening[0]).toMatch(/^Thanks for writing to Acme\. We're away now/);
    expect(opening[1]).toBe('How can we help?\n1 Leave a message');
    expect(await say(customer, '1')).toEqual(['What is your name?']);
    expect(await say(customer, 'Anna Nowak')).toEqual(['What is your email address?']);
    expect(await say(customer, 'anna at example')).toEqual([
      "That doesn't look like an email address (name@example.com). Please try again.",
      'What is your email address?',
    ]);
    expect(await say(customer, 'anna@example.com')).toEqual(['Please write your message.']);
    const [thanks] = await say(customer, 'My router blinks red since the storm.');
    expect(thanks).toMatch(/^Thank you, Anna Nowak\. Your message has reached us/);

    const ticket = await ticketOf(customer);
    expect(ticket.fields).toEqual({
      name: 'Anna Nowak',
      email: 'anna@example.com',
      message: 'My router blinks red since the storm.',
    });
    expect(ticket.contact).toMatchObject({
      name: 'Anna Nowak',
      email: 'anna@example.com',
      leadStatus: 'lead',
      leadSource: 'after_hours_flow:message',
    });
    expect(ticket.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['flow_started', 'flow_completed', 'flow_ended']),
    );
    const mail = await gw.testDb.db('notifications').where({ team_id: teamId, event: 'flow.completed' });
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ channel: 'email', target: 'team@example.com' });
    expect(mail[0].body).toContain('email: anna@example.com');
    const events = await gw.testDb.db('team_events').where({ team_id: teamId, type: 'flow.completed' });
    expect(events).toHaveLength(1);
    // The plain after-hours text was not sent: the conversation answered instead, with the reason logged.
    const decisions = (
      await gw
        .api('get', `/api/teams/${teamId}/decisions?customer=${encodeURIComponent(customer)}&kind=after_hours_text`)
        .expect(200)
    ).body as Array<{ action: string; reason: string }>;
    expect(decisions.every((d) => d.action === 'skip' && d.reason === 'after_hours_flow')).toBe(true);
    expect(decisions.length).toBeGreaterThan(0);
  });

  it('the same night, a customer who finished is not walked through the menu again', async () => {
    const customer = freshCustomer();
    await say(customer, 'hi');
    await say(customer, '1');
    await say(customer, 'Jan');
    await say(customer, 'jan@example.com');
    await say(customer, 'Please call me back tomorrow');
    expect(await say(customer, 'Thanks!')).toEqual([]);
  });

  it('an invalid answer is asked again at most twice, then the field is recorded as missing', async () => {
    const customer = freshCustomer();
    await say(customer, 'hello');
    await say(customer, '1');
    await say(customer, 'Ola');
    expect(await say(customer, 'nope')).toHaveLength(2);
    expect(await say(customer, 'still no')).toHaveLength(2);
    expect(await say(customer, 'never')).toEqual(["No problem, let's go on without it.", 'Please write your message.']);
    await say(customer, 'The message itself');
    expect((await ticketOf(customer)).fields).toEqual({ name: 'Ola', email: null, message: 'The message itself' });
  });

  it('empty, media-only and 1,000 characters of noise never break the session; 0 goes back to the menu', async () => {
    const customer = freshCustomer();
    await say(customer, 'hi');
    expect(await say(customer, '   ')).toEqual([
      'Please reply with one of the numbers shown.',
      'How can we help?\n1 Leave a message',
    ]);
    expect(await say(customer, 'x'.repeat(1_000))).toHaveLength(2);
    expect(await say(customer, '1')).toEqual(['What is your name?']);
    const [name] = await say(customer, 'y'.repeat(1_000));
    expect(name).toBe('What is your email address?');
    expect(await say(customer, '0')).toEqual(['How can we help?\n1 Leave a message']);
  });

  it('STOP mid-flow ends the session and silences every reply', async () => {
    const customer = freshCustomer();
    await say(customer, 'hi');
    await say(customer, '1');
    expect(await say(customer, 'STOP')).toEqual([]);
    expect(await say(customer, 'Anna')).toEqual([]);
    const ticket = await ticketOf(customer);
    expect(ticket.events.filter((e) => e.type === 'flow_ended').map((e) => e.reason)).toEqual(['stopped']);
  });

  it('HELP gets the help text and keeps the place', async () => {
    const customer = freshCustomer();
    await say(customer, 'hi');
    await say(customer, '1');
    const [help] = await say(customer, 'HELP');
    expect(help).toMatch(/^Reply with a number to choose, 0 or MENU to go back/);
    expect(await say(customer, 'Kasia')).toEqual(['What is your email address?']);
  });

  describe('FAQ, then "did you find what you need?"', () => {
    let faqTeam: string;
    let faqNumber: string;
    beforeAll(async () => {
      faqNumber = gw.freshNumber();
      faqTeam = await gw.createTeam({ numbers: [faqNumber], timezone: 'Europe/Warsaw' });
      await gw
        .api('put', `/api/teams/${faqTeam}/after-hours-flow`)
        .send({ enabled: true, paths: { message: true, callback: false, urgent: false, faq: true } })
        .expect(200);
      await gw
        .api('post', `/api/teams/${faqTeam}/faq`)
        .send({
          question: 'How do I reset my password?',
          answer: 'Use "Forgot password" on the sign-in page.',
          keywords: ['login'],
        })
        .expect(201);
      await gw
        .api('post', `/api/teams/${faqTeam}/faq`)
        .send({ question: 'Where is my invoice?', answer: 'Invoices are under Billing.', keywords: [] })
        .expect(201);
    });
    async function ask(customer: string, body: string): Promise<string[]> {
      const list = async () => {
        const tickets = (
          await gw.api('get', `/api/teams/${faqTeam}/tickets?customer=${encodeURIComponent(customer)}`).expect(200)
        ).body as Array<{ id: string }>;
        if (tickets.length === 0) return [];
        const messages = (
          await gw.api('get', `/api/teams/${faqTeam}/tickets/${tickets[0]!.id}/messages?limit=200`).expect(200)
        ).body as ThreadMessage[];
        return messages.filter((m) => m.direction === 'outbound').map((m) => m.body);
      };
      const before = (await list()).length;
      gw.clock.advance(5_000);
      await receiveMessage(gw, { from: customer, to: faqNumber, body });
      return (await list()).slice(before);
    }

    it('finds the answer; yes ends the session', async () => {
      const customer = freshCustomer();
      const [, menu] = await ask(customer, 'hello');
      expect(menu).toBe('How can we help?\n1 Leave a message\n2 Search our FAQ');
      expect(await ask(customer, '2')).toEqual(['What is your question? A few words are enough.']);
      const [answers, found] = await ask(customer, 'I forgot my passwords');
      expect(answers).toBe(
        'This may help:\n1) How do I reset my password?\nUse "Forgot password" on the sign-in page.',
      );
      expect(found).toBe('Did you find what you need? Reply 1 for yes, 2 for no.');
      expect(await ask(customer, 'yes')).toEqual(['Glad we could help. Write any time.']);
    });

    it('no leads to the message form; nothing found goes there at once', async () => {
      const customer = freshCustomer();
      await ask(customer, 'hello');
      await ask(customer, '2');
      await ask(customer, 'invoice');
      expect(await ask(customer, '2')).toEqual(['What is your name?']);
      const other = freshCustomer();
      await ask(other, 'hello');
      await ask(other, '2');
      expect(await ask(other, 'parking space')).toEqual(["We couldn't find an answer to that.", 'What is your name?']);
    });
  });

  it('a session with no answer for idleMinutes ends with one closing message; the next message starts fresh', async () => {
    const customer = freshCustomer();
    await say(customer, 'hi');
    await say(customer, '1');
    gw.clock.advance(31 * 60_000);
    expect(await gw.worker.flowExpiry.run()).toBeGreaterThanOrEqual(1);
    expect(await gw.worker.flowExpiry.run()).toBe(0);
    const out = await outbound(customer);
    expect(out.at(-1)).toBe("We haven't heard from you, so we closed this conversation. Write again any time.");
    const again = await say(customer, 'hello again');
    expect(again[1]).toBe('How can we help?\n1 Leave a message');
  });

  it('a customer who writes again the next night starts fresh', async () => {
    const customer = freshCustomer();
    await say(customer, 'hi');
    await say(customer, '1');
    await say(customer, 'Piotr');
    await say(customer, 'piotr@example.com');
    await say(customer, 'Question about my order');
    gw.clock.advance(24 * 3_600_000);
    const next = await say(customer, 'Me again');
    expect(next).toHaveLength(2);
    expect(next[0]).toMatch(/^Thanks for writing to Acme/);
  });

  it('when the team opens while a session runs, the session finishes; new customers get no flow', async () => {
    const openNumber = gw.freshNumber();
    const team = await gw.createTeam({ numbers: [openNumber], timezone: 'Europe/Warsaw' });
    await gw
      .api('put', `/api/teams/${team}/after-hours-flow`)
      .send({ enabled: true, paths: { message: true, callback: false, urgent: false, faq: false } })
      .expect(200);
    const customer = freshCustomer();
    const send = async (from: string, body: string) => {
      gw.clock.advance(5_000);
      await receiveMessage(gw, { from, to: openNumber, body });
    };
    await send(customer, 'hi');
    await send(customer, '1');
    // The team opens: every day, all day.
    const always = [['00:00', '24:00']];
    await gw
      .api('put', `/api/teams/${team}/schedule`)
      .send({
        timezone: 'Europe/Warsaw',
        weekly: { mon: always, tue: always, wed: always, thu: always, fri: always, sat: always, sun: always },
        exceptions: [],
      })
      .expect(200);
    await send(customer, 'Marta');
    await send(customer, 'marta@example.com');
    await send(customer, 'Please check my order');
    const tickets = (
      await gw.api('get', `/api/teams/${team}/tickets?customer=${encodeURIComponent(customer)}`).expect(200)
    ).body as Array<{ id: string }>;
    const ticket = (await gw.api('get', `/api/teams/${team}/tickets/${tickets[0]!.id}`).expect(200)).body as {
      fields: Record<string, string | null>;
    };
    expect(ticket.fields).toMatchObject({
      name: 'Marta',
      email: 'marta@example.com',
      message: 'Please check my order',
    });
    const newcomer = freshCustomer();
    await send(newcomer, 'hello');
    const sessions = await gw.testDb.db('flow_sessions').where({ team_id: team, customer: newcomer });
    expect(sessions).toHaveLength(0);
  });

  it('on WhatsApp the menu is the same text, and a quick-reply title picks the option', async () => {
    const customer = freshCustomer();
    const [, menu] = await say(customer, 'hi', 'whatsapp');
    expect(menu).toBe('How can we help?\n1 Leave a message');
    expect(await say(customer, '1', 'whatsapp')).toEqual(['What is your name?']);
  });

  it('on WhatsApp inside the window, the menu goes as the team’s quick-reply template when it set one', async () => {
    const number = gw.freshNumber();
    const team = await gw.createTeam({ numbers: [number], timezone: 'Europe/Warsaw' });
    const sid = `HX${'ab'.repeat(16)}`;
    await gw
      .api('put', `/api/teams/${team}/after-hours-flow`)
      .send({
        enabled: true,
        paths: { message: true, callback: false, urgent: false, faq: true },
        whatsappMenuContentSid: sid,
      })
      .expect(200);
    const customer = freshCustomer();
    await receiveMessage(gw, { from: customer, to: number, body: 'hi', channel: 'whatsapp' });
    const menu: Array<{ kind: string; content: unknown; body: string }> = await gw.testDb
      .db('messages')
      .where({ team_id: team, to_address: customer, direction: 'outbound' })
      .orderBy('created_at');
    expect(menu.map((m) => m.kind)).toEqual(['after_hours_flow', 'after_hours_flow_step']);
    const raw = menu[1]!.content;
    const content: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
    expect(content).toEqual({
      sid,
      variables: { '1': 'How can we help?', '2': 'Leave a message', '3': 'Search our FAQ' },
    });
    // The thread shows the text; SMS gets no template.
    expect(menu[1]!.body).toBe('How can we help?\n1 Leave a message\n2 Search our FAQ');
    const sms = freshCustomer();
    await receiveMessage(gw, { from: sms, to: number, body: 'hi' });
    const smsMenu = await gw.testDb
      .db('messages')
      .where({ team_id: team, to_address: sms, kind: 'after_hours_flow_step' });
    expect(smsMenu[0].content).toBeNull();
  });
});

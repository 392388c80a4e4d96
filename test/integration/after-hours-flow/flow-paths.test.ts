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
});

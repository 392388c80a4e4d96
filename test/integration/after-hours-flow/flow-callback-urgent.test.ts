import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshCustomer } from '../../helpers/customers.js';
import { receiveMessage } from '../../helpers/inbound-messages.js';
import { startTestGateway, testClock, type TestGateway } from '../../helpers/test-gateway.js';

interface ThreadMessage {
  direction: 'inbound' | 'outbound';
  body: string;
  to: string;
}

const ON_CALL = '+48601100200';
const WEEKDAYS = [['09:00', '17:00']];

describe('The after-hours conversation: callback and urgent paths', () => {
  let gw: TestGateway;
  let teamId: string;
  let teamNumber: string;

  beforeAll(async () => {
    // Monday 23:00 in Warsaw; the team opens Tuesday 09:00.
    gw = await startTestGateway({ clock: testClock('2026-11-30T22:00:00Z'), outbound: 'sandbox', webhookPoster: null });
    teamNumber = gw.freshNumber();
    teamId = await gw.createTeam({ numbers: [teamNumber], timezone: 'Europe/Warsaw' });
    await gw
      .api('put', `/api/teams/${teamId}/schedule`)
      .send({
        timezone: 'Europe/Warsaw',
        weekly: { mon: WEEKDAYS, tue: WEEKDAYS, wed: WEEKDAYS, thu: WEEKDAYS, fri: WEEKDAYS },
        exceptions: [],
      })
      .expect(200);
    await gw
      .api('put', `/api/teams/${teamId}/after-hours-flow`)
      .send({
        enabled: true,
        paths: { message: true, callback: true, urgent: true, faq: false },
        onCall: { numbers: [ON_CALL], emails: ['oncall@example.com'], repageMinutes: 5, maxPages: 3 },
      })
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
      priority: string;
      fields: Record<string, string | null>;
      firstResponseDueAt: string | null;
      contact: { leadSource: string | null } | null;
      urgent: { pages: number; acknowledgedAt: string | null; acknowledgedBy: string | null } | null;
      events: Array<{ type: string } & Record<string, unknown>>;
    };
  }
  const outbound = async (customer: string) => {
    const list = (
      await gw.api('get', `/api/teams/${teamId}/tickets?customer=${encodeURIComponent(customer)}`).expect(200)
    ).body as Array<{ id: string }>;
    if (list.length === 0) return [];
    const messages = (await gw.api('get', `/api/teams/${teamId}/tickets/${list[0]!.id}/messages?limit=200`).expect(200))
      .body as ThreadMessage[];
    return messages.filter((m) => m.direction === 'outbound').map((m) => m.body);
  };
  async function say(customer: string, body: string): Promise<string[]> {
    const before = (await outbound(customer)).length;
    gw.clock.advance(5_000);
    await receiveMessage(gw, { from: customer, to: teamNumber, body });
    return (await outbound(customer)).slice(before);
  }

  it('callback: the slots of the next opening in the customer’s zone, the sender’s number by "1", a task due at the slot', async () => {
    const customer = '+48600700801'; // Poland: one time zone, nothing to ask
    const [, menu] = await say(customer, 'Dzień dobry');
    expect(menu).toBe('How can we help?\n1 Leave a message\n2 Request a callback\n3 Urgent issue');
    await say(customer, '2');
    expect(await say(customer, 'Anna')).toEqual([
      'What number should we call? Reply 1 to use this number: +48600700801',
    ]);
    const [slots] = await say(customer, '1');
    expect(slots).toBe(
      'When should we call you? Reply with a number:\n' +
        '1 Tomorrow, Tue 1 Dec, 09:00-10:00\n2 Tomorrow, Tue 1 Dec, 10:00-11:00\n' +
        '3 Tomorrow, Tue 1 Dec, 11:00-12:00\n4 Tomorrow, Tue 1 Dec, 12:00-13:00',
    );
    expect(await say(customer, '7')).toEqual(['Please reply with one of the numbers shown.', slots]);
    expect(await say(customer, '2')).toEqual(['What is the call about?']);
    const [confirmed] = await say(customer, 'My invoice');
    expect(confirmed).toMatch(/^Thank you, Anna\. We will call \+48600700801 Tomorrow, Tue 1 Dec, 10:00-11:00\./);

    const ticket = await ticketOf(customer);
    expect(ticket.fields).toMatchObject({
      name: 'Anna',
      phone: '+48600700801',
      bestTime: 'Tomorrow, Tue 1 Dec, 10:00-11:00',
      bestTimeStart: '2026-12-01T09:00:00.000Z',
      regarding: 'My invoice',
    });
    expect(ticket.contact?.leadSource).toBe('after_hours_flow:callback');
    const tasks = (await gw.api('get', `/api/teams/${teamId}/tickets/${ticket.id}/tasks`).expect(200)).body as Array<{
      type: string;
      dueAt: string;
      phone: string;
    }>;
    expect(tasks).toEqual([
      expect.objectContaining({ type: 'callback', dueAt: '2026-12-01T09:00:00.000Z', phone: '+48600700801' }),
    ]);
    // It counts toward RLA: the first response is due by the slot's end.
    expect(ticket.firstResponseDueAt).toBe('2026-12-01T10:00:00.000Z');
  });

  it('callback: a customer whose number does not tell the zone is asked; a phone with spaces is stored in E.164', async () => {
    const customer = freshCustomer(); // +1 212: the US has many zones
    await say(customer, 'hi');
    await say(customer, '2');
    expect(await say(customer, 'Bob')).toHaveLength(1);
    expect(await say(customer, '+48 600 700 802')).toEqual(['Which time zone are you in? For example: Europe/Warsaw']);
    const [slots] = await say(customer, 'America/New_York');
    expect(slots).toContain('1 Tomorrow, Tue 1 Dec, 03:00-04:00');
    await say(customer, '1');
    await say(customer, 'Order 17');
    const ticket = await ticketOf(customer);
    expect(ticket.fields).toMatchObject({ phone: '+48600700802', timeZone: 'America/New_York' });
  });

  it('urgent: an intro, the form, priority urgent, a page to on-call; ACK by reply tells the customer', async () => {
    const customer = '+48600700803';
    await say(customer, 'help!!');
    expect(await say(customer, '3')).toEqual([
      "We're sorry you have an urgent problem. A few questions, and we will alert the person on call.",
      'What is your name?',
    ]);
    await say(customer, 'Ewa');
    await say(customer, 'ewa@example.com');
    await say(customer, '1');
    const [received] = await say(customer, 'The server room is flooding');
    expect(received).toMatch(/^Thank you\. We have alerted the person on call/);
    const ticket = await ticketOf(customer);
    expect(ticket.priority).toBe('urgent');
    expect(ticket.urgent).toMatchObject({ pages: 1, acknowledgedAt: null });
    const page = await gw.testDb.db('messages').where({ team_id: teamId, to_address: ON_CALL, kind: 'urgent_page' });
    expect(page).toHaveLength(1);
    expect(page[0].body).toMatch(/^URGENT: Ewa \(\+48600700803\) ticket \d+: The server room is flooding/);
    const mails = await gw.testDb.db('notifications').where({ team_id: teamId, target: 'oncall@example.com' });
    expect(mails.length).toBeGreaterThanOrEqual(1);

    gw.clock.advance(5_000);
    await receiveMessage(gw, { from: ON_CALL, to: teamNumber, body: 'ack' });
    const after = await ticketOf(customer);
    expect(after.urgent).toMatchObject({ acknowledgedBy: ON_CALL });
    expect((await outbound(customer)).at(-1)).toMatch(/is on your urgent issue \(ticket \d+\)/);
  });
});

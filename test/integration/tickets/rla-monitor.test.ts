import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookSignatureProblem } from '../../../src/notifications/webhook-signature.js';
import { freshCustomer } from '../../helpers/customers.js';
import { sleep } from '../../helpers/sleep.js';
import { eventually, startTestGateway, testClock, type TestGateway } from '../../helpers/test-gateway.js';
import { missedCall, voicemailCall, type TicketView } from '../../helpers/ticket-calls.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface NotificationView {
  readonly id: string;
  readonly channel: 'email' | 'webhook';
  readonly target: string;
  readonly event: string;
  readonly subject: string;
  readonly status: string;
  readonly createdAt: string;
}

describe('RLA monitor: warnings and breaches', () => {
  let gw: TestGateway;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    // Webhooks posted for real (the default poster), email recorded.
    gw = await startTestGateway({ clock: testClock('2026-11-18T10:00:00Z'), outbound: 'sandbox' });
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await gw.close();
    await receiver.close();
  });

  interface Team {
    readonly id: string;
    readonly number: string;
    readonly hookUrl: string;
    readonly secret: string;
    readonly agent: string;
  }

  /**
   * A team open around the clock (due times in calendar minutes; warnings 30 minutes ahead by
   * default) that hears about its tickets by email and at its own webhook.
   */
  async function team(patch: Record<string, unknown> = {}, notify = true): Promise<Team> {
    const number = gw.freshNumber();
    const id = await gw.createTeam({ numbers: [number], open: true });
    const hookUrl = receiver.endpoint();
    const notifications = notify ? { emails: ['lead@example.com'], webhookUrl: hookUrl } : {};
    await gw
      .api('patch', `/api/teams/${id}`)
      .send({ notifications, ...patch })
      .expect(200);
    const secret = (await gw.api('post', `/api/teams/${id}/notifications/webhook-secret`).expect(201)).body
      .secret as string;
    const agent = (await gw.api('post', `/api/teams/${id}/tokens`).send({ role: 'agent' }).expect(201)).body
      .token as string;
    return { id, number, hookUrl, secret, agent };
  }
  async function newTicket(t: Team): Promise<TicketView> {
    const call = await missedCall(gw, t.id, t.number, freshCustomer());
    return ticket(t, call.ticketId!);
  }
  async function ticket(t: Team, id: string): Promise<TicketView> {
    return (await gw.api('get', `/api/teams/${t.id}/tickets/${id}`).expect(200)).body as TicketView;
  }
  async function notifications(t: Team): Promise<NotificationView[]> {
    return (await gw.api('get', `/api/teams/${t.id}/notifications?limit=200`).expect(200)).body as NotificationView[];
  }
  /** Waits until every notification of the team has left `pending`, and returns them oldest first. */
  async function settledNotifications(t: Team, count: number): Promise<NotificationView[]> {
    const all = await eventually(async () => {
      const list = await notifications(t);
      return list.length === count && list.every((n) => n.status !== 'pending') ? list : null;
    }, 15_000);
    // Oldest first; one event's email and webhook rows share a time, so the channel breaks the tie.
    return [...all].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.channel.localeCompare(b.channel));
  }
  const marks = (t: TicketView) =>
    t.events.filter((e) => e.type === 'rla_warning' || e.type === 'rla_breach').map((e) => [e.type, e.clock]);
  const scan = () => gw.worker.timers.runOnce();
  const advanceTo = (from: string, ms: number) => gw.clock.set(new Date(Date.parse(from) + ms));

  it('warns once before the first response is due, by email and by a signed webhook', async () => {
    const t = await team();
    const created = await newTicket(t);

    advanceTo(created.createdAt, 205 * MINUTE); // 35 minutes before due: not yet
    await scan();
    expect(marks(await ticket(t, created.id))).toEqual([]);

    advanceTo(created.createdAt, 215 * MINUTE);
    const warnedAt = gw.clock().toISOString();
    await scan();
    const warned = await ticket(t, created.id);
    expect(marks(warned)).toEqual([['rla_warning', 'first_response']]);
    expect(warned.events.at(-1)).toMatchObject({
      type: 'rla_warning',
      actor: 'rla',
      at: warnedAt,
      clock: 'first_response',
      dueAt: created.firstResponseDueAt,
    });
    expect(warned.rla).toMatchObject({
      firstResponse: 'warning',
      firstResponseWarnedAt: warnedAt,
      firstResponseBreachedAt: null,
      resolution: 'pending',
    });
    // A mark is not activity: attaching still counts from the customer's and agents' last move.
    expect(warned.lastActivityAt).toBe(created.lastActivityAt);

    const [email, webhook] = await settledNotifications(t, 2);
    const subject = `[Support] Ticket #${created.number}: first response is due soon`;
    expect(email).toMatchObject({
      channel: 'email',
      target: 'lead@example.com',
      event: 'rla.warning',
      subject,
      status: 'recorded',
    });
    // The webhook is a delivery of the rla.warning event to the settings' subscription.
    expect(webhook).toMatchObject({
      channel: 'webhook',
      target: t.hookUrl,
      event: 'rla.warning',
      status: 'sent',
    });

    const [post] = receiver.postsTo(t.hookUrl);
    expect(post!.headers).toMatchObject({
      'content-type': 'application/json',
      'x-switchboard-event': 'rla.warning',
      'x-switchboard-delivery': webhook!.id,
    });
    // Signed at the gateway's (test) clock with the secret the API gave.
    expect(
      webhookSignatureProblem(t.secret, post!.headers['x-switchboard-signature'] as string, post!.body, gw.clock()),
    ).toBeNull();
    expect(
      webhookSignatureProblem(
        `${t.secret}x`,
        post!.headers['x-switchboard-signature'] as string,
        post!.body,
        gw.clock(),
      ),
    ).toBe('invalid_signature');
    const [event] = (await gw.stores.teamEvents.list(t.id, { ticketId: created.id, limit: 50 })).filter(
      (e) => e.type === 'rla.warning',
    );
    expect(JSON.parse(post!.body)).toMatchObject({
      id: event!.id,
      event: 'rla.warning',
      teamId: t.id,
      data: {
        ticketId: created.id,
        number: created.number,
        priority: 'normal',
        customer: created.customer,
        clock: 'first_response',
        mark: 'warning',
        dueAt: created.firstResponseDueAt,
      },
    });

    // Scanning again: nothing new anywhere.
    await scan();
    await scan();
    await sleep(300);
    expect(marks(await ticket(t, created.id))).toEqual([['rla_warning', 'first_response']]);
    expect(await notifications(t)).toHaveLength(2);
    expect(receiver.postsTo(t.hookUrl)).toHaveLength(1);
  });

  it('marks the breach once when the due time passes, and notifies once', async () => {
    const t = await team();
    const created = await newTicket(t);
    advanceTo(created.createdAt, 215 * MINUTE);
    await scan();
    await settledNotifications(t, 2);

    advanceTo(created.createdAt, 240 * MINUTE); // exactly due
    const breachedAt = gw.clock().toISOString();
    await scan();
    await scan();
    const breached = await ticket(t, created.id);
    expect(marks(breached)).toEqual([
      ['rla_warning', 'first_response'],
      ['rla_breach', 'first_response'],
    ]);
    expect(breached.events.at(-1)).toMatchObject({
      type: 'rla_breach',
      actor: 'rla',
      at: breachedAt,
      clock: 'first_response',
      dueAt: created.firstResponseDueAt,
    });
    expect(breached.rla).toMatchObject({
      firstResponse: 'breached',
      firstResponseBreachedAt: breachedAt,
      resolution: 'pending',
    });

    const all = await settledNotifications(t, 4);
    expect(all.map((n) => [n.event, n.channel, n.status])).toEqual([
      ['rla.warning', 'email', 'recorded'],
      ['rla.warning', 'webhook', 'sent'],
      ['rla.breach', 'email', 'recorded'],
      ['rla.breach', 'webhook', 'sent'],
    ]);
    expect(all[2]!.subject).toBe(`[Support] Ticket #${created.number}: first response is overdue`);
    const posts = receiver.postsTo(t.hookUrl);
    expect(posts.map((p) => p.headers['x-switchboard-event'])).toEqual(['rla.warning', 'rla.breach']);
    expect(
      webhookSignatureProblem(
        t.secret,
        posts[1]!.headers['x-switchboard-signature'] as string,
        posts[1]!.body,
        gw.clock(),
      ),
    ).toBeNull();
    expect(JSON.parse(posts[1]!.body).data).toMatchObject({
      ticketId: created.id,
      clock: 'first_response',
      mark: 'breach',
    });
  });

  it('goes straight to the breach, with no late warning, when the first scan is past due', async () => {
    const t = await team();
    const created = await newTicket(t);
    advanceTo(created.createdAt, 300 * MINUTE);
    await scan();
    const breached = await ticket(t, created.id);
    expect(marks(breached)).toEqual([['rla_breach', 'first_response']]);
    expect(breached.rla.firstResponseWarnedAt).toBeNull();
    expect((await settledNotifications(t, 2)).map((n) => n.event)).toEqual(['rla.breach', 'rla.breach']);
  });

  it('watches the resolution clock on its own', async () => {
    const t = await team();
    const created = await newTicket(t);
    const customer = created.customer;
    // Answered in time: only the resolution clock runs (due after 1440 minutes).
    advanceTo(created.createdAt, 20 * MINUTE);
    await gw
      .api('post', `/api/teams/${t.id}/messages`, t.agent)
      .send({ to: customer, channel: 'sms', body: 'Hi' })
      .expect(202);

    advanceTo(created.createdAt, 1420 * MINUTE);
    await scan();
    expect(marks(await ticket(t, created.id))).toEqual([['rla_warning', 'resolution']]);
    advanceTo(created.createdAt, 1441 * MINUTE);
    await scan();
    await scan();
    const done = await ticket(t, created.id);
    expect(marks(done)).toEqual([
      ['rla_warning', 'resolution'],
      ['rla_breach', 'resolution'],
    ]);
    expect(done.rla).toMatchObject({
      firstResponse: 'met',
      resolution: 'breached',
      firstResponseWarnedAt: null,
      firstResponseBreachedAt: null,
    });
    // The email's subject (a webhook delivery posts the event's data instead).
    const subjects = (await settledNotifications(t, 4)).filter((n) => n.channel === 'email').map((n) => n.subject);
    expect(subjects.filter((s, i) => subjects.indexOf(s) === i)).toEqual([
      `[Support] Ticket #${created.number}: resolution is due soon`,
      `[Support] Ticket #${created.number}: resolution is overdue`,
    ]);
  });

  it('gives a ticket answered in time no first-response marks', async () => {
    const t = await team();
    const created = await newTicket(t);
    advanceTo(created.createdAt, 10 * MINUTE);
    await gw
      .api('post', `/api/teams/${t.id}/messages`, t.agent)
      .send({ to: created.customer, channel: 'sms', body: 'Hi' })
      .expect(202);
    for (const at of [215, 241, 600]) {
      advanceTo(created.createdAt, at * MINUTE);
      await scan();
    }
    const answered = await ticket(t, created.id);
    expect(marks(answered)).toEqual([]);
    expect(answered.rla).toMatchObject({
      firstResponse: 'met',
      firstResponseWarnedAt: null,
      firstResponseBreachedAt: null,
    });
    await sleep(300);
    expect(await notifications(t)).toEqual([]);
  });

  it('gives a closed ticket no marks at all', async () => {
    const t = await team();
    const created = await newTicket(t);
    advanceTo(created.createdAt, 5 * MINUTE);
    await gw.api('patch', `/api/teams/${t.id}/tickets/${created.id}`).send({ status: 'closed' }).expect(200);
    for (const at of [215, 241, 1420, 1441, 3000]) {
      advanceTo(created.createdAt, at * MINUTE);
      await scan();
    }
    const closed = await ticket(t, created.id);
    expect(marks(closed)).toEqual([]);
    expect(closed.rla).toEqual({
      firstResponse: 'none',
      resolution: 'met',
      firstResponseWarnedAt: null,
      firstResponseBreachedAt: null,
      resolutionWarnedAt: null,
      resolutionBreachedAt: null,
    });
    await sleep(300);
    expect(await notifications(t)).toEqual([]);
  });

  it('marks without notifying a team that set no addresses, and never warns a team that turned warnings off', async () => {
    const quiet = await team({}, false);
    const a = await newTicket(quiet);
    advanceTo(a.createdAt, 215 * MINUTE);
    await scan();
    expect(marks(await ticket(quiet, a.id))).toEqual([['rla_warning', 'first_response']]);
    await sleep(300);
    expect(await notifications(quiet)).toEqual([]);

    const noWarnings = await team({ rla: { warnBeforeMinutes: 0 } });
    const b = await newTicket(noWarnings);
    for (const at of [215, 239, 241]) {
      advanceTo(b.createdAt, at * MINUTE);
      await scan();
    }
    expect(marks(await ticket(noWarnings, b.id))).toEqual([['rla_breach', 'first_response']]);
    expect((await settledNotifications(noWarnings, 2)).map((n) => n.event)).toEqual(['rla.breach', 'rla.breach']);
  });

  it('watches a first-response clock restarted by a voicemail afresh: a new breach, a new notification', async () => {
    const t = await team();
    const created = await newTicket(t);
    advanceTo(created.createdAt, 250 * MINUTE);
    await scan(); // breached, unanswered
    await settledNotifications(t, 2);
    await gw
      .api('post', `/api/teams/${t.id}/messages`, t.agent)
      .send({ to: created.customer, channel: 'sms', body: 'Sorry for the wait' })
      .expect(202);

    advanceTo(created.createdAt, 6 * HOUR);
    const restartedAt = gw.clock().getTime();
    await voicemailCall(gw, t.id, t.number, created.customer);
    const waiting = await ticket(t, created.id);
    expect(waiting).toMatchObject({
      firstRespondedAt: null,
      firstResponseDueAt: new Date(restartedAt + 240 * MINUTE).toISOString(),
    });
    // The customer is waiting on a new promise, not yet broken.
    expect(waiting.rla).toMatchObject({
      firstResponse: 'pending',
      firstResponseWarnedAt: null,
      firstResponseBreachedAt: null,
    });

    gw.clock.set(new Date(restartedAt + 241 * MINUTE));
    await scan();
    const breachedAgain = await ticket(t, created.id);
    expect(marks(breachedAgain)).toEqual([
      ['rla_breach', 'first_response'],
      ['rla_breach', 'first_response'],
    ]);
    expect(breachedAgain.events.at(-1)).toMatchObject({ type: 'rla_breach', dueAt: waiting.firstResponseDueAt });
    const all = await settledNotifications(t, 4);
    expect(all.map((n) => n.event)).toEqual(['rla.breach', 'rla.breach', 'rla.breach', 'rla.breach']);
    const posts = receiver.postsTo(t.hookUrl);
    expect(posts.map((p) => (JSON.parse(p.body) as { data: { dueAt: string } }).data.dueAt)).toEqual([
      created.firstResponseDueAt,
      waiting.firstResponseDueAt,
    ]);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callbackSlots, slotsTimeZone, type CallbackSlot } from '../../../src/callbacks/callback-slots.js';
import { completeCallbacksByCall, createCallbackTask } from '../../../src/callbacks/callback-tasks.js';
import { storeSetTransactor } from '../../../src/store-set.js';
import { freshCustomer } from '../../helpers/customers.js';
import { receiveMessage } from '../../helpers/inbound-messages.js';
import { startTestGateway, testClock, type TestGateway } from '../../helpers/test-gateway.js';

const MINUTE = 60_000;
const NIGHT = '2026-12-01T02:00:00Z'; // Tuesday, 03:00 in Warsaw: closed until 09:00
const OFFICE = { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']] };

interface TaskView {
  readonly id: string;
  readonly ticketId: string;
  readonly type: string;
  readonly status: string;
  readonly dueAt: string;
  readonly windowEnd: string;
  readonly phone: string;
  readonly name: string | null;
  readonly regarding: string | null;
  readonly timeZone: string;
  readonly doneAt: string | null;
  readonly doneBy: string | null;
}

interface TicketView {
  readonly id: string;
  readonly firstResponseDueAt: string | null;
  readonly firstRespondedAt: string | null;
  readonly rla: { readonly firstResponse: string };
  readonly events: Array<{ type: string; actor: string; at: string } & Record<string, unknown>>;
}

describe('callback tasks: created in the flow’s transaction, counted by the RLA clock, done by an agent', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({ clock: testClock(NIGHT), outbound: 'sandbox', webhookPoster: null });
  });
  afterAll(async () => {
    await gw.close();
  });
  beforeEach(() => {
    gw.clock.set(NIGHT);
  });

  interface Team {
    readonly id: string;
    readonly number: string;
    readonly agent: string;
  }

  async function team(): Promise<Team> {
    const number = gw.freshNumber();
    const id = await gw.createTeam({ numbers: [number] });
    await gw
      .api('put', `/api/teams/${id}/schedule`)
      .send({ timezone: 'Europe/Warsaw', weekly: OFFICE, exceptions: [] })
      .expect(200);
    const agent = (await gw.api('post', `/api/teams/${id}/tokens`).send({ role: 'agent' }).expect(201)).body
      .token as string;
    return { id, number, agent };
  }

  /** A customer texts after hours: their ticket, as the API shows it. */
  async function customerTicket(t: Team, customer = freshCustomer()): Promise<TicketView & { customer: string }> {
    await receiveMessage(gw, { from: customer, to: t.number, body: 'Please call me about my invoice' });
    const list = (
      await gw.api('get', `/api/teams/${t.id}/tickets?customer=${encodeURIComponent(customer)}`).expect(200)
    ).body as Array<{ id: string }>;
    return { ...(await ticket(t, list[0]!.id)), customer };
  }
  async function ticket(t: Team, id: string): Promise<TicketView> {
    return (await gw.api('get', `/api/teams/${t.id}/tickets/${id}`).expect(200)).body as TicketView;
  }

  /** What the after-hours conversation does: slots on the team's schedule, then the task, in one transaction. */
  async function requestCallback(t: Team, ticketId: string, customer: string, choice = 1) {
    return storeSetTransactor(gw.testDb.db)(async (s) => {
      const locked = (await s.tickets.lock(t.id, ticketId))!;
      const schedule = (await s.schedules.get(t.id))!;
      const zone = slotsTimeZone(customer, schedule.timezone, null);
      const slots = callbackSlots(schedule, gw.clock(), zone.timeZone, 'en');
      const slot = slots[choice]!;
      const created = await createCallbackTask(s, {
        ticket: locked,
        teamId: t.id,
        phone: customer,
        name: 'Ada Lovelace',
        regarding: 'invoice 42',
        slot,
        timeZone: zone.timeZone,
        now: gw.clock(),
        actor: 'customer',
      });
      return { ...created, slot, slots };
    });
  }

  const marks = (t: TicketView) =>
    t.events.filter((e) => e.type === 'rla_warning' || e.type === 'rla_breach').map((e) => [e.type, e.clock]);
  const scan = () => gw.worker.timers.runOnce();
  const at = (instant: Date, offsetMinutes: number) =>
    gw.clock.set(new Date(instant.getTime() + offsetMinutes * MINUTE));

  it('creates the task, puts it on the timeline and the team’s events, and makes the slot’s end the first-response due time', async () => {
    const t = await team();
    const before = await customerTicket(t);
    // Opened at night: the first answer is owed at 13:00 (four business hours from 09:00).
    expect(before.firstResponseDueAt).toBe('2026-12-01T12:00:00.000Z');

    const { task, slot, slots } = await requestCallback(t, before.id, before.customer);
    expect(slots.map((s: CallbackSlot) => s.label)).toEqual([
      'Today, Tue 1 Dec, 09:00–10:00',
      'Today, Tue 1 Dec, 10:00–11:00',
      'Today, Tue 1 Dec, 11:00–12:00',
      'Today, Tue 1 Dec, 12:00–13:00',
    ]);
    expect(slot.start.toISOString()).toBe('2026-12-01T09:00:00.000Z');

    const after = await ticket(t, before.id);
    expect(after.firstResponseDueAt).toBe('2026-12-01T10:00:00.000Z');
    expect(after.events.find((e) => e.type === 'callback_requested')).toMatchObject({
      actor: 'customer',
      taskId: task.id,
      dueAt: '2026-12-01T09:00:00.000Z',
      windowEnd: '2026-12-01T10:00:00.000Z',
      phone: before.customer,
      timeZone: 'Europe/Warsaw',
    });
    expect(after.events.at(-1)).toMatchObject({
      type: 'first_response',
      actor: 'rla',
      awaiting: true,
      reason: 'callback',
      dueAt: '2026-12-01T10:00:00.000Z',
    });
    const events = await gw.stores.teamEvents.list(t.id, { ticketId: before.id, limit: 100 });
    expect(events.filter((e) => e.type === 'callback.requested').map((e) => e.data)).toEqual([
      {
        taskId: task.id,
        dueAt: '2026-12-01T09:00:00.000Z',
        windowEnd: '2026-12-01T10:00:00.000Z',
        phone: before.customer,
        name: 'Ada Lovelace',
      },
    ]);

    const listed = (await gw.api('get', `/api/teams/${t.id}/tickets/${before.id}/tasks`, t.agent).expect(200))
      .body as TaskView[];
    expect(listed).toEqual([
      {
        id: task.id,
        ticketId: before.id,
        type: 'callback',
        status: 'open',
        dueAt: '2026-12-01T09:00:00.000Z',
        windowEnd: '2026-12-01T10:00:00.000Z',
        phone: before.customer,
        name: 'Ada Lovelace',
        regarding: 'invoice 42',
        timeZone: 'Europe/Warsaw',
        createdAt: NIGHT.replace('Z', '.000Z'),
        doneAt: null,
        doneBy: null,
      },
    ]);
  });

  it('warns before the slot runs out and breaches at its end when nobody calls', async () => {
    const t = await team();
    const opened = await customerTicket(t);
    const { slot } = await requestCallback(t, opened.id, opened.customer);

    at(slot.end, -31); // just before the warning period
    await scan();
    expect(marks(await ticket(t, opened.id))).toEqual([]);

    at(slot.end, -30);
    await scan();
    expect(marks(await ticket(t, opened.id))).toEqual([['rla_warning', 'first_response']]);

    at(slot.end, 0);
    await scan();
    const breached = await ticket(t, opened.id);
    expect(marks(breached)).toEqual([
      ['rla_warning', 'first_response'],
      ['rla_breach', 'first_response'],
    ]);
    expect(breached.rla.firstResponse).toBe('breached');
  });

  it('a callback marked done in its slot answers the ticket: no warning, no breach', async () => {
    const t = await team();
    const opened = await customerTicket(t);
    const { task, slot } = await requestCallback(t, opened.id, opened.customer);

    at(slot.start, 20);
    const done = (
      await gw.api('post', `/api/teams/${t.id}/tickets/${opened.id}/tasks/${task.id}/done`, t.agent).expect(200)
    ).body as TaskView;
    expect(done).toMatchObject({ id: task.id, status: 'done', doneAt: gw.clock().toISOString() });
    expect(done.doneBy).toMatch(/^agent:/);

    const answered = await ticket(t, opened.id);
    expect(answered.firstRespondedAt).toBe(gw.clock().toISOString());
    expect(answered.rla.firstResponse).toBe('met');
    expect(answered.events.slice(-2)).toMatchObject([
      { type: 'callback_done', taskId: task.id, phone: opened.customer },
      { type: 'first_response', by: 'callback', taskId: task.id },
    ]);

    at(slot.end, 60);
    await scan();
    expect(marks(await ticket(t, opened.id))).toEqual([]);
    const events = await gw.stores.teamEvents.list(t.id, { ticketId: opened.id, limit: 100 });
    expect(events.filter((e) => e.type === 'callback.done').map((e) => e.data.doneBy)).toEqual([done.doneBy]);

    // Done is done: a second click is a conflict, and changes nothing.
    const again = await gw.api('post', `/api/teams/${t.id}/tickets/${opened.id}/tasks/${task.id}/done`, t.agent);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'task_done' });
    expect(again.body.error.message).toContain('already done');
  });

  it('an answered call to the number does the callback', async () => {
    const t = await team();
    const opened = await customerTicket(t);
    const { task, slot } = await requestCallback(t, opened.id, opened.customer);
    at(slot.start, 5);
    const done = await storeSetTransactor(gw.testDb.db)((s) =>
      completeCallbacksByCall(s, { teamId: t.id, ticketId: opened.id, phone: opened.customer, now: gw.clock() }),
    );
    expect(done.map((d) => [d.id, d.status, d.doneBy])).toEqual([[task.id, 'done', 'call']]);
    expect((await ticket(t, opened.id)).firstRespondedAt).toBe(gw.clock().toISOString());
  });

  it('restarts the clock of a ticket an agent already answered: the callback is owed anew', async () => {
    const t = await team();
    const opened = await customerTicket(t);
    await storeSetTransactor(gw.testDb.db)((s) =>
      s.tickets.update(opened.id, { firstRespondedAt: new Date('2026-12-01T01:00:00Z') }, gw.clock()),
    );
    const { slot } = await requestCallback(t, opened.id, opened.customer, 3);
    const after = await ticket(t, opened.id);
    expect(after.firstRespondedAt).toBeNull();
    expect(after.firstResponseDueAt).toBe(slot.end.toISOString());
    expect(after.rla.firstResponse).toBe('pending');
  });

  it('a new priority keeps the callback’s due time: the customer chose it, not the target', async () => {
    const t = await team();
    const opened = await customerTicket(t);
    const { slot } = await requestCallback(t, opened.id, opened.customer, 2);
    await gw.api('patch', `/api/teams/${t.id}/tickets/${opened.id}`, t.agent).send({ priority: 'urgent' }).expect(200);
    expect((await ticket(t, opened.id)).firstResponseDueAt).toBe(slot.end.toISOString());
  });

  it('refuses a request the flow should have caught, and the transaction leaves nothing behind', async () => {
    const t = await team();
    const opened = await customerTicket(t);
    await expect(
      storeSetTransactor(gw.testDb.db)(async (s) => {
        const locked = (await s.tickets.lock(t.id, opened.id))!;
        return createCallbackTask(s, {
          ticket: locked,
          teamId: t.id,
          phone: '0601 234 567',
          name: null,
          regarding: null,
          slot: { start: new Date('2026-12-01T09:00:00Z'), end: new Date('2026-12-01T10:00:00Z') },
          timeZone: 'Europe/Warsaw',
          now: gw.clock(),
          actor: 'customer',
        });
      }),
    ).rejects.toMatchObject({ statusCode: 422, code: 'invalid_value', field: 'phone' });
    expect((await gw.api('get', `/api/teams/${t.id}/tickets/${opened.id}/tasks`).expect(200)).body).toEqual([]);
    expect((await ticket(t, opened.id)).firstResponseDueAt).toBe(opened.firstResponseDueAt);
  });

  it('lists the team’s callbacks: open ones by default, earliest first, narrowed by dueBefore', async () => {
    const t = await team();
    const first = await customerTicket(t);
    const second = await customerTicket(t);
    const late = await requestCallback(t, first.id, first.customer, 3);
    const early = await requestCallback(t, second.id, second.customer, 0);
    const list = async (query: string) =>
      ((await gw.api('get', `/api/teams/${t.id}/tasks${query}`, t.agent).expect(200)).body as TaskView[]).map(
        (task) => task.id,
      );
    expect(await list('')).toEqual([early.task.id, late.task.id]);
    expect(await list(`?status=open&dueBefore=${encodeURIComponent('2026-12-01T10:00:00Z')}`)).toEqual([early.task.id]);
    expect(await list('?status=done')).toEqual([]);

    await gw.api('post', `/api/teams/${t.id}/tickets/${second.id}/tasks/${early.task.id}/done`, t.agent).expect(200);
    expect(await list('')).toEqual([late.task.id]);
    expect(await list('?status=done')).toEqual([early.task.id]);
    expect(await list('?status=all&limit=1')).toEqual([early.task.id]);
  });

  it('answers 404 for unknown tasks and tickets and for another team’s, 422 for a bad query', async () => {
    const t = await team();
    const other = await team();
    const opened = await customerTicket(t);
    const { task } = await requestCallback(t, opened.id, opened.customer);
    const done = (ticketId: string, taskId: string, token = t.agent, teamId = t.id) =>
      gw.api('post', `/api/teams/${teamId}/tickets/${ticketId}/tasks/${taskId}/done`, token);

    const unknownTask = await done(opened.id, 'no-such-task').expect(404);
    expect(unknownTask.body.error).toMatchObject({ code: 'not_found', message: 'task was not found' });
    expect((await done('no-such-ticket', task.id).expect(404)).body.error.message).toBe('ticket was not found');
    await gw.api('get', `/api/teams/${t.id}/tickets/no-such-ticket/tasks`, t.agent).expect(404);
    // Another team's agent: the team itself is not found.
    expect((await done(opened.id, task.id, other.agent).expect(404)).body.error.message).toBe('team was not found');
    await gw.api('get', `/api/teams/${t.id}/tickets/${opened.id}/tasks`, other.agent).expect(404);
    await gw.api('get', `/api/teams/${t.id}/tasks`, other.agent).expect(404);
    // The task under another team's path (as the administrator): not there.
    await done(opened.id, task.id, undefined, other.id).expect(404);
    expect((await gw.api('get', `/api/teams/${t.id}/tickets/${opened.id}/tasks`).expect(200)).body[0].status).toBe(
      'open',
    );

    const bad: Array<[string, number, string, string]> = [
      ['?status=soon', 422, 'invalid_value', 'status'],
      ['?dueBefore=tomorrow', 422, 'invalid_value', 'dueBefore'],
      ['?limit=0', 422, 'invalid_value', 'limit'],
      ['?limit=500', 422, 'invalid_value', 'limit'],
      ['?colour=red', 400, 'unknown_field', 'colour'],
    ];
    for (const [query, status, code, field] of bad) {
      const res = await gw.api('get', `/api/teams/${t.id}/tasks${query}`, t.agent);
      expect([query, res.status, res.body.error?.code, res.body.error?.field]).toEqual([query, status, code, field]);
      expect(res.body.error.message).toContain(field);
    }
  });
});

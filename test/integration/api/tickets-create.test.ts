import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshCustomer } from '../../helpers/customers.js';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';

interface TicketView {
  id: string;
  number: number;
  status: string;
  priority: string;
  source: string;
  channel: string;
  subject: string;
  tags: string[];
  firstResponseDueAt: string | null;
  resolutionDueAt: string | null;
  events: Array<{ type: string; actor: string; kind?: string; reason?: string; messageId?: string | null }>;
}

describe('POST /api/teams/:team/tickets', () => {
  let gw: TestGateway;
  let closedTeam: string;
  let openTeam: string;

  beforeAll(async () => {
    gw = await startTestGateway({ outbound: 'sandbox' });
    closedTeam = await gw.createTeam({ numbers: [gw.freshNumber()], open: false });
    openTeam = await gw.createTeam({ numbers: [gw.freshNumber()], open: true });
  });
  afterAll(async () => {
    await gw.close();
  });

  const create = (teamId: string, body: object, token?: string) =>
    gw.api('post', `/api/teams/${teamId}/tickets`, token).send(body);
  const outbound = async (teamId: string, to: string) =>
    (await gw.api('get', `/api/teams/${teamId}/messages?to=${encodeURIComponent(to)}&direction=outbound`).expect(200))
      .body as Array<{ kind: string; body: string; channel: string }>;

  it('opens a ticket with RLA due times and a "created" entry; after_hours_ticket is off by default, so the skip is noted', async () => {
    const customer = freshCustomer();
    const res = await create(closedTeam, { customer, subject: 'Broken login', tags: ['web', 'web'] });
    expect(res.status).toBe(201);
    const ticket = res.body as TicketView;
    expect(ticket).toMatchObject({
      status: 'open',
      priority: 'normal',
      source: 'api',
      channel: 'web',
      subject: 'Broken login',
      tags: ['web'],
    });
    expect(ticket.firstResponseDueAt).not.toBeNull();
    expect(Date.parse(ticket.resolutionDueAt!)).toBeGreaterThan(Date.parse(ticket.firstResponseDueAt!));
    expect(ticket.events.map((e) => [e.type, e.kind ?? null, e.reason ?? null])).toEqual([
      ['created', null, null],
      ['reply_skipped', 'after_hours_ticket', 'disabled'],
    ]);
    expect(await outbound(closedTeam, customer)).toEqual([]);
  });

  it('with after_hours_ticket on: a web ticket outside the schedule gets the reply by SMS, quoting the ticket number', async () => {
    await gw
      .api('put', `/api/teams/${closedTeam}/auto-replies/after_hours_ticket`)
      .send({ enabled: true, body: 'We got ticket {{ ticket_id }}; we open {{ next_open }}.' })
      .expect(200);
    const customer = freshCustomer();
    const ticket = (await create(closedTeam, { customer, subject: 'Refund', channel: 'app' }).expect(201))
      .body as TicketView;
    expect(ticket.events.at(-1)).toMatchObject({
      type: 'reply_sent',
      kind: 'after_hours_ticket',
      messageId: expect.any(String),
    });
    const [reply] = await outbound(closedTeam, customer);
    expect(reply).toMatchObject({ kind: 'after_hours_ticket', channel: 'sms' });
    expect(reply!.body).toContain(`We got ticket ${ticket.number};`);
  });

  it('a web ticket inside the schedule gets no reply (open_hours)', async () => {
    await gw.api('put', `/api/teams/${openTeam}/auto-replies/after_hours_ticket`).send({ enabled: true }).expect(200);
    const customer = freshCustomer();
    const ticket = (await create(openTeam, { customer, subject: 'Question', channel: 'web' }).expect(201))
      .body as TicketView;
    expect(ticket.events.at(-1)).toMatchObject({
      type: 'reply_skipped',
      kind: 'after_hours_ticket',
      reason: 'open_hours',
    });
    expect(await outbound(openTeam, customer)).toEqual([]);
  });

  it('a ticket an agent opens for an SMS or a call gets no after-hours reply at all', async () => {
    const customer = freshCustomer();
    const ticket = (
      await create(closedTeam, { customer, subject: 'Called earlier', channel: 'voice', priority: 'high' }).expect(201)
    ).body as TicketView;
    expect(ticket.priority).toBe('high');
    expect(ticket.events.map((e) => e.type)).toEqual(['created']);
  });

  it.each([
    ['a customer that is not a phone number', { customer: '12345', subject: 'x' }, 422, 'customer'],
    ['an empty subject', { customer: '+12125550999', subject: '  ' }, 422, 'subject'],
    ['an unknown channel', { customer: '+12125550999', subject: 'x', channel: 'fax' }, 422, 'channel'],
    ['an unknown priority', { customer: '+12125550999', subject: 'x', priority: 'critical' }, 422, 'priority'],
    ['a bad tag', { customer: '+12125550999', subject: 'x', tags: ['<b>'] }, 422, 'tags.0'],
    [
      'an assignee of no team user',
      { customer: '+12125550999', subject: 'x', assigneeId: 'nobody' },
      422,
      'assigneeId',
    ],
    ['no subject', { customer: '+12125550999' }, 400, 'subject'],
    ['an unknown field', { customer: '+12125550999', subject: 'x', due: 'tomorrow' }, 400, 'due'],
  ])('%s → %i naming %s, and no ticket', async (_name, body, status, field) => {
    const before = ((await gw.api('get', `/api/teams/${openTeam}/tickets?limit=200`).expect(200)).body as unknown[])
      .length;
    const res = await create(openTeam, body);
    expect(res.status).toBe(status);
    expect(res.body.error.field).toBe(field);
    expect(
      ((await gw.api('get', `/api/teams/${openTeam}/tickets?limit=200`).expect(200)).body as unknown[]).length,
    ).toBe(before);
  });

  it("an agent may open tickets; another team's token gets 404", async () => {
    const agent = (await gw.api('post', `/api/teams/${openTeam}/tokens`).send({ role: 'agent' }).expect(201)).body
      .token as string;
    expect((await create(openTeam, { customer: freshCustomer(), subject: 'By an agent' }, agent)).status).toBe(201);
    expect((await create(closedTeam, { customer: freshCustomer(), subject: 'Not mine' }, agent)).status).toBe(404);
  });
});

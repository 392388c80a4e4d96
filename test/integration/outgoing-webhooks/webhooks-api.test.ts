import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshCustomer } from '../../helpers/customers.js';
import { ADMIN_TOKEN, startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';

interface WebhookView {
  id: string;
  url: string;
  events: string[];
  managedBy: string | null;
  createdAt: string;
  secret?: string;
}

describe('Management API: outgoing webhooks', () => {
  let gw: TestGateway;
  let teamId: string;
  let manager: string;
  let agent: string;

  beforeAll(async () => {
    // Deliveries recorded, not posted: this file reads the API.
    gw = await startTestGateway({ outbound: 'sandbox', webhookPoster: null });
    teamId = await gw.newTeam();
    manager = await tokenFor(teamId, 'manager');
    agent = await tokenFor(teamId, 'agent');
  });
  afterAll(async () => {
    await gw.close();
  });

  async function tokenFor(id: string, role: 'manager' | 'agent'): Promise<string> {
    return (await gw.api('post', `/api/teams/${id}/tokens`).send({ role }).expect(201)).body.token as string;
  }
  const create = (body: unknown, token = manager, team = teamId) =>
    gw.api('post', `/api/teams/${team}/webhooks`, token).send(body as object);
  const list = async (team = teamId, token = manager) =>
    (await gw.api('get', `/api/teams/${team}/webhooks`, token).expect(200)).body as WebhookView[];
  const openTicket = (team = teamId) =>
    gw
      .api('post', `/api/teams/${team}/tickets`)
      .send({ customer: freshCustomer(), subject: 'Late order', channel: 'sms' })
      .expect(201);

  it('creates a subscription and shows its secret once', async () => {
    const res = await create({ url: 'https://hooks.acme.test/sb', events: ['ticket.created', 'rla.breach'] }).expect(
      201,
    );
    expect(res.body).toEqual({
      id: expect.any(String),
      url: 'https://hooks.acme.test/sb',
      events: ['ticket.created', 'rla.breach'],
      managedBy: null,
      createdAt: expect.any(String),
      secret: expect.stringMatching(/^whsec_[0-9a-f]{64}$/),
    });
    const listed = (await list()).find((w) => w.id === res.body.id);
    expect(listed).toEqual({ ...res.body, secret: undefined });
    expect(JSON.stringify(await list())).not.toContain(res.body.secret);
    // Audited without the secret.
    const audit = (await gw.api('get', `/api/teams/${teamId}/audit`, manager).expect(200)).body as Array<{
      action: string;
      after: unknown;
    }>;
    expect(audit.find((e) => e.action === 'webhook.created')?.after).toEqual({
      url: 'https://hooks.acme.test/sb',
      events: ['ticket.created', 'rla.breach'],
    });
    expect(JSON.stringify(audit)).not.toContain(res.body.secret);
  });

  it('reads "*" among names as every event, and each name once', async () => {
    expect(
      (await create({ url: 'http://hooks.acme.test/a', events: ['ticket.created', '*'] }).expect(201)).body.events,
    ).toEqual(['*']);
    expect(
      (await create({ url: 'http://hooks.acme.test/b', events: ['call.ended', 'call.ended', 'page.sent'] }).expect(201))
        .body.events,
    ).toEqual(['call.ended', 'page.sent']);
  });

  it.each([
    ['a URL that is not http(s)', { url: 'ftp://hooks.acme.test/x', events: ['*'] }, 422, 'url'],
    ['a URL that is not a URL', { url: 'hooks.acme.test', events: ['*'] }, 422, 'url'],
    ['no events', { url: 'https://hooks.acme.test/x', events: [] }, 422, 'events'],
    [
      'an unknown event',
      { url: 'https://hooks.acme.test/x', events: ['ticket.created', 'ticket.exploded'] },
      422,
      'events.1',
    ],
    ['an empty event name', { url: 'https://hooks.acme.test/x', events: [''] }, 422, 'events.0'],
    ['events missing', { url: 'https://hooks.acme.test/x' }, 400, 'events'],
    ['events not a list', { url: 'https://hooks.acme.test/x', events: '*' }, 400, 'events'],
    ['url missing', { events: ['*'] }, 400, 'url'],
    ['an unknown field', { url: 'https://hooks.acme.test/x', events: ['*'], secret: 'mine' }, 400, 'secret'],
  ])('refuses %s (%o) naming the field', async (_name, body, status, field) => {
    const res = await create(body);
    expect(res.status).toBe(status);
    expect(res.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String), field });
  });

  it('names what an unknown event could be', async () => {
    const res = await create({ url: 'https://hooks.acme.test/x', events: ['ticket.exploded'] }).expect(422);
    expect(res.body.error.message).toContain('ticket.created');
  });

  it('lets managers only create, list and delete, and hides other teams’ webhooks as not found', async () => {
    expect((await create({ url: 'https://hooks.acme.test/x', events: ['*'] }, agent)).status).toBe(403);
    expect((await gw.api('get', `/api/teams/${teamId}/webhooks`, agent)).status).toBe(403);
    const mine = (await create({ url: 'https://hooks.acme.test/x', events: ['*'] }).expect(201)).body as WebhookView;
    expect((await gw.api('delete', `/api/teams/${teamId}/webhooks/${mine.id}`, agent)).status).toBe(403);

    const otherTeam = await gw.newTeam();
    const stranger = await tokenFor(otherTeam, 'manager');
    const theirs = (await create({ url: 'https://hooks.other.test/x', events: ['*'] }, stranger, otherTeam).expect(201))
      .body as WebhookView;
    // Their webhook through our team, our webhook with their token: not found either way.
    expect((await gw.api('delete', `/api/teams/${teamId}/webhooks/${theirs.id}`, manager)).status).toBe(404);
    expect((await gw.api('get', `/api/teams/${teamId}/webhooks/${theirs.id}/deliveries`, manager)).status).toBe(404);
    expect((await gw.api('get', `/api/teams/${teamId}/webhooks`, stranger)).status).toBe(404);
    expect((await gw.api('delete', `/api/teams/${teamId}/webhooks/${mine.id}`, stranger)).status).toBe(404);
    expect((await list(otherTeam, stranger)).map((w) => w.id)).toEqual([theirs.id]);
    expect((await gw.api('get', '/api/teams/no-such-team/webhooks')).status).toBe(404);
  });

  it('deletes a subscription: 204, gone from the list, and no deliveries for it after', async () => {
    const team = await gw.newTeam();
    const hook = (await create({ url: 'https://hooks.acme.test/gone', events: ['*'] }, ADMIN_TOKEN, team).expect(201))
      .body as WebhookView;
    await gw.api('delete', `/api/teams/${team}/webhooks/${hook.id}`).expect(204);
    expect(await list(team, ADMIN_TOKEN)).toEqual([]);
    expect((await gw.api('delete', `/api/teams/${team}/webhooks/${hook.id}`)).status).toBe(404);
    await openTicket(team);
    expect(await gw.stores.notifications.listForTeam(team, { limit: 10 })).toEqual([]);
  });

  it('shows the team settings’ webhookUrl as the subscription it manages, and keeps the two in step', async () => {
    const team = await gw.newTeam();
    const patch = (webhookUrl: string | null) =>
      gw.api('patch', `/api/teams/${team}`).send({ notifications: { webhookUrl } }).expect(200);
    await patch('https://hooks.acme.test/rla');
    const [managed] = await list(team, ADMIN_TOKEN);
    expect(managed).toEqual({
      id: expect.any(String),
      url: 'https://hooks.acme.test/rla',
      events: ['rla.warning', 'rla.breach'],
      managedBy: 'team_settings',
      createdAt: expect.any(String),
    });
    await patch('https://hooks.acme.test/rla-2');
    expect(await list(team, ADMIN_TOKEN)).toEqual([{ ...managed, url: 'https://hooks.acme.test/rla-2' }]);
    // Removing it here would leave the settings saying otherwise.
    const refused = await gw.api('delete', `/api/teams/${team}/webhooks/${managed!.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'managed_by_team_settings' });
    expect(refused.body.error.message).toContain('webhookUrl');
    await patch(null);
    expect(await list(team, ADMIN_TOKEN)).toEqual([]);
  });

  it('lists a subscription’s deliveries newest first, a page at a time', async () => {
    const team = await gw.newTeam();
    const hook = (
      await create({ url: 'https://hooks.acme.test/log', events: ['ticket.created'] }, ADMIN_TOKEN, team).expect(201)
    ).body as WebhookView;
    const tickets = [];
    for (let i = 0; i < 3; i += 1) {
      tickets.push((await openTicket(team)).body.id as string);
      gw.clock.advance(1_000);
    }
    const deliveries = (query = '') =>
      gw.api('get', `/api/teams/${team}/webhooks/${hook.id}/deliveries${query}`).expect(200);
    const all = (await deliveries()).body as Array<Record<string, unknown>>;
    expect(all).toHaveLength(3);
    expect(all[0]).toEqual({
      id: expect.any(String),
      event: 'ticket.created',
      eventId: expect.any(String),
      status: expect.stringMatching(/^(pending|recorded)$/),
      attempts: expect.any(Number),
      lastError: null,
      responseStatus: null,
      createdAt: expect.any(String),
      deliveredAt: expect.toBeOneOf([null, expect.any(String)]),
    });
    const events = await gw.stores.teamEvents.list(team, { limit: 10 });
    expect(all.map((d) => d.eventId)).toEqual(events.map((e) => e.id).reverse());
    expect(events.map((e) => e.ticketId)).toEqual(tickets);
    const first = (await deliveries('?limit=2')).body as Array<{ id: string }>;
    expect(first.map((d) => d.id)).toEqual(all.slice(0, 2).map((d) => d.id));
    const rest = (await deliveries(`?limit=2&before=${first[1]!.id}`)).body as Array<{ id: string }>;
    expect(rest.map((d) => d.id)).toEqual([all[2]!.id]);
  });

  it.each([
    ['limit=0', 422, 'limit'],
    ['limit=201', 422, 'limit'],
    ['limit=abc', 400, 'limit'],
    ['before=', 422, 'before'],
    ['colour=red', 400, 'colour'],
  ])('answers deliveries?%s with %i naming the field', async (query, status, field) => {
    const hook = (await create({ url: 'https://hooks.acme.test/q', events: ['*'] }).expect(201)).body as WebhookView;
    const res = await gw.api('get', `/api/teams/${teamId}/webhooks/${hook.id}/deliveries?${query}`);
    expect(res.status).toBe(status);
    expect(res.body.error).toMatchObject({ field });
  });
});

import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeSetTransactor } from '../../../src/store-set.js';
import { planTeamNotification } from '../../../src/notifications/team-notifier.js';
import { rlaEvent } from '../../helpers/team-events.js';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';

describe('Management API: team notifications', () => {
  let gw: TestGateway;
  let teamId: string;
  let manager: string;
  let agent: string;

  beforeAll(async () => {
    // Webhooks recorded, email recorded: the list is what this file reads. Webhook deliveries stay
    // pending (no relay run), so the list shows them as planned.
    gw = await startTestGateway({ outbound: 'sandbox', webhookPoster: null, relayIntervalMs: 3_600_000 });
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
  async function plan(team: string, event: string, settings = { emails: ['lead@acme.test'] }): Promise<string[]> {
    return storeSetTransactor(gw.testDb.db)((s) =>
      planTeamNotification(s, {
        teamId: team,
        event,
        subject: `${event} subject`,
        text: 'text',
        payload: { secretish: 'payload stays inside' },
        dedupeKey: crypto.randomUUID(),
        settings,
      }),
    );
  }
  const list = (query = '', token = manager) => gw.api('get', `/api/teams/${teamId}/notifications${query}`, token);

  it('lists the team’s notifications newest first, in the documented shape', async () => {
    const [first] = await plan(teamId, 'rla.warning');
    await new Promise((r) => setTimeout(r, 20));
    // A webhook delivery of an event (to the settings' webhookUrl) is listed with the emails.
    await gw
      .api('patch', `/api/teams/${teamId}`)
      .send({ notifications: { webhookUrl: 'https://hooks.acme.test/sb' } })
      .expect(200);
    const eventId = await storeSetTransactor(gw.testDb.db)((s) =>
      s.teamEvents.record(rlaEvent(teamId, 'rla.breach', new Date())),
    );
    const second = (await gw.stores.notifications.listForTeam(teamId, { limit: 10 })).find(
      (n) => n.eventId === eventId,
    )!.id;
    const body = (await list().expect(200)).body as Array<Record<string, unknown>>;
    expect(body.map((n) => n.id).slice(0, 2)).toEqual([second, first]);
    expect(body[0]).toEqual({
      id: second,
      channel: 'webhook',
      target: 'https://hooks.acme.test/sb',
      event: 'rla.breach',
      subject: '',
      status: 'pending',
      attempts: 0,
      lastError: null,
      createdAt: expect.any(String),
      sentAt: null,
    });
    expect(body[1]).toMatchObject({ id: first, channel: 'email', target: 'lead@acme.test', event: 'rla.warning' });
    expect(JSON.stringify(body)).not.toContain('payload stays inside');
  });

  it('honours limit', async () => {
    await plan(teamId, 'rla.breach');
    await plan(teamId, 'rla.breach');
    expect((await list('?limit=1').expect(200)).body).toHaveLength(1);
    expect(((await list('?limit=200').expect(200)).body as unknown[]).length).toBeGreaterThanOrEqual(3);
  });

  it.each([
    ['limit=0', 422],
    ['limit=201', 422],
    ['limit=1.5', 400], // zod reads a non-integer as the wrong type
    ['limit=abc', 400],
    ['colour=red', 400],
  ])('answers ?%s with %i naming the field', async (query, status) => {
    const res = await list(`?${query}`);
    expect(res.status).toBe(status);
    expect(res.body.error).toMatchObject({
      code: expect.any(String),
      message: expect.any(String),
      field: query.split('=')[0],
    });
  });

  it('shows a team’s notifications to its managers and the administrator only', async () => {
    const otherTeam = await gw.newTeam();
    const stranger = await tokenFor(otherTeam, 'manager');
    await plan(otherTeam, 'rla.breach');
    expect((await list('', stranger)).status).toBe(404);
    expect((await list('', agent)).status).toBe(403);
    expect((await list('', 'not-a-token')).status).toBe(401);
    expect((await gw.api('get', `/api/teams/${teamId}/notifications`).expect(200)).body.length).toBeGreaterThan(0);
    expect((await gw.api('get', '/api/teams/no-such-team/notifications')).status).toBe(404);
    // Each team sees only its own.
    const theirs = (await gw.api('get', `/api/teams/${otherTeam}/notifications`, stranger).expect(200)).body as Array<{
      id: string;
    }>;
    const ours = (await list().expect(200)).body as Array<{ id: string }>;
    expect(theirs).toHaveLength(1);
    expect(ours.map((n) => n.id)).not.toContain(theirs[0]!.id);
  });

  it('shows a webhook secret once, to managers only, and audits the change without it', async () => {
    expect((await gw.api('post', `/api/teams/${teamId}/notifications/webhook-secret`, agent)).status).toBe(403);
    const otherTeam = await gw.newTeam();
    expect((await gw.api('post', `/api/teams/${otherTeam}/notifications/webhook-secret`, manager)).status).toBe(404);
    const first = await gw.api('post', `/api/teams/${teamId}/notifications/webhook-secret`, manager).expect(201);
    expect(first.body).toEqual({
      secret: expect.stringMatching(/^whsec_[0-9a-f]{64}$/),
      createdAt: expect.any(String),
    });
    const second = await gw.api('post', `/api/teams/${teamId}/notifications/webhook-secret`, manager).expect(201);
    expect(second.body.secret).not.toBe(first.body.secret);
    expect(await gw.stores.teamSecrets.secretOf(teamId, 'notification_webhook')).toBe(second.body.secret);

    const audit = (await gw.api('get', `/api/teams/${teamId}/audit`, manager).expect(200)).body as Array<
      Record<string, unknown>
    >;
    const entries = audit.filter((e) => e.action === 'notification_secret.rotated');
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ before: { set: true }, after: { set: true } });
    expect(JSON.stringify(audit)).not.toContain(first.body.secret);
    expect(JSON.stringify(audit)).not.toContain(second.body.secret);
    const listed = JSON.stringify((await list('?limit=200').expect(200)).body);
    expect(listed).not.toContain(second.body.secret);
  });
});

import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transact } from '../../../src/db/transactor.js';
import { storeSetTransactor, type StoreSet } from '../../../src/store-set.js';
import { createLogger } from '../../../src/logger.js';
import type { Notification } from '../../../src/notifications/notification.js';
import { NotificationDispatcher } from '../../../src/notifications/notification-dispatcher.js';
import { planTeamNotification } from '../../../src/notifications/team-notifier.js';
import { verifyWebhookSignature, webhookSignatureProblem } from '../../../src/notifications/webhook-signature.js';
import { sleep } from '../../helpers/sleep.js';
import { rlaEvent } from '../../helpers/team-events.js';
import { eventually, startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';

function notifier(gw: TestGateway) {
  const transact: Transact<StoreSet> = storeSetTransactor(gw.testDb.db);
  const dispatcher = new NotificationDispatcher(gw.queue, createLogger('silent'));
  return {
    /** Plans an email in a transaction, then dispatches after the commit, as a caller does. */
    async notify(teamId: string, emails: string[], dedupeKey: string = crypto.randomUUID()): Promise<string[]> {
      const ids = await transact((s) =>
        planTeamNotification(s, {
          teamId,
          event: 'rla.breach',
          subject: 'RLA breached on ticket T-1',
          text: 'Ticket T-1 has waited 4 h for a first answer.',
          payload: { ticketId: 'T-1', waitedMinutes: 240 },
          dedupeKey,
          settings: { emails },
        }),
      );
      await dispatcher.dispatch(ids);
      return ids;
    },
    /** Sets the team settings' webhookUrl: the subscription that hears of its RLA events. */
    useWebhook: (teamId: string, url: string) =>
      gw
        .api('patch', `/api/teams/${teamId}`)
        .send({ notifications: { webhookUrl: url } })
        .expect(200),
    /**
     * Records an RLA event as the monitor does (in a transaction); the relay hands its webhook
     * deliveries to the queue. Returns the event's id and its deliveries' ids.
     */
    async emit(teamId: string, type: 'rla.breach' | 'rla.warning' = 'rla.breach') {
      const eventId = await transact((s) => s.teamEvents.record(rlaEvent(teamId, type, gw.clock())));
      const rows = await gw.stores.notifications.listForTeam(teamId, { limit: 200 });
      return { eventId, ids: rows.filter((r) => r.eventId === eventId).map((r) => r.id) };
    },
    /** Waits until the notification leaves `pending`. */
    settled: (id: string) =>
      eventually<Notification>(async () => {
        const n = await gw.stores.notifications.get(id);
        return n && n.status !== 'pending' ? n : null;
      }, 15_000),
  };
}

describe('team notifications through the queue', () => {
  let gw: TestGateway;
  let receiver: WebhookReceiver;
  let n: ReturnType<typeof notifier>;
  let teamId: string;
  let secret: string;

  beforeAll(async () => {
    gw = await startTestGateway({ outbound: 'sandbox', maxAttempts: 3 });
    receiver = await startWebhookReceiver();
    n = notifier(gw);
    teamId = await gw.newTeam();
    const manager = (await gw.api('post', `/api/teams/${teamId}/tokens`).send({ role: 'manager' }).expect(201)).body
      .token as string;
    secret = (await gw.api('post', `/api/teams/${teamId}/notifications/webhook-secret`, manager).expect(201)).body
      .secret as string;
  });
  afterAll(async () => {
    await gw.close();
    await receiver.close();
  });

  it('records an email without sending it when no SMTP server is configured', async () => {
    const [id] = await n.notify(teamId, ['lead@acme.test', ' ops@acme.test ', 'lead@acme.test', '']);
    const done = await n.settled(id!);
    expect(done).toMatchObject({
      channel: 'email',
      target: 'lead@acme.test,ops@acme.test',
      status: 'recorded',
      attempts: 1,
      lastError: null,
    });
    expect(done.sentAt).toBeInstanceOf(Date);
  });

  it('posts the RLA event to the settings’ webhook, signed with the secret the API showed, with event and delivery headers', async () => {
    const url = receiver.endpoint();
    await n.useWebhook(teamId, url);
    const {
      eventId,
      ids: [id],
    } = await n.emit(teamId);
    expect(await n.settled(id!)).toMatchObject({
      channel: 'webhook',
      target: url,
      status: 'sent',
      attempts: 1,
      responseStatus: 200,
    });
    const [post] = receiver.postsTo(url);
    expect(post!.headers).toMatchObject({
      'content-type': 'application/json',
      'x-switchboard-event': 'rla.breach',
      'x-switchboard-delivery': id,
    });
    // Signed at the gateway's clock (a test clock here): the receiver checks against its own.
    expect(
      verifyWebhookSignature(secret, post!.headers['x-switchboard-signature'] as string, post!.body, gw.clock()),
    ).toBe(true);
    expect(
      verifyWebhookSignature('whsec_wrong', post!.headers['x-switchboard-signature'] as string, post!.body, gw.clock()),
    ).toBe(false);
    expect(JSON.parse(post!.body)).toEqual({
      id: eventId,
      event: 'rla.breach',
      teamId,
      createdAt: gw.clock().toISOString(),
      data: {
        ticketId: null,
        clock: 'first_response',
        mark: 'breach',
        dueAt: '2026-11-21T21:00:00.000Z',
        number: 1,
        priority: 'normal',
        customer: '+12125550123',
      },
    });
  });

  it('delivers an email row and a webhook delivery for a team that has both, each', async () => {
    const url = receiver.endpoint();
    await n.useWebhook(teamId, url);
    const ids = [...(await n.notify(teamId, ['lead@acme.test'])), ...(await n.emit(teamId)).ids];
    expect(ids).toHaveLength(2);
    const done = await Promise.all(ids.map((id) => n.settled(id)));
    expect(done.map((d) => [d.channel, d.status]).sort()).toEqual([
      ['email', 'recorded'],
      ['webhook', 'sent'],
    ]);
  });

  it('retries a 500 with backoff and sends once the endpoint answers 200', async () => {
    const url = receiver.endpoint(500);
    await n.useWebhook(teamId, url);
    const [id] = (await n.emit(teamId)).ids;
    expect(await n.settled(id!)).toMatchObject({ status: 'sent', attempts: 2 });
    await sleep(300); // nothing more arrives after the success
    const posts = receiver.postsTo(url);
    expect(posts).toHaveLength(2);
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(450);
    expect(posts[1]!.body).toBe(posts[0]!.body);
    expect(posts.map((p) => p.headers['x-switchboard-delivery'])).toEqual([id, id]);
    // Each try is signed afresh, and each signature holds.
    for (const p of posts)
      expect(
        webhookSignatureProblem(secret, p.headers['x-switchboard-signature'] as string, p.body, gw.clock()),
      ).toBeNull();
  });

  it('fails on a 400 without another try, and says why', async () => {
    const url = receiver.endpoint(400, 400);
    await n.useWebhook(teamId, url);
    const [id] = (await n.emit(teamId)).ids;
    const done = await n.settled(id!);
    expect(done).toMatchObject({ status: 'failed', attempts: 1, sentAt: null, responseStatus: 400 });
    expect(done.lastError).toMatch(/^http_400: /);
    await sleep(1_200); // longer than the first backoff: a retry would have come
    expect(receiver.postsTo(url)).toHaveLength(1);
  });

  it('gives up after the last try when the endpoint keeps failing', async () => {
    const url = receiver.endpoint(503, 503, 503, 503);
    await n.useWebhook(teamId, url);
    const [id] = (await n.emit(teamId)).ids;
    const done = await eventually(async () => {
      const row = await gw.stores.notifications.get(id!);
      return row?.status === 'failed' ? row : null;
    }, 20_000);
    expect(done).toMatchObject({ attempts: 3 });
    expect(done.lastError).toMatch(/^http_503: /);
    expect(receiver.postsTo(url)).toHaveLength(3);
  });

  it('fails a webhook for a team with no secret, posting nothing', async () => {
    const other = await gw.newTeam();
    const url = receiver.endpoint();
    await n.useWebhook(other, url);
    const [id] = (await n.emit(other)).ids;
    const done = await n.settled(id!);
    expect(done).toMatchObject({ status: 'failed', attempts: 1 });
    expect(done.lastError).toMatch(/^no_webhook_secret: /);
    expect(receiver.postsTo(url)).toHaveLength(0);
  });

  it('emails once per key, however often the caller plans it', async () => {
    const key = `rla.breach:${crypto.randomUUID()}`;
    const first = await n.notify(teamId, ['lead@acme.test'], key);
    const again = await n.notify(teamId, ['lead@acme.test'], key);
    expect(first).toHaveLength(1);
    expect(again).toEqual([]);
    await Promise.all(first.map((id) => n.settled(id)));
    const rows = (await gw.stores.notifications.listForTeam(teamId, { limit: 200 })).filter((r) => r.dedupeKey === key);
    expect(rows).toHaveLength(1);
    // Another team may use the same key: it is scoped to the team.
    const other = await gw.newTeam();
    expect(await n.notify(other, ['x@other.test'], key)).toHaveLength(1);
  });

  it('posts each event to the webhook once: one delivery per event and subscription', async () => {
    const url = receiver.endpoint();
    await n.useWebhook(teamId, url);
    const [a, b] = [await n.emit(teamId), await n.emit(teamId, 'rla.warning')];
    expect([a.ids, b.ids].map((ids) => ids.length)).toEqual([1, 1]);
    await Promise.all([...a.ids, ...b.ids].map((id) => n.settled(id)));
    await sleep(300);
    expect(receiver.postsTo(url).map((p) => JSON.parse(p.body).id as string)).toEqual(
      expect.arrayContaining([a.eventId, b.eventId]),
    );
    expect(receiver.postsTo(url)).toHaveLength(2);
  });

  it('plans nothing for a team with no addresses', async () => {
    expect(await n.notify(teamId, [' '])).toEqual([]);
  });

  it('rolls back with the caller: an email or an event in a failed transaction is never sent', async () => {
    const url = receiver.endpoint();
    await n.useWebhook(teamId, url);
    const key = `rollback:${crypto.randomUUID()}`;
    const before = await gw.stores.notifications.listForTeam(teamId, { limit: 200 });
    await expect(
      storeSetTransactor(gw.testDb.db)(async (s) => {
        await planTeamNotification(s, {
          teamId,
          event: 'rla.breach',
          subject: 's',
          text: 't',
          payload: {},
          dedupeKey: key,
          settings: { emails: ['lead@acme.test'] },
        });
        await s.teamEvents.record(rlaEvent(teamId, 'rla.breach', gw.clock()));
        throw new Error('the scan failed');
      }),
    ).rejects.toThrow('the scan failed');
    expect(await gw.stores.notifications.listForTeam(teamId, { limit: 200 })).toHaveLength(before.length);
    await gw.worker.relay.relay();
    await sleep(200);
    expect(receiver.postsTo(url)).toEqual([]);
  });

  it('lets one worker at a time take a notification, and none once it is settled', async () => {
    const [id] = await storeSetTransactor(gw.testDb.db)((s) =>
      planTeamNotification(s, {
        teamId,
        event: 'rla.warning',
        subject: 's',
        text: 't',
        payload: {},
        dedupeKey: crypto.randomUUID(),
        settings: { emails: ['a@acme.test'] },
      }),
    );
    const store = gw.stores.notifications;
    expect(await store.recordAttempt(id!, 60_000)).toMatchObject({ id, attempts: 1 });
    expect(await store.recordAttempt(id!, 60_000)).toBeNull(); // held by the first
    expect(await store.listStalePending(0, 500)).not.toContain(id);
    await store.releaseForRetry(id!, 'http_500: busy');
    expect(await store.recordAttempt(id!, 60_000)).toMatchObject({ attempts: 2, lastError: 'http_500: busy' });
    await store.markSent(id!, new Date());
    await store.markFailed(id!, 'late: a settled notification stays as it is');
    expect(await store.get(id!)).toMatchObject({ status: 'sent', lastError: 'http_500: busy' });
    expect(await store.recordAttempt(id!, 0)).toBeNull();
  });

  it('delivers a pending notification no queue holds when the sweeper runs', async () => {
    // Planned and committed, but never dispatched: the process died before the enqueue.
    const [id] = await storeSetTransactor(gw.testDb.db)((s) =>
      planTeamNotification(s, {
        teamId,
        event: 'rla.warning',
        subject: 's',
        text: 't',
        payload: {},
        dedupeKey: crypto.randomUUID(),
        settings: { emails: ['lead@acme.test'] },
      }),
    );
    await sleep(100);
    expect((await gw.stores.notifications.get(id!))?.status).toBe('pending');
    const swept = await gw.worker.sweeper.sweep(0);
    expect(swept.notifications).toBeGreaterThanOrEqual(1);
    expect(await n.settled(id!)).toMatchObject({ status: 'recorded', attempts: 1 });
    // (A webhook delivery the relay lost is swept the same way: test/integration/outgoing-webhooks.)
  });
});

describe('team webhooks in sandbox mode', () => {
  let gw: TestGateway;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    gw = await startTestGateway({ outbound: 'sandbox', webhookPoster: null });
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await gw.close();
    await receiver.close();
  });

  it('records a webhook delivery instead of posting it', async () => {
    const n = notifier(gw);
    const teamId = await gw.newTeam();
    await gw.api('post', `/api/teams/${teamId}/notifications/webhook-secret`).expect(201);
    const url = receiver.endpoint();
    await n.useWebhook(teamId, url);
    const [id] = (await n.emit(teamId)).ids;
    expect(await n.settled(id!)).toMatchObject({ status: 'recorded', attempts: 1 });
    expect(receiver.postsTo(url)).toHaveLength(0);
  });
});

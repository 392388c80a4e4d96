import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyWebhookSignature, webhookSignatureProblem } from '../../../src/notifications/webhook-signature.js';
import { freshCustomer } from '../../helpers/customers.js';
import { sleep } from '../../helpers/sleep.js';
import { eventually, startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { startWebhookReceiver, type ReceivedPost, type WebhookReceiver } from '../../helpers/webhook-receiver.js';

interface DeliveryView {
  id: string;
  event: string;
  eventId: string;
  status: string;
  attempts: number;
  lastError: string | null;
  responseStatus: number | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** What a test needs of a gateway with one team and its webhooks. */
function webhooksOf(gw: TestGateway, teamId: () => string) {
  return {
    async subscribe(url: string, events: string[] = ['*']): Promise<{ id: string; secret: string }> {
      return (await gw.api('post', `/api/teams/${teamId()}/webhooks`).send({ url, events }).expect(201)).body as {
        id: string;
        secret: string;
      };
    },
    async openTicket(): Promise<{ id: string; number: number; customer: string }> {
      return (
        await gw
          .api('post', `/api/teams/${teamId()}/tickets`)
          .send({ customer: freshCustomer(), subject: 'Where is my order?', channel: 'sms' })
          .expect(201)
      ).body as { id: string; number: number; customer: string };
    },
    async deliveries(subscriptionId: string): Promise<DeliveryView[]> {
      return (await gw.api('get', `/api/teams/${teamId()}/webhooks/${subscriptionId}/deliveries`).expect(200))
        .body as DeliveryView[];
    },
    /** Waits until the subscription has `count` deliveries, none of them pending. */
    settled(subscriptionId: string, count: number, timeoutMs = 15_000): Promise<DeliveryView[]> {
      return eventually(async () => {
        const log = await this.deliveries(subscriptionId);
        return log.length === count && log.every((d) => d.status !== 'pending') ? log : null;
      }, timeoutMs);
    },
  };
}

const bodyOf = (post: ReceivedPost) => JSON.parse(post.body) as Record<string, unknown>;

describe('outgoing webhooks: delivery to a real endpoint', () => {
  let gw: TestGateway;
  let receiver: WebhookReceiver;
  let teamId: string;
  let hooks: ReturnType<typeof webhooksOf>;

  beforeAll(async () => {
    gw = await startTestGateway({ outbound: 'sandbox', maxAttempts: 3 });
    receiver = await startWebhookReceiver();
    hooks = webhooksOf(gw, () => teamId);
  });
  afterAll(async () => {
    await gw.close();
    await receiver.close();
  });
  beforeEach(async () => {
    teamId = await gw.newTeam();
  });

  it('posts the event signed with the subscription’s secret, in the contract’s shape, and logs it delivered', async () => {
    const url = receiver.endpoint();
    const hook = await hooks.subscribe(url, ['ticket.created']);
    const ticket = await hooks.openTicket();
    const [delivery] = await hooks.settled(hook.id, 1);
    const [post] = receiver.postsTo(url);
    const [event] = await gw.stores.teamEvents.list(teamId, { limit: 10 });
    expect(post!.headers).toMatchObject({
      'content-type': 'application/json',
      'x-switchboard-event': 'ticket.created',
      'x-switchboard-delivery': delivery!.id,
    });
    expect(bodyOf(post!)).toEqual({
      id: event!.id,
      event: 'ticket.created',
      teamId,
      createdAt: event!.createdAt.toISOString(),
      data: {
        ticketId: ticket.id,
        number: ticket.number,
        status: 'open',
        channel: 'sms',
        source: 'api',
        customer: ticket.customer,
        priority: 'normal',
        assigneeId: null,
        groupId: null,
      },
    });
    const signature = post!.headers['x-switchboard-signature'] as string;
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(hook.secret, signature, post!.body, gw.clock())).toBe(true);
    // A tampered body, or another secret, does not verify.
    expect(webhookSignatureProblem(hook.secret, signature, post!.body.replace('open', 'shut'), gw.clock())).toBe(
      'invalid_signature',
    );
    expect(verifyWebhookSignature('whsec_other', signature, post!.body, gw.clock())).toBe(false);
    expect(delivery).toMatchObject({
      event: 'ticket.created',
      eventId: event!.id,
      status: 'delivered',
      attempts: 1,
      lastError: null,
      responseStatus: 200,
      deliveredAt: expect.any(String),
    });
  });

  it('sends "*" every event and a named list only its names, each subscription with its own secret', async () => {
    const [allUrl, namedUrl] = [receiver.endpoint(), receiver.endpoint()];
    const all = await hooks.subscribe(allUrl, ['*']);
    const named = await hooks.subscribe(namedUrl, ['ticket.updated']);
    const ticket = await hooks.openTicket();
    await gw.api('patch', `/api/teams/${teamId}/tickets/${ticket.id}`).send({ status: 'pending' }).expect(200);
    await hooks.settled(all.id, 2);
    await hooks.settled(named.id, 1);
    expect(receiver.postsTo(allUrl).map((p) => p.headers['x-switchboard-event'])).toEqual(
      expect.arrayContaining(['ticket.created', 'ticket.updated']),
    );
    const [update] = receiver.postsTo(namedUrl);
    expect(bodyOf(update!)).toMatchObject({
      event: 'ticket.updated',
      data: { changes: { status: { from: 'open', to: 'pending' } } },
    });
    const signature = update!.headers['x-switchboard-signature'] as string;
    expect(verifyWebhookSignature(named.secret, signature, update!.body, gw.clock())).toBe(true);
    expect(verifyWebhookSignature(all.secret, signature, update!.body, gw.clock())).toBe(false);
    // One event, one id, whichever subscription it reached.
    const sameEvent = receiver.postsTo(allUrl).find((p) => p.headers['x-switchboard-event'] === 'ticket.updated')!;
    expect(bodyOf(sameEvent).id).toBe(bodyOf(update!).id);
    expect(sameEvent.headers['x-switchboard-delivery']).not.toBe(update!.headers['x-switchboard-delivery']);
  });

  it('retries a failing endpoint with backoff, then marks the delivery failed in the log', async () => {
    const url = receiver.endpoint(500, 502, 503, 503);
    const hook = await hooks.subscribe(url);
    await hooks.openTicket();
    const [delivery] = await hooks.settled(hook.id, 1, 20_000);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 3, responseStatus: 503, deliveredAt: null });
    expect(delivery!.lastError).toMatch(/^http_503: /);
    const posts = receiver.postsTo(url);
    expect(posts).toHaveLength(3);
    // Backoff: about 1 s, then about 2 s (half fixed, half jitter).
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(450);
    expect(posts[2]!.at - posts[1]!.at).toBeGreaterThanOrEqual(950);
    // Every try posts the same bytes under the same delivery id.
    expect(new Set(posts.map((p) => p.body)).size).toBe(1);
    expect(new Set(posts.map((p) => p.headers['x-switchboard-delivery'])).size).toBe(1);
  });

  it('succeeds on a later try and says so', async () => {
    const url = receiver.endpoint(503);
    const hook = await hooks.subscribe(url);
    await hooks.openTicket();
    const [delivery] = await hooks.settled(hook.id, 1);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 2, responseStatus: 200 });
    expect(receiver.postsTo(url)).toHaveLength(2);
  });

  it('gives up at once on an answer that another try cannot mend (a 410)', async () => {
    const url = receiver.endpoint(410);
    const hook = await hooks.subscribe(url);
    await hooks.openTicket();
    const [delivery] = await hooks.settled(hook.id, 1);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 1, responseStatus: 410 });
    await sleep(1_200);
    expect(receiver.postsTo(url)).toHaveLength(1);
  });

  it('lets neither a slow nor a failing endpoint hold up another subscription', async () => {
    const slowUrl = receiver.slowEndpoint(3_000);
    const failingUrl = receiver.endpoint(503, 503, 503, 503, 503, 503, 503, 503, 503);
    const fastUrl = receiver.endpoint();
    await hooks.subscribe(slowUrl);
    await hooks.subscribe(failingUrl);
    const fast = await hooks.subscribe(fastUrl);
    const started = Date.now();
    for (let i = 0; i < 3; i += 1) await hooks.openTicket();
    const log = await hooks.settled(fast.id, 3, 2_500);
    expect(log.every((d) => d.status === 'delivered')).toBe(true);
    // Every post to the fast endpoint came before the slow one answered its first.
    expect(Math.max(...receiver.postsTo(fastUrl).map((p) => p.at)) - started).toBeLessThan(2_500);
    expect(receiver.postsTo(slowUrl).length).toBeGreaterThan(0);
  });

  it('stops posting to a subscription once it is deleted', async () => {
    const url = receiver.endpoint();
    const hook = await hooks.subscribe(url);
    await gw.api('delete', `/api/teams/${teamId}/webhooks/${hook.id}`).expect(204);
    await hooks.openTicket();
    await sleep(500);
    expect(receiver.postsTo(url)).toEqual([]);
  });
});

describe('outgoing webhooks: a committed delivery is never lost', () => {
  let gw: TestGateway;
  let receiver: WebhookReceiver;
  let teamId: string;
  let hooks: ReturnType<typeof webhooksOf>;

  beforeAll(async () => {
    // The relay's timer never fires here: the tests run it, or play the part of one that died.
    gw = await startTestGateway({ outbound: 'sandbox', relayIntervalMs: 3_600_000 });
    receiver = await startWebhookReceiver();
    hooks = webhooksOf(gw, () => teamId);
  });
  beforeEach(async () => {
    teamId = await gw.newTeam();
  });
  afterAll(async () => {
    await gw.close();
    await receiver.close();
  });

  it('holds the delivery pending from the commit until the relay hands it to the queue', async () => {
    const url = receiver.endpoint();
    const hook = await hooks.subscribe(url);
    await hooks.openTicket();
    await sleep(300);
    expect(await hooks.deliveries(hook.id)).toMatchObject([{ status: 'pending', attempts: 0 }]);
    expect(receiver.postsTo(url)).toEqual([]);
    expect(await gw.worker.relay.relay()).toBe(1);
    expect(await gw.worker.relay.relay()).toBe(0); // handed over once
    expect(await hooks.settled(hook.id, 1)).toMatchObject([{ status: 'delivered', attempts: 1 }]);
  });

  it('delivers one whose relay died before the enqueue when the sweeper runs', async () => {
    const url = receiver.endpoint();
    const hook = await hooks.subscribe(url);
    await hooks.openTicket();
    // Claimed as a relay would, then never enqueued: the process died in between.
    expect(await gw.stores.notifications.claimUnrelayed(500)).toHaveLength(1);
    expect(await gw.worker.relay.relay()).toBe(0);
    await sleep(300);
    expect(receiver.postsTo(url)).toEqual([]);
    expect((await gw.worker.sweeper.sweep(0)).notifications).toBeGreaterThanOrEqual(1);
    expect(await hooks.settled(hook.id, 1)).toMatchObject([{ status: 'delivered', attempts: 1 }]);
  });
});

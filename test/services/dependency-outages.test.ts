import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createLogger } from '../../src/logger.js';
import { BullmqQueue } from '../../src/queue/bullmq-queue.js';
import { eventually, startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { CuttableProxy, PrivateRedis } from '../helpers/redis-server.js';
import { fixture, sid } from '../helpers/twilio-signing.js';

// Selected by vitest.config.ts only when DATABASE_URL and REDIS_URL are set.
const DATABASE_URL = process.env.DATABASE_URL!;

describe('when Redis stops', () => {
  let redis: PrivateRedis;
  let gw: TestGateway;
  let teamId: string;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    const queue = new BullmqQueue(redis.url, 'outage', createLogger('silent'), 4);
    gw = await startTestGateway({ outbound: 'sandbox', queue, sweepIntervalMs: 300, sweepAfterMs: 200 });
    teamId = await gw.createTeam();
  });
  afterAll(async () => {
    await gw.close();
    await redis.stop();
  });

  it('still accepts webhooks, says the queue is down, and processes them when Redis is back', async () => {
    await redis.stop();
    const ready = await request(gw.app).get('/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.down).toEqual(['queue']);

    const froms = Array.from({ length: 5 }, (_, i) => `+1212555031${i}`);
    for (const From of froms) {
      const res = await gw.webhook('/twilio/messages', fixture('sms-inbound', { MessageSid: sid(), From }));
      expect(res.status).toBe(200);
    }
    const stored = await gw.testDb.db('webhook_events').where({ team_id: teamId });
    expect(stored).toHaveLength(5);
    expect(stored.every((e) => e.status === 'accepted')).toBe(true);

    await redis.start();
    await eventually(
      async () => (await gw.testDb.db('webhook_events').where({ team_id: teamId, status: 'processed' })).length === 5,
      30_000,
    );
    const replies = await eventually(async () => {
      const list = await gw.stores.messages.list(teamId, { direction: 'outbound', limit: 50 });
      return list.length === 5 && list.every((m) => m.status === 'sent') ? list : null;
    }, 30_000);
    expect(new Set(replies.map((m) => m.to))).toEqual(new Set(froms));
    expect((await request(gw.app).get('/ready')).status).toBe(200);
  }, 60_000);
});

describe('when PostgreSQL stops', () => {
  let proxy: CuttableProxy;
  let gw: TestGateway;

  beforeAll(async () => {
    const target = new URL(DATABASE_URL);
    proxy = await CuttableProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(DATABASE_URL);
    viaProxy.port = String(proxy.port);
    gw = await startTestGateway({ outbound: 'sandbox', databaseUrl: viaProxy.toString() });
    await gw.createTeam();
  });
  afterAll(async () => {
    await proxy.restore();
    await gw.close();
    await proxy.cut();
  });

  it('answers webhooks 503 within 2 s and /ready names the database; recovers when it is back', async () => {
    await proxy.cut();
    const started = Date.now();
    const res = await gw.webhook('/twilio/messages', fixture('sms-inbound', { MessageSid: sid() }));
    const elapsed = Date.now() - started;
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('service_unavailable');
    expect(elapsed).toBeLessThan(2_000);
    const ready = await request(gw.app).get('/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.down).toContain('database');

    await proxy.restore();
    await eventually(
      async () => (await gw.webhook('/twilio/messages', fixture('sms-inbound', { MessageSid: sid() }))).status === 200,
      15_000,
    );
  }, 30_000);
});

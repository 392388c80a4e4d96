import crypto from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import type { EmailSender, MessagingAdapter, WebhookPoster } from '../../channels/contract.js';
import { SandboxMessagingAdapter } from '../../channels/sandbox/sandbox-messaging.adapter.js';
import { createTwilioSignatureVerifier } from '../../channels/twilio/signature.js';
import { TwilioMessagingAdapter } from '../../channels/twilio/twilio-messaging.adapter.js';
import { createApp } from '../../src/app.js';
import { InProcessChatHub } from '../../src/webchat/chat-hub.js';
import { RedisChatHub } from '../../src/webchat/redis-chat-hub.js';
import { RecordingEmailSender } from '../../channels/email/recording-email.sender.js';
import { HttpWebhookPoster } from '../../channels/webhook/http-webhook.poster.js';
import { buildSharedServices, type SharedServices } from '../../src/shared-services.js';
import type { StoreSet } from '../../src/store-set.js';
import { createLogger } from '../../src/logger.js';
import { BullmqQueue } from '../../src/queue/bullmq-queue.js';
import { InProcessQueue } from '../../src/queue/in-process-queue.js';
import type { JobQueue } from '../../src/queue/job-queue.js';
import { startWorker, type RunningWorker } from '../../src/worker.js';
import { createTestDb, type TestDb } from './test-db.js';
import { twilioSignature } from './twilio-signing.js';

export const PUBLIC_URL = 'https://gateway.test';
export const AUTH_TOKEN = 'f00dfacef00dfacef00dfacef00dface';
export const ACCOUNT_SID = 'ACdeadbeefdeadbeefdeadbeefdeadbeef';
export const TWILIO_API = 'http://twilio.test';
export const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
export const TEAM_NUMBER = '+15005550006';
export const CUSTOMER = '+12125550123';

export interface TestClock {
  (): Date;
  set(iso: string | Date): void;
  advance(ms: number): void;
}

export function testClock(start = '2026-11-21T21:30:00Z'): TestClock {
  let now = new Date(start).getTime();
  const clock = (() => new Date(now)) as TestClock;
  clock.set = (iso) => {
    now = new Date(iso).getTime();
  };
  clock.advance = (ms) => {
    now += ms;
  };
  return clock;
}

/** The wall clock, for browser tests: the browser and the gateway agree on what "now" is. */
export function wallClock(): TestClock {
  const clock = (() => new Date()) as TestClock;
  clock.set = () => {
    throw new Error('the wall clock is not set');
  };
  clock.advance = () => {
    throw new Error('the wall clock is not advanced');
  };
  return clock;
}

export interface TestGateway {
  readonly app: Express;
  readonly testDb: TestDb;
  readonly stores: StoreSet;
  readonly queue: JobQueue;
  readonly clock: TestClock;
  readonly worker: RunningWorker;
  /** The outbound dispatcher the worker sends with: for tests that plan messages in their own transaction. */
  readonly dispatcher: SharedServices['dispatcher'];
  api(method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string, token?: string): request.Test;
  /** Posts a correctly signed Twilio webhook. */
  webhook(path: string, params: Record<string, string>, headers?: Record<string, string>): request.Test;
  /** A team number no other team of this gateway has. */
  freshNumber(): string;
  /** Creates a team with a fresh number and the default schedule (no further changes) and returns its id. */
  newTeam(opts?: { locale?: string; timezone?: string }): Promise<string>;
  /** Creates a team (always closed unless `open`) and returns its id. */
  createTeam(opts?: { numbers?: string[]; open?: boolean; locale?: string; timezone?: string }): Promise<string>;
  close(): Promise<void>;
}

export interface GatewayOptions {
  /** 'twilio' talks to TWILIO_API (intercept it with nock); 'sandbox' sends nothing. */
  readonly outbound?: 'twilio' | 'sandbox';
  readonly adapter?: MessagingAdapter;
  readonly maxAttempts?: number;
  readonly clock?: TestClock;
  readonly queue?: JobQueue;
  readonly databaseUrl?: string;
  readonly sweepIntervalMs?: number;
  readonly sweepAfterMs?: number;
  /** Team notification email; default: recorded, not sent. */
  readonly emailSender?: EmailSender;
  /** Team webhooks; null records them (sandbox). Default: real HTTP posts. */
  readonly webhookPoster?: WebhookPoster | null;
  /** How often new webhook deliveries are handed to the queue (default 100 ms). */
  readonly relayIntervalMs?: number;
}

/** The whole gateway in-process: real database, real queue (Redis when REDIS_URL is set). */
export async function startTestGateway(opts: GatewayOptions = {}): Promise<TestGateway> {
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const testDb = await createTestDb(opts.databaseUrl);
  const clock = opts.clock ?? testClock();
  const maxAttempts = opts.maxAttempts ?? 4;
  const queue: JobQueue =
    opts.queue ??
    (process.env.REDIS_URL
      ? new BullmqQueue(process.env.REDIS_URL, `t${crypto.randomBytes(5).toString('hex')}`, log, maxAttempts)
      : new InProcessQueue(log, maxAttempts));
  const adapter =
    opts.adapter ??
    (opts.outbound === 'sandbox'
      ? new SandboxMessagingAdapter()
      : new TwilioMessagingAdapter({
          accountSid: ACCOUNT_SID,
          authToken: AUTH_TOKEN,
          apiBaseUrl: TWILIO_API,
          timeoutMs: 2_000,
        }));
  // With Redis, chat events go over pub/sub as in production (a worker's reply reaches a web process's stream).
  const chatHub = process.env.REDIS_URL ? new RedisChatHub(process.env.REDIS_URL, log) : new InProcessChatHub();
  const shared = buildSharedServices(testDb.db, queue, log, chatHub);
  const app = createApp({
    db: testDb.db,
    queue,
    log,
    clock,
    publicUrl: PUBLIC_URL,
    adminToken: ADMIN_TOKEN,
    webhookVerifier: createTwilioSignatureVerifier(AUTH_TOKEN),
    shared,
  });
  const worker = await startWorker({
    queue,
    shared,
    log,
    clock,
    adapter,
    publicUrl: PUBLIC_URL,
    concurrency: 8,
    deliveryMaxAttempts: maxAttempts,
    sweepIntervalMs: opts.sweepIntervalMs ?? 60_000,
    sweepAfterMs: opts.sweepAfterMs ?? 60_000,
    emailSender: opts.emailSender ?? new RecordingEmailSender(),
    webhookPoster: opts.webhookPoster === undefined ? new HttpWebhookPoster() : opts.webhookPoster,
    // Webhook deliveries of team events reach the queue within a tenth of a second by default.
    relayIntervalMs: opts.relayIntervalMs ?? 100,
  });
  let numberSeq = 0;
  const gateway: TestGateway = {
    app,
    testDb,
    stores: shared.stores,
    queue,
    clock,
    worker,
    dispatcher: shared.dispatcher,
    api(method, path, token = ADMIN_TOKEN) {
      return request(app)[method](path).set('Authorization', `Bearer ${token}`);
    },
    webhook(path, params, headers = {}) {
      const req = request(app)
        .post(path)
        .type('form')
        .set('X-Twilio-Signature', twilioSignature(AUTH_TOKEN, PUBLIC_URL + path, params));
      for (const [k, v] of Object.entries(headers)) req.set(k, v);
      return req.send(new URLSearchParams(params).toString());
    },
    freshNumber() {
      numberSeq += 1;
      return `+1415555${String(numberSeq).padStart(4, '0')}`;
    },
    async newTeam(o = {}) {
      const res = await gateway.api('post', '/api/teams').send({
        name: 'Support',
        companyName: 'Acme',
        timezone: o.timezone ?? 'Europe/Warsaw',
        locale: o.locale ?? 'en',
        numbers: [gateway.freshNumber()],
      });
      if (res.status !== 201) throw new Error(`team not created: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id as string;
    },
    async createTeam(o = {}) {
      const timezone = o.timezone ?? 'Europe/Warsaw';
      const res = await gateway.api('post', '/api/teams').send({
        name: 'Support',
        companyName: 'Acme',
        timezone,
        locale: o.locale ?? 'en',
        numbers: o.numbers ?? [TEAM_NUMBER],
      });
      if (res.status !== 201) throw new Error(`team not created: ${res.status} ${JSON.stringify(res.body)}`);
      const id = res.body.id as string;
      const always = [['00:00', '24:00']];
      const weekly = o.open
        ? { mon: always, tue: always, wed: always, thu: always, fri: always, sat: always, sun: always }
        : {};
      await gateway.api('put', `/api/teams/${id}/schedule`).send({ timezone, weekly, exceptions: [] }).expect(200);
      return id;
    },
    async close() {
      await worker.stop();
      await queue.close(5_000);
      await chatHub.close();
      await testDb.close();
    },
  };
  return gateway;
}

/** Polls until `probe` returns a truthy value (or throws after `timeoutMs`). */
export async function eventually<T>(
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${(last as Error).message}` : ''}`);
}

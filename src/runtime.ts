import { InProcessChatHub } from './webchat/chat-hub.js';
import { RedisChatHub } from './webchat/redis-chat-hub.js';
import path from 'node:path';
import type { EmailSender, MessagingAdapter, WebhookPoster, WebhookVerifier } from '../channels/contract.js';
import { RecordingEmailSender } from '../channels/email/recording-email.sender.js';
import { SmtpEmailSender } from '../channels/email/smtp-email.sender.js';
import { SandboxMessagingAdapter } from '../channels/sandbox/sandbox-messaging.adapter.js';
import { createTwilioSignatureVerifier } from '../channels/twilio/signature.js';
import { HttpWebhookPoster } from '../channels/webhook/http-webhook.poster.js';
import { TwilioMessagingAdapter } from '../channels/twilio/twilio-messaging.adapter.js';
import { sandboxWebhookToken } from './bootstrap/first-start.js';
import type { Config } from './config.js';
import { connectDb, type Db } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import type { Logger } from './logger.js';
import { BullmqQueue } from './queue/bullmq-queue.js';
import { InProcessQueue } from './queue/in-process-queue.js';
import type { JobQueue } from './queue/job-queue.js';
import { buildSharedServices, type SharedServices } from './shared-services.js';

export interface Runtime {
  readonly db: Db;
  readonly queue: JobQueue;
  readonly adapter: MessagingAdapter;
  readonly webhookVerifier: WebhookVerifier;
  /** The token webhooks are signed with (Twilio's, or the sandbox's own). */
  readonly webhookAuthToken: string;
  /** Team notification email: SMTP when SMTP_URL is set and OUTBOUND is not sandbox; else recorded. */
  readonly emailSender: EmailSender;
  /** Team webhooks: posted for real, or null in sandbox mode (recorded). */
  readonly webhookPoster: WebhookPoster | null;
  /** Built once: the web side and the worker of this process share them. */
  readonly shared: SharedServices;
  close(timeoutMs: number): Promise<void>;
}

/** Connects what the configuration names: Postgres or PGlite, BullMQ or the in-process queue. */
export async function openRuntime(config: Config, log: Logger): Promise<Runtime> {
  const db = await connectDb({
    databaseUrl: config.databaseUrl,
    schema: config.databaseSchema,
    poolMax: config.databasePoolMax,
    embeddedDir: path.join(config.dataDir, 'pglite'),
  });
  await migrateToLatest(db);
  const queue: JobQueue = config.redisUrl
    ? new BullmqQueue(config.redisUrl, config.queuePrefix, log, config.deliveryMaxAttempts)
    : new InProcessQueue(log, config.deliveryMaxAttempts);
  const adapter: MessagingAdapter =
    config.outbound === 'twilio' && config.twilio
      ? new TwilioMessagingAdapter({
          accountSid: config.twilio.accountSid,
          authToken: config.twilio.authToken,
          apiBaseUrl: config.twilio.apiUrl,
        })
      : new SandboxMessagingAdapter();
  // Many processes share PostgreSQL and Redis: chat events go over Redis pub/sub; one embedded process keeps them in memory.
  const shared = buildSharedServices(
    db,
    queue,
    log,
    config.redisUrl ? new RedisChatHub(config.redisUrl, log) : new InProcessChatHub(),
  );
  const webhookAuthToken = config.webhookAuthToken ?? (await sandboxWebhookToken(shared.transact));
  return {
    db,
    queue,
    adapter,
    webhookVerifier: createTwilioSignatureVerifier(webhookAuthToken),
    webhookAuthToken,
    emailSender:
      config.smtpUrl && config.outbound !== 'sandbox'
        ? new SmtpEmailSender(config.smtpUrl)
        : new RecordingEmailSender(),
    webhookPoster: config.outbound === 'sandbox' ? null : new HttpWebhookPoster(),
    shared,
    async close(timeoutMs) {
      await queue.close(timeoutMs);
      await shared.chatHub.close();
      await db.destroy();
    },
  };
}

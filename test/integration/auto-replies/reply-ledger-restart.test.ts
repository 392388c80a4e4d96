import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingEmailSender } from '../../../channels/email/recording-email.sender.js';
import { SandboxMessagingAdapter } from '../../../channels/sandbox/sandbox-messaging.adapter.js';
import { planAutoReply } from '../../../src/auto-replies/auto-reply.service.js';
import { loadTeamConfig } from '../../../src/auto-replies/team-config.js';
import { createLogger } from '../../../src/logger.js';
import { BullmqQueue } from '../../../src/queue/bullmq-queue.js';
import { InProcessQueue } from '../../../src/queue/in-process-queue.js';
import type { JobQueue } from '../../../src/queue/job-queue.js';
import { buildSharedServices } from '../../../src/shared-services.js';
import { startWorker, type RunningWorker } from '../../../src/worker.js';
import { eventually, PUBLIC_URL, startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';

describe('a message held for quiet hours survives a restart', () => {
  const adapter = new SandboxMessagingAdapter();
  const log = createLogger('silent');
  let gw: TestGateway;
  let restarted: { worker: RunningWorker; queue: JobQueue } | null = null;
  beforeAll(async () => {
    gw = await startTestGateway({ adapter });
  });
  afterAll(async () => {
    if (restarted) {
      await restarted.worker.stop();
      await restarted.queue.close(5_000);
      await gw.testDb.close();
    } else {
      await gw.close();
    }
  });

  it('is sent by the next process once due: the hold is only a row', async () => {
    gw.clock.set('2026-11-21T21:30:00Z'); // 22:30 in Warsaw
    const teamId = await gw.createTeam({ numbers: [gw.freshNumber()] });
    const customer = '+48221234567';
    const config = (await loadTeamConfig(gw.stores, teamId))!;
    // What a rule's send_reply does: one call to the ledger.
    const outcome = await planAutoReply(gw.stores, {
      config,
      contact: await gw.stores.contacts.lockForReply(teamId, customer),
      claim: true,
      kind: 'ask_resolved',
      channel: 'sms',
      customer,
      teamNumber: config.team.numbers[0]!,
      eventId: null,
      isKeyword: false,
      afterHoursOnly: false,
      customerName: null,
      ticket: null,
      variables: {},
      now: gw.clock(),
    });
    expect(outcome.decision).toMatchObject({ reason: 'held_for_quiet_hours' });
    const id = outcome.messageId!;
    // Asked to claim, it is still stored unclaimed: nobody sends it now.
    expect(await gw.stores.messages.get(id)).toMatchObject({ status: 'queued', attempts: 0 });

    // The process dies overnight; its queue (in memory, or its Redis prefix) with it.
    await gw.worker.stop();
    await gw.queue.close(5_000);
    gw.clock.set('2026-11-22T07:00:01Z');

    const queue: JobQueue = process.env.REDIS_URL
      ? new BullmqQueue(process.env.REDIS_URL, `t${crypto.randomBytes(5).toString('hex')}`, log, 4)
      : new InProcessQueue(log, 4);
    const worker = await startWorker({
      queue,
      shared: buildSharedServices(gw.testDb.db, queue, log),
      log,
      clock: gw.clock,
      adapter,
      publicUrl: PUBLIC_URL,
      concurrency: 2,
      deliveryMaxAttempts: 4,
      sweepIntervalMs: 500,
      sweepAfterMs: 0,
      emailSender: new RecordingEmailSender(),
      webhookPoster: null,
    });
    restarted = { worker, queue };
    // The new process's sweeper (its first sweep, or the next) finds it due and sends it.
    await eventually(async () => (await gw.stores.messages.get(id))?.status === 'sent');
    expect(adapter.sent.filter((m) => m.id === id)).toHaveLength(1);
  });
});

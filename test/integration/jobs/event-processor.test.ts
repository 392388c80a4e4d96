import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';

// The events queue's consumer: every event type has a route, and what has none fails with its
// reason at once (no retries, no silent success).
describe('event processor', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({ outbound: 'sandbox', maxAttempts: 4 });
  });
  afterAll(async () => {
    await gw.close();
  });

  async function storedEvent(type: 'message.inbound' | 'call.step'): Promise<string> {
    const id = crypto.randomUUID();
    await gw.stores.events.insertOnce({
      id,
      provider: 'twilio',
      type,
      teamId: null,
      dedupeKey: `test:${id}`,
      idempotencyToken: null,
      params: {},
      parsed: null,
      status: 'accepted',
      reason: null,
      receivedAt: new Date(),
    });
    return id;
  }

  const failedEvent = (id: string) =>
    eventually(async () => {
      const event = await gw.testDb
        .db<{ id: string; status: string; last_error: string | null; attempts: number }>('webhook_events')
        .where({ id })
        .first();
      return event?.status === 'failed' ? event : null;
    });

  it('fails a job whose type has no route on its first try, with the reason on the event', async () => {
    const id = await storedEvent('message.inbound');
    await gw.queue.enqueue('events', { eventId: id, type: 'sms.unheard_of' }, { jobId: id });
    const event = await failedEvent(id);
    expect(event.last_error).toBe('unknown event type "sms.unheard_of"');
    expect(event.attempts).toBe(1);
  });

  it('fails a queued call step (answered on the request path, never queued) with that reason', async () => {
    const id = await storedEvent('call.step');
    await gw.queue.enqueue('events', { eventId: id, type: 'call.step' }, { jobId: id });
    const event = await failedEvent(id);
    expect(event.last_error).toBe('call.step event is answered on the request path and never queued');
    expect(event.attempts).toBe(1);
  });

  it('reads the type from the stored event when the job does not name it', async () => {
    const id = await storedEvent('call.step');
    await gw.queue.enqueue('events', { eventId: id }, { jobId: id });
    const event = await failedEvent(id);
    expect(event.last_error).toContain('never queued');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { InProcessQueue } from '../../../src/queue/in-process-queue.js';
import { PermanentJobError, RetryableJobError } from '../../../src/job-errors.js';
import type { JobContext, JobHandler, JobHandlers } from '../../../src/queue/job-queue.js';
import { sleep } from '../../helpers/sleep.js';

const log = createLogger('silent');

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(5);
  }
}

interface Call {
  readonly data: Readonly<Record<string, unknown>>;
  readonly ctx: JobContext;
  readonly at: number;
}

/** A handler that records each call and then does what `behave` says for that call (0-based). */
function recorder(
  behave: (call: number, data: Readonly<Record<string, unknown>>) => Promise<void> | void = () => undefined,
) {
  const calls: Call[] = [];
  const handler: JobHandler = async (data, ctx) => {
    calls.push({ data, ctx, at: Date.now() });
    await behave(calls.length - 1, data);
  };
  return { calls, handler };
}

const idle: JobHandler = async () => undefined;
const only = (deliveries: JobHandler, events: JobHandler = idle): JobHandlers => ({
  events,
  deliveries,
  notifications: idle,
});

describe('InProcessQueue', () => {
  const queues: InProcessQueue[] = [];
  const newQueue = (maxAttempts = 3): InProcessQueue => {
    const q = new InProcessQueue(log, maxAttempts);
    queues.push(q);
    return q;
  };
  afterEach(async () => {
    await Promise.all(queues.splice(0).map((q) => q.close(1_000)));
  });

  it('runs jobs with their data and context, on the handler of their queue', async () => {
    const q = newQueue(3);
    const deliveries = recorder();
    const events = recorder();
    q.startWorkers(only(deliveries.handler, events.handler), 2);
    await q.enqueue('deliveries', { messageId: 'm1' }, { jobId: 'm1' });
    await q.enqueue('events', { eventId: 'e1' }, { jobId: 'e1' });
    await waitFor(() => deliveries.calls.length === 1 && events.calls.length === 1);
    expect(deliveries.calls[0]!.data).toEqual({ messageId: 'm1' });
    expect(deliveries.calls[0]!.ctx).toEqual({ jobId: 'm1', attempt: 1, maxAttempts: 3 });
    expect(events.calls[0]!.data).toEqual({ eventId: 'e1' });
  });

  it('keeps jobs enqueued before the workers start, and runs them once they do', async () => {
    const q = newQueue();
    const r = recorder();
    await q.enqueue('deliveries', { n: 1 }, { jobId: 'a' });
    await q.enqueue('deliveries', { n: 2 }, { jobId: 'b' });
    await sleep(20);
    expect(r.calls).toHaveLength(0);
    q.startWorkers(only(r.handler), 1);
    await waitFor(() => r.calls.length === 2);
    expect(r.calls.map((c) => c.data.n)).toEqual([1, 2]);
  });

  it('runs a job with the same jobId once while it is pending', async () => {
    const q = newQueue();
    const r = recorder();
    for (let i = 0; i < 5; i += 1) await q.enqueue('deliveries', { i }, { jobId: 'same' });
    q.startWorkers(only(r.handler), 4);
    await waitFor(() => r.calls.length >= 1);
    await sleep(50);
    expect(r.calls).toHaveLength(1);
    expect(r.calls[0]!.data).toEqual({ i: 0 });
  });

  it('dedupes per queue: the same jobId on two queues runs on both', async () => {
    const q = newQueue();
    const deliveries = recorder();
    const events = recorder();
    q.startWorkers(only(deliveries.handler, events.handler), 2);
    await q.enqueue('deliveries', {}, { jobId: 'x' });
    await q.enqueue('events', {}, { jobId: 'x' });
    await waitFor(() => deliveries.calls.length === 1 && events.calls.length === 1);
  });

  it('dedupes while the job is running, and accepts the id again once it is done', async () => {
    const q = newQueue();
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const r = recorder((call) => (call === 0 ? gate : undefined));
    q.startWorkers(only(r.handler), 2);
    await q.enqueue('deliveries', {}, { jobId: 'j' });
    await waitFor(() => r.calls.length === 1);
    await q.enqueue('deliveries', {}, { jobId: 'j' }); // running: ignored
    release();
    await sleep(30);
    expect(r.calls).toHaveLength(1);
    await q.enqueue('deliveries', {}, { jobId: 'j' }); // done: runs again
    await waitFor(() => r.calls.length === 2);
  });

  it('waits delayMs before running a delayed job', async () => {
    const q = newQueue();
    const r = recorder();
    q.startWorkers(only(r.handler), 1);
    const t0 = Date.now();
    await q.enqueue('deliveries', {}, { jobId: 'later', delayMs: 150 });
    await sleep(60);
    expect(r.calls).toHaveLength(0);
    await waitFor(() => r.calls.length === 1);
    expect(r.calls[0]!.at - t0).toBeGreaterThanOrEqual(140);
  });

  it('retries a RetryableJobError after the backoff, then succeeds', async () => {
    const q = newQueue(3);
    const r = recorder((call) => {
      if (call === 0) throw new RetryableJobError('provider busy');
    });
    q.startWorkers(only(r.handler), 1);
    await q.enqueue('deliveries', { messageId: 'm' }, { jobId: 'm' });
    await waitFor(() => r.calls.length === 2);
    expect(r.calls.map((c) => c.ctx.attempt)).toEqual([1, 2]);
    expect(r.calls[1]!.data).toEqual({ messageId: 'm' });
    const gap = r.calls[1]!.at - r.calls[0]!.at;
    expect(gap).toBeGreaterThanOrEqual(450); // first retry: 500–1000 ms
    expect(gap).toBeLessThan(2_000);
    await sleep(50);
    expect(r.calls).toHaveLength(2);
  });

  it('honours Retry-After as the floor of the retry delay', async () => {
    const q = newQueue(2);
    const r = recorder((call) => {
      if (call === 0) throw new RetryableJobError('429', 1_300);
    });
    q.startWorkers(only(r.handler), 1);
    await q.enqueue('deliveries', {}, { jobId: 'ra' });
    await waitFor(() => r.calls.length === 2);
    expect(r.calls[1]!.at - r.calls[0]!.at).toBeGreaterThanOrEqual(1_250);
  });

  it('ignores a repeated enqueue while a retry is waiting', async () => {
    const q = newQueue(3);
    const r = recorder((call) => {
      if (call === 0) throw new RetryableJobError('again');
    });
    q.startWorkers(only(r.handler), 1);
    await q.enqueue('deliveries', {}, { jobId: 'w' });
    await waitFor(() => r.calls.length === 1);
    await q.enqueue('deliveries', {}, { jobId: 'w' });
    await waitFor(() => r.calls.length === 2);
    await sleep(100);
    expect(r.calls.map((c) => c.ctx.attempt)).toEqual([1, 2]);
  });

  it('also retries an ordinary error', async () => {
    const q = newQueue(2);
    const r = recorder((call) => {
      if (call === 0) throw new Error('socket hang up');
    });
    q.startWorkers(only(r.handler), 1);
    await q.enqueue('deliveries', {}, { jobId: 'plain' });
    await waitFor(() => r.calls.length === 2);
  });

  it('does not retry a PermanentJobError, and frees the jobId', async () => {
    const q = newQueue(3);
    const r = recorder((call) => {
      if (call === 0) throw new PermanentJobError('bad number');
    });
    q.startWorkers(only(r.handler), 1);
    await q.enqueue('deliveries', {}, { jobId: 'p' });
    await waitFor(() => r.calls.length === 1);
    await sleep(1_200); // past the longest first-retry delay
    expect(r.calls).toHaveLength(1);
    await q.enqueue('deliveries', {}, { jobId: 'p' });
    await waitFor(() => r.calls.length === 2);
  });

  it('stops after maxAttempts tries', async () => {
    const q = newQueue(2);
    const r = recorder(() => {
      throw new RetryableJobError('always');
    });
    q.startWorkers(only(r.handler), 1);
    await q.enqueue('deliveries', {}, { jobId: 'x' });
    await waitFor(() => r.calls.length === 2);
    await sleep(300);
    expect(r.calls.map((c) => [c.ctx.attempt, c.ctx.maxAttempts])).toEqual([
      [1, 2],
      [2, 2],
    ]);
  });

  it.each([1, 3])('never runs more than %i jobs at once', async (concurrency) => {
    const q = newQueue();
    let running = 0;
    let peak = 0;
    const r = recorder(async () => {
      running += 1;
      peak = Math.max(peak, running);
      await sleep(30);
      running -= 1;
    });
    q.startWorkers(only(r.handler), concurrency);
    for (let i = 0; i < 8; i += 1) await q.enqueue('deliveries', { i }, { jobId: `c${i}` });
    await waitFor(() => r.calls.length === 8 && running === 0);
    expect(peak).toBe(concurrency);
    expect(r.calls.map((c) => c.data.i).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('counts concurrency per queue: a queue full of slow jobs holds up no other queue', async () => {
    const q = newQueue();
    let release = () => undefined as void;
    const stuck = new Promise<void>((resolve) => (release = resolve));
    const slow = recorder(() => stuck);
    const events = recorder();
    q.startWorkers({ events: events.handler, deliveries: idle, notifications: slow.handler }, 2);
    for (let i = 0; i < 4; i += 1) await q.enqueue('notifications', { i }, { jobId: `n${i}` });
    await q.enqueue('events', { eventId: 'e1' }, { jobId: 'e1' });
    await waitFor(() => events.calls.length === 1);
    expect(slow.calls).toHaveLength(2); // the other two wait for a free slot of their own queue
    release();
    await waitFor(() => slow.calls.length === 4);
  });

  it('close() waits for the job in flight', async () => {
    const q = newQueue();
    let finished = false;
    const r = recorder(async () => {
      await sleep(200);
      finished = true;
    });
    q.startWorkers(only(r.handler), 1);
    await q.enqueue('deliveries', {}, { jobId: 'slow' });
    await waitFor(() => r.calls.length === 1);
    const t0 = Date.now();
    await q.close(5_000);
    expect(finished).toBe(true);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(150);
  });

  it('close() gives up waiting after its timeout', async () => {
    const q = newQueue();
    let release!: () => void;
    const r = recorder(
      () =>
        new Promise<void>((res) => {
          release = res;
        }),
    );
    q.startWorkers(only(r.handler), 1);
    await q.enqueue('deliveries', {}, { jobId: 'stuck' });
    await waitFor(() => r.calls.length === 1);
    const t0 = Date.now();
    await q.close(100);
    expect(Date.now() - t0).toBeLessThan(1_000);
    release();
  });

  it('after close(): refuses new jobs, starts no waiting ones, drops pending retries and reports not ready', async () => {
    const q = newQueue(3);
    let release!: () => void;
    const gate = new Promise<void>((res) => {
      release = res;
    });
    const r = recorder((_call, data) => {
      if (data.kind === 'gate') return gate;
      if (data.kind === 'retry') throw new RetryableJobError('later');
      return undefined;
    });
    q.startWorkers(only(r.handler), 1);
    expect(await q.ping()).toBe(true);
    await q.enqueue('deliveries', { kind: 'retry' }, { jobId: 'r' }); // fails at once; its retry waits 0.5–1 s
    await q.enqueue('deliveries', { kind: 'gate' }, { jobId: 'g' }); // holds the only slot
    await q.enqueue('deliveries', { kind: 'waiting' }, { jobId: 'w' }); // waits for the slot
    await waitFor(() => r.calls.length === 2);
    expect(r.calls.map((c) => c.data.kind)).toEqual(['retry', 'gate']);
    const closing = q.close(2_000);
    release();
    await closing;
    expect(await q.ping()).toBe(false);
    await expect(q.enqueue('deliveries', {}, { jobId: 'new' })).rejects.toThrow(/closed/);
    await sleep(1_100); // the retry of 'r' would have come by now
    expect(r.calls.map((c) => c.data.kind)).toEqual(['retry', 'gate']);
  });
});

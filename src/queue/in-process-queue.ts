import type { Logger } from '../logger.js';
import { retryDelayMs } from './backoff.js';
import { QUEUE_NAMES, type EnqueueOptions, type JobHandlers, type JobQueue, type QueueName } from './job-queue.js';
import { PermanentJobError, RetryableJobError } from '../job-errors.js';

interface PendingJob {
  readonly queue: QueueName;
  readonly id: string;
  readonly data: Record<string, unknown>;
  attempt: number;
}

/**
 * The single-node queue used when REDIS_URL is unset. Jobs live in memory only: Postgres holds
 * the truth, and the sweeper re-enqueues whatever a crash dropped. Like BullMQ's one worker per
 * queue, `concurrency` holds per queue: a slow webhook endpoint filling the notifications queue
 * holds up no event and no reply.
 */
export class InProcessQueue implements JobQueue {
  readonly kind = 'in-process' as const;
  private readonly ready = Object.fromEntries(QUEUE_NAMES.map((q) => [q, [] as PendingJob[]])) as Record<
    QueueName,
    PendingJob[]
  >;
  private readonly running = Object.fromEntries(QUEUE_NAMES.map((q) => [q, 0])) as Record<QueueName, number>;
  private readonly known = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private handlers: JobHandlers | null = null;
  private concurrency = 1;
  private closed = false;

  constructor(
    private readonly log: Logger,
    private readonly maxAttempts: number,
  ) {}

  async enqueue(queue: QueueName, data: Record<string, unknown>, opts: EnqueueOptions): Promise<void> {
    if (this.closed) throw new Error('queue is closed');
    const key = `${queue}/${opts.jobId}`;
    if (this.known.has(key)) return;
    this.known.add(key);
    const job: PendingJob = { queue, id: opts.jobId, data, attempt: 1 };
    if (opts.delayMs && opts.delayMs > 0) this.later(job, opts.delayMs);
    else this.push(job);
  }

  startWorkers(handlers: JobHandlers, concurrency: number): void {
    this.handlers = handlers;
    this.concurrency = concurrency;
    this.pump();
  }

  setConcurrency(concurrency: number): void {
    this.concurrency = concurrency;
    this.pump();
  }

  async ping(): Promise<boolean> {
    return !this.closed;
  }

  async close(timeoutMs: number): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const drained = Promise.allSettled([...this.inFlight]);
    await Promise.race([drained, new Promise((r) => setTimeout(r, timeoutMs).unref())]);
  }

  private push(job: PendingJob): void {
    this.ready[job.queue].push(job);
    this.pump();
  }

  private later(job: PendingJob, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.push(job);
    }, delayMs);
    this.timers.add(timer);
  }

  private pump(): void {
    for (const queue of QUEUE_NAMES) {
      const ready = this.ready[queue];
      while (!this.closed && this.handlers && this.running[queue] < this.concurrency && ready.length > 0) {
        const job = ready.shift()!;
        this.running[queue] += 1;
        const run = this.run(job).finally(() => {
          this.inFlight.delete(run);
          this.running[queue] -= 1;
          this.pump();
        });
        this.inFlight.add(run);
      }
    }
  }

  private async run(job: PendingJob): Promise<void> {
    const handler = this.handlers![job.queue];
    const key = `${job.queue}/${job.id}`;
    try {
      await handler(job.data, { jobId: job.id, attempt: job.attempt, maxAttempts: this.maxAttempts });
      this.known.delete(key);
    } catch (err) {
      const retry = !(err instanceof PermanentJobError) && job.attempt < this.maxAttempts && !this.closed;
      this.log.warn({ queue: job.queue, jobId: job.id, attempt: job.attempt, retry, err }, 'job failed');
      if (!retry) {
        this.known.delete(key);
        return;
      }
      const delay = retryDelayMs(job.attempt, err instanceof RetryableJobError ? err.retryAfterMs : null);
      job.attempt += 1;
      this.later(job, delay);
    }
  }
}

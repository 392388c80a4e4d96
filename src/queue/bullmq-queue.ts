import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { retryDelayMs } from './backoff.js';
import { QUEUE_NAMES, type EnqueueOptions, type JobHandlers, type JobQueue, type QueueName } from './job-queue.js';
import { PermanentJobError, RetryableJobError } from '../job-errors.js';

const ENQUEUE_TIMEOUT_MS = 1_000;

/**
 * BullMQ on Redis. Producers fail fast when Redis is down (no offline queue): the webhook has
 * already committed its event to Postgres, and the sweeper enqueues it once Redis is back.
 */
export class BullmqQueue implements JobQueue {
  readonly kind = 'bullmq' as const;
  private readonly producer: Redis;
  private readonly queues: Record<QueueName, Queue>;
  private readonly workers: Worker[] = [];
  private readonly workerConnections: Redis[] = [];

  constructor(
    private readonly redisUrl: string,
    private readonly prefix: string,
    private readonly log: Logger,
    private readonly maxAttempts: number,
  ) {
    this.producer = new Redis(redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 1_000,
      retryStrategy: (times) => Math.min(times * 200, 2_000),
    });
    this.producer.on('error', (err) => this.log.debug({ err: err.message }, 'redis producer error'));
    const entries = QUEUE_NAMES.map((name) => [name, new Queue(name, { connection: this.producer, prefix })] as const);
    for (const [, q] of entries) q.on('error', (err) => this.log.debug({ err: err.message }, 'queue error'));
    this.queues = Object.fromEntries(entries) as Record<QueueName, Queue>;
  }

  async enqueue(queue: QueueName, data: Record<string, unknown>, opts: EnqueueOptions): Promise<void> {
    if (this.producer.status !== 'ready') throw new Error(`redis is not ready (${this.producer.status})`);
    const add = this.queues[queue].add(queue, data, {
      jobId: opts.jobId,
      delay: opts.delayMs ?? 0,
      attempts: this.maxAttempts,
      backoff: { type: 'switchboard' },
      // Postgres keeps the record of what happened; a finished job is only a pointer to it.
      removeOnComplete: true,
      removeOnFail: { age: 7 * 86_400 },
    });
    await withTimeout(add, ENQUEUE_TIMEOUT_MS, 'enqueue timed out');
  }

  startWorkers(handlers: JobHandlers, concurrency: number): void {
    for (const name of QUEUE_NAMES) {
      const connection = new Redis(this.redisUrl, { maxRetriesPerRequest: null });
      connection.on('error', (err) => this.log.debug({ err: err.message }, 'redis worker error'));
      this.workerConnections.push(connection);
      const worker = new Worker(
        name,
        async (job: Job) => {
          const startedAt = performance.now();
          const waitedMs = Date.now() - job.timestamp;
          try {
            await handlers[name](job.data as Record<string, unknown>, {
              jobId: job.id ?? '',
              attempt: job.attemptsMade + 1,
              maxAttempts: job.opts.attempts ?? this.maxAttempts,
            });
          } catch (err) {
            if (err instanceof PermanentJobError) throw new UnrecoverableError(err.message);
            throw err;
          } finally {
            this.log.debug(
              { queue: name, jobId: job.id, waitedMs, tookMs: Math.round(performance.now() - startedAt) },
              'job done',
            );
          }
        },
        {
          connection,
          prefix: this.prefix,
          concurrency,
          settings: {
            backoffStrategy: (attemptsMade: number, _type?: string, err?: Error) =>
              retryDelayMs(attemptsMade, err instanceof RetryableJobError ? err.retryAfterMs : null),
          },
        },
      );
      worker.on('error', (err) => this.log.warn({ err: err.message, queue: name }, 'worker error'));
      worker.on('failed', (job, err) =>
        this.log.warn({ queue: name, jobId: job?.id, attempt: job?.attemptsMade, err: err.message }, 'job failed'),
      );
      this.workers.push(worker);
    }
  }

  setConcurrency(concurrency: number): void {
    for (const worker of this.workers) worker.concurrency = concurrency;
  }

  async ping(): Promise<boolean> {
    if (this.producer.status !== 'ready') return false;
    try {
      return (await withTimeout(this.producer.ping(), 1_000, 'ping timed out')) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(timeoutMs: number): Promise<void> {
    // Worker.close waits for the jobs in flight; past the timeout BullMQ's stalled-job check
    // hands them to another worker.
    await withTimeout(Promise.allSettled(this.workers.map((w) => w.close())), timeoutMs, 'close timed out').catch(
      () => {
        this.log.warn('workers did not finish in time; their jobs will be retried as stalled');
      },
    );
    await Promise.allSettled(Object.values(this.queues).map((q) => q.close()));
    for (const c of [...this.workerConnections, this.producer]) c.disconnect();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]);
}

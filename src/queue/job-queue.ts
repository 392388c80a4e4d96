/** The queues the gateway uses. One job per stored webhook event, one per outbound message, one per team notification. */
export const QUEUE_NAMES = ['events', 'deliveries', 'notifications'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export interface JobContext {
  readonly jobId: string;
  /** 1 on the first try. */
  readonly attempt: number;
  readonly maxAttempts: number;
}

export type JobHandler = (data: Readonly<Record<string, unknown>>, ctx: JobContext) => Promise<void>;
export type JobHandlers = Readonly<Record<QueueName, JobHandler>>;

export interface EnqueueOptions {
  /** Stable id: enqueueing the same id twice while it waits runs it once. */
  readonly jobId: string;
  readonly delayMs?: number;
}

/**
 * A durable-enough work queue: BullMQ on Redis in production, an in-process queue in embedded
 * mode. Postgres is the source of truth; a lost job is found again by the sweeper.
 */
export interface JobQueue {
  readonly kind: 'bullmq' | 'in-process';
  enqueue(queue: QueueName, data: Record<string, unknown>, opts: EnqueueOptions): Promise<void>;
  startWorkers(handlers: JobHandlers, concurrency: number): void;
  /** Changes how many jobs per queue run at once, while running. */
  setConcurrency(concurrency: number): void;
  ping(): Promise<boolean>;
  /** Stops taking jobs and waits for the ones in flight (up to timeoutMs). */
  close(timeoutMs: number): Promise<void>;
}

import type { Logger } from '../logger.js';

export interface TimedTask {
  readonly name: string;
  run(): Promise<unknown>;
}

/**
 * Runs time-driven work on an interval: calls whose last callback never came, RLA warnings and
 * breaches. Each task is safe to run in many workers at once (see the tasks), so every worker
 * process runs its own timer; a tick never overlaps the previous one.
 */
export class Timers {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly tasks: readonly TimedTask[],
    private readonly log: Logger,
  ) {}

  /** One pass over every task; a failing task does not stop the others. */
  async runOnce(): Promise<void> {
    for (const task of this.tasks) {
      await task.run().catch((err: unknown) => this.log.warn({ task: task.name, err: (err as Error).message }, 'timed task failed; will try again'));
    }
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.runOnce().finally(() => {
        this.running = null;
      });
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}

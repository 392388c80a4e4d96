import type { Logger } from '../logger.js';

export interface TimedTask {
  readonly name: string;
  readonly intervalMs: number;
  run(): Promise<unknown>;
}

/**
 * Runs the worker's time-driven work, each task on its own interval: the sweeper, calls whose last
 * callback never came, RLA warnings and breaches, the relay of new webhook deliveries. Each task is safe to run in many workers at
 * once, so every worker process runs its own; a task's run never overlaps its previous one.
 */
export class Timers {
  private readonly handles: NodeJS.Timeout[] = [];
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly tasks: readonly TimedTask[],
    private readonly log: Logger,
  ) {}

  /** One pass over every task, in order; a failing task does not stop the others. */
  async runOnce(): Promise<void> {
    for (const task of this.tasks) await this.runTask(task);
  }

  start(): void {
    for (const task of this.tasks) {
      const handle = setInterval(() => {
        if (!this.running.has(task.name)) void this.runTask(task);
      }, task.intervalMs);
      this.handles.push(handle);
    }
  }

  async stop(): Promise<void> {
    for (const handle of this.handles.splice(0)) clearInterval(handle);
    await Promise.all(this.running.values());
  }

  private async runTask(task: TimedTask): Promise<void> {
    const run = task
      .run()
      .then(() => undefined)
      .catch((err: unknown) =>
        this.log.warn({ task: task.name, err: (err as Error).message }, 'timed task failed; will try again'),
      )
      .finally(() => this.running.delete(task.name));
    this.running.set(task.name, run);
    await run;
  }
}

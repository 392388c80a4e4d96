import { assertTeamAccess, principalLabel, type Principal } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import type { Transact } from '../db/transactor.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { completeTask, type CallbackTaskStores } from './callback-tasks.js';
import type { TaskListQuery } from './task.schema.js';
import type { TicketTask } from './ticket-task.js';

/** The stores this module reads and writes. */
export interface TasksServiceStores extends CallbackTaskStores {
  readonly teams: { get(teamId: string): Promise<object | null> };
}

/** Tasks on tickets (callbacks customers asked for): agents list them and mark them done. */
export class TasksService {
  constructor(
    private readonly transact: Transact<TasksServiceStores>,
    private readonly clock: Clock,
  ) {}

  /** A ticket's tasks, earliest due first. */
  async listForTicket(principal: Principal, teamId: string, ticketId: string): Promise<TicketTask[]> {
    assertTeamAccess(principal, teamId, 'agent');
    return this.transact(async (s) => {
      if (!(await s.tickets.get(teamId, ticketId))) throw new NotFoundError('ticket');
      return s.tasks.listForTicket(teamId, ticketId);
    });
  }

  /** The team's tasks (open ones by default), earliest due first: the callback list. */
  async listForTeam(principal: Principal, teamId: string, q: TaskListQuery): Promise<TicketTask[]> {
    assertTeamAccess(principal, teamId, 'agent');
    return this.transact(async (s) => {
      if (!(await s.teams.get(teamId))) throw new NotFoundError('team');
      return s.tasks.listForTeam(teamId, {
        status: q.status === 'all' ? null : q.status,
        dueBefore: q.dueBefore ?? null,
        limit: q.limit,
      });
    });
  }

  /** An agent made the call: the task is done, and answers the ticket if nothing did yet. */
  async markDone(principal: Principal, teamId: string, ticketId: string, taskId: string): Promise<TicketTask> {
    assertTeamAccess(principal, teamId, 'agent');
    return this.transact(async (s) => {
      const ticket = await s.tickets.lock(teamId, ticketId);
      if (!ticket) throw new NotFoundError('ticket');
      const task = await s.tasks.lock(teamId, ticketId, taskId);
      if (!task) throw new NotFoundError('task');
      if (task.status !== 'open') {
        const when = task.doneAt ? ` at ${task.doneAt.toISOString()}` : '';
        throw new ConflictError(`this task is already ${task.status}${when}`, `task_${task.status}`);
      }
      return completeTask(s, ticket, task, principalLabel(principal), this.clock());
    });
  }
}

import { Router } from 'express';
import { principalOf } from '../auth/request-principal.js';
import { parseInput } from '../http/parse-input.js';
import { taskListQuerySchema } from './task.schema.js';
import type { TasksService } from './tasks.service.js';
import { taskView } from './ticket-task.js';

export function tasksRoutes(tasks: TasksService): Router {
  const router = Router();

  router.get('/teams/:team/tickets/:id/tasks', async (req, res) => {
    res.json((await tasks.listForTicket(principalOf(res), req.params.team, req.params.id)).map(taskView));
  });

  router.post('/teams/:team/tickets/:id/tasks/:taskId/done', async (req, res) => {
    const { team, id, taskId } = req.params;
    res.json(taskView(await tasks.markDone(principalOf(res), team, id, taskId)));
  });

  router.get('/teams/:team/tasks', async (req, res) => {
    const q = parseInput(taskListQuerySchema, req.query);
    res.json((await tasks.listForTeam(principalOf(res), req.params.team, q)).map(taskView));
  });

  return router;
}

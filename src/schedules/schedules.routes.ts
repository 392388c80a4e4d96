import { Router } from 'express';
import { principalOf } from '../auth/request-principal.js';
import { parseInput } from '../http/parse-input.js';
import { scheduleSchema } from './schedule.schema.js';
import type { SchedulesService } from './schedules.service.js';

export function schedulesRoutes(schedules: SchedulesService): Router {
  const router = Router();

  router.get('/teams/:team/schedule', async (req, res) => {
    res.json(await schedules.get(principalOf(res), req.params.team));
  });

  router.put('/teams/:team/schedule', async (req, res) => {
    const schedule = parseInput(scheduleSchema, req.body);
    res.json(await schedules.put(principalOf(res), req.params.team, schedule));
  });

  return router;
}

import { Router } from 'express';
import { z } from 'zod';
import { principalOf } from '../auth/request-principal.js';
import { parseInput } from '../http/parse-input.js';
import type { Call } from './call.js';
import type { CallsService } from './calls.service.js';

const listQuerySchema = z.strictObject({
  customer: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export function callsRoutes(calls: CallsService): Router {
  const router = Router();

  router.get('/teams/:team/calls', async (req, res) => {
    const q = parseInput(listQuerySchema, req.query);
    res.json((await calls.list(principalOf(res), req.params.team, q)).map(callView));
  });

  router.get('/teams/:team/calls/:id', async (req, res) => {
    res.json(callView(await calls.get(principalOf(res), req.params.team, req.params.id)));
  });

  return router;
}

function callView(c: Call) {
  return {
    id: c.id,
    callSid: c.callSid,
    customer: c.customer,
    teamNumber: c.teamNumber,
    afterHours: c.afterHours,
    stage: c.stage,
    stages: c.stages,
    status: c.finalStatus,
    durationSeconds: c.durationSeconds,
    outcome: c.outcome,
    recording: c.recordingState
      ? { state: c.recordingState, url: c.recordingUrl, durationSeconds: c.recordingSeconds }
      : null,
    ticketId: c.ticketId,
    agentLegs: c.legs,
    decision: c.decision,
    createdAt: c.createdAt.toISOString(),
    endedAt: c.endedAt ? c.endedAt.toISOString() : null,
    settledAt: c.outcomeAt ? c.outcomeAt.toISOString() : null,
  };
}

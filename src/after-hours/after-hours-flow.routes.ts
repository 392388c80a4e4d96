import express, { Router } from 'express';
import { principalOf } from '../auth/request-principal.js';
import { parseInput } from '../http/parse-input.js';
import { afterHoursFlowSchema, previewFlowSchema, toAfterHoursFlow, tryFlowSchema } from './after-hours-flow.schema.js';
import type { AfterHoursFlowService } from './after-hours-flow.service.js';

export function afterHoursFlowRoutes(flows: AfterHoursFlowService): Router {
  const router = Router();
  const json = express.json({ limit: '256kb', strict: true });

  router.get('/teams/:team/after-hours-flow', async (req, res) => {
    res.json(await flows.get(principalOf(res), req.params.team));
  });

  router.put('/teams/:team/after-hours-flow', json, async (req, res) => {
    const flow = toAfterHoursFlow(parseInput(afterHoursFlowSchema, req.body));
    res.json(await flows.replace(principalOf(res), req.params.team, flow));
  });

  // Each text's default in the team's language and its placeholders: what the panel's editor shows.
  router.get('/teams/:team/after-hours-flow/texts', async (req, res) => {
    res.json(await flows.textDefaults(principalOf(res), req.params.team));
  });

  // Each text as a customer reads it, with its SMS segments: the saved flow, or the draft in the body.
  router.post('/teams/:team/after-hours-flow/preview', json, async (req, res) => {
    const input = parseInput(previewFlowSchema, req.body ?? {});
    const steps = await flows.preview(
      principalOf(res),
      req.params.team,
      input.flow ? toAfterHoursFlow(input.flow) : null,
    );
    res.json({ steps });
  });

  // "Try it": one customer message through the flow; nothing is stored or sent.
  router.post('/teams/:team/after-hours-flow/try', json, async (req, res) => {
    const input = parseInput(tryFlowSchema, req.body ?? {});
    const draft = input.flow ? toAfterHoursFlow(input.flow) : null;
    res.json(await flows.tryIt(principalOf(res), req.params.team, input, draft));
  });

  return router;
}

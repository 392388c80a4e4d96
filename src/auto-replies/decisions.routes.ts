import { Router } from 'express';
import { principalOf } from '../auth/request-principal.js';
import { parseInput } from '../http/parse-input.js';
import { decisionListQuerySchema } from './decisions.schema.js';
import type { DecisionsService } from './decisions.service.js';
import type { ReplyDecision } from './reply-decisions.store.js';

export function decisionsRoutes(decisions: DecisionsService): Router {
  const router = Router();

  router.get('/teams/:team/decisions', async (req, res) => {
    const query = parseInput(decisionListQuerySchema, req.query);
    res.json((await decisions.list(principalOf(res), req.params.team, query)).map(decisionView));
  });

  return router;
}

export function decisionView(d: ReplyDecision) {
  return {
    at: d.at.toISOString(),
    customer: d.customer,
    kind: d.kind,
    action: d.action,
    reason: d.reason,
    ticketId: d.ticketId,
    messageId: d.messageId,
    ruleId: d.ruleId,
    sendAfter: d.sendAfter?.toISOString() ?? null,
  };
}

import { Router } from 'express';
import { z } from 'zod';
import { principalOf } from '../auth/request-principal.js';
import { parseInput } from '../http/parse-input.js';
import { auditEntryView } from './audit-entry.js';
import type { AuditService } from './audit.service.js';

const querySchema = z.strictObject({
  limit: z.coerce.number().int().min(1, 'must be at least 1').max(500, 'must be at most 500').default(50),
});

export function auditRoutes(audit: AuditService): Router {
  const router = Router();

  router.get('/teams/:team/audit', async (req, res) => {
    const { limit } = parseInput(querySchema, req.query);
    res.json((await audit.list(principalOf(res), req.params.team, limit)).map(auditEntryView));
  });

  return router;
}

import { Router } from 'express';
import { z } from 'zod';
import { principalOf } from '../auth/request-principal.js';
import { parseInput } from '../http/parse-input.js';
import { createTeamSchema, patchTeamSchema } from './team.schema.js';
import { teamView, type TeamsService } from './teams.service.js';

const createTokenSchema = z.strictObject({
  role: z.enum(['manager', 'agent'], { message: 'must be "manager" or "agent"' }),
  label: z.string().max(120).nullable().optional(),
});

export function teamsRoutes(teams: TeamsService): Router {
  const router = Router();

  router.post('/teams', async (req, res) => {
    const team = await teams.create(principalOf(res), parseInput(createTeamSchema, req.body));
    res.status(201).json(teamView(team));
  });

  router.get('/teams', async (_req, res) => {
    res.json((await teams.list(principalOf(res))).map(teamView));
  });

  router.get('/teams/:team', async (req, res) => {
    res.json(teamView(await teams.get(principalOf(res), req.params.team)));
  });

  router.patch('/teams/:team', async (req, res) => {
    const team = await teams.update(principalOf(res), req.params.team, parseInput(patchTeamSchema, req.body));
    res.json(teamView(team));
  });

  router.post('/teams/:team/tokens', async (req, res) => {
    const input = parseInput(createTokenSchema, req.body);
    const { id, token } = await teams.createToken(principalOf(res), req.params.team, input.role, input.label ?? null);
    res.status(201).json({ id, token, role: input.role, teamId: req.params.team });
  });

  return router;
}

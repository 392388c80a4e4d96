import { Router } from 'express';
import { principalOf } from '../auth/request-principal.js';
import { parseInput } from '../http/parse-input.js';
import { groupView } from './group.js';
import { groupCreateSchema, groupPatchSchema } from './group.schema.js';
import type { GroupsService } from './groups.service.js';

export function groupsRoutes(groups: GroupsService): Router {
  const router = Router();

  router.get('/teams/:team/groups', async (req, res) => {
    res.json((await groups.list(principalOf(res), req.params.team)).map(groupView));
  });

  router.post('/teams/:team/groups', async (req, res) => {
    const group = await groups.create(principalOf(res), req.params.team, parseInput(groupCreateSchema, req.body));
    res.status(201).json(groupView(group));
  });

  router.patch('/teams/:team/groups/:id', async (req, res) => {
    const patch = parseInput(groupPatchSchema, req.body);
    res.json(groupView(await groups.update(principalOf(res), req.params.team, req.params.id, patch)));
  });

  router.delete('/teams/:team/groups/:id', async (req, res) => {
    await groups.delete(principalOf(res), req.params.team, req.params.id);
    res.status(204).end();
  });

  return router;
}

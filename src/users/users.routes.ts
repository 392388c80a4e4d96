import { Router } from 'express';
import { principalOf } from '../auth/request-principal.js';
import { parseInput } from '../http/parse-input.js';
import { userView } from './user.js';
import { createAdminUserSchema, createTeamUserSchema } from './user.schema.js';
import type { UsersService } from './users.service.js';

export function usersRoutes(users: UsersService): Router {
  const router = Router();

  router.post('/teams/:team/users', async (req, res) => {
    const user = await users.create(principalOf(res), req.params.team, parseInput(createTeamUserSchema, req.body));
    res.status(201).json(userView(user));
  });

  router.get('/teams/:team/users', async (req, res) => {
    res.json((await users.list(principalOf(res), req.params.team)).map(userView));
  });

  router.post('/users', async (req, res) => {
    const user = await users.createAdmin(principalOf(res), parseInput(createAdminUserSchema, req.body));
    res.status(201).json(userView(user));
  });

  return router;
}

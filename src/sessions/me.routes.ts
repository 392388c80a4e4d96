import { Router } from 'express';
import { principalOf } from '../auth/request-principal.js';
import { sessionUser } from './session.middleware.js';

/** Who is asking: a panel user (with the CSRF token their page needs) or a bearer token. */
export function meRoutes(): Router {
  const router = Router();
  router.get('/me', (_req, res) => {
    const session = sessionUser(res);
    if (session) {
      const { id, email, name, role, teamId } = session.user;
      res.set('Cache-Control', 'no-store');
      res.json({ user: { id, email, name, role, teamId }, csrfToken: session.csrfToken });
      return;
    }
    const principal = principalOf(res);
    res.json({
      token:
        principal.kind === 'admin'
          ? { role: 'admin', teamId: null }
          : { role: principal.role, teamId: principal.teamId },
    });
  });
  return router;
}

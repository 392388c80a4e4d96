import { Router } from 'express';
import { principalOf } from '../auth/request-principal.js';
import type { AcknowledgementsService } from './acknowledgements.service.js';
import { renderAckPage } from './ack-page.js';

/** The acknowledge link from a page (no sign-in: the unguessable token is the credential). */
export function ackLinkRoutes(acks: AcknowledgementsService): Router {
  const router = Router();
  const answer = (
    res: import('express').Response,
    state: Awaited<ReturnType<AcknowledgementsService['showLink']>>,
    action: string,
  ) => {
    res
      .status(state.state === 'unknown' ? 404 : 200)
      .set('Cache-Control', 'no-store')
      .set('Referrer-Policy', 'no-referrer')
      .type('html')
      .send(renderAckPage(state, action));
  };
  router.get('/ack/:token', async (req, res) => {
    answer(res, await acks.showLink(req.params.token), req.originalUrl.split('?')[0]!);
  });
  router.post('/ack/:token', async (req, res) => {
    answer(res, await acks.acknowledgeLink(req.params.token), req.originalUrl.split('?')[0]!);
  });
  return router;
}

/** `POST /api/teams/:team/tickets/:id/acknowledge`: an agent acknowledges the ticket's urgent page. */
export function urgentPagingRoutes(acks: AcknowledgementsService): Router {
  const router = Router();
  router.post('/teams/:team/tickets/:id/acknowledge', async (req, res) => {
    const a = await acks.acknowledgeTicket(principalOf(res), req.params.team, req.params.id);
    res.json({ ...a, acknowledgedAt: a.acknowledgedAt.toISOString() });
  });
  return router;
}

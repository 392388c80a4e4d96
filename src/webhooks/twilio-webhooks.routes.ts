import { Router, type Request, type Response } from 'express';
import type { WebhookVerifier } from '../../channels/contract.js';
import { parseInboundMessage } from '../../channels/twilio/inbound-message.parser.js';
import { parseStatusCallback } from '../../channels/twilio/status-callback.parser.js';
import { emptyMessagingResponse } from '../../channels/twilio/twiml.js';
import type { Logger } from '../logger.js';
import type { StatusCallbackPayload } from '../messages/delivery-status.service.js';
import { answerWithin, idempotencyToken, twilioForm, verifiedForm } from './twilio-form.js';
import type { WebhookIntakeService } from './webhook-intake.service.js';

export interface TwilioWebhookDeps {
  readonly publicUrl: string;
  readonly verifier: WebhookVerifier;
  readonly intake: WebhookIntakeService;
  readonly log: Logger;
}

/** Twilio's messaging webhooks: verify, parse, commit, answer. Nothing else on the request path. */
export function twilioWebhookRoutes(deps: TwilioWebhookDeps): Router {
  const router = Router();
  const form = twilioForm();

  router.post('/twilio/messages', form, async (req: Request, res: Response) => {
    const { params, received } = verifiedForm(req, deps);
    const parsed = parseInboundMessage(params);
    await answerWithin(res, deps, () =>
      deps.intake.accept({
        provider: 'twilio',
        type: 'message.inbound',
        dedupeKey: parsed.ok ? `twilio:message:${parsed.value.providerMessageId}` : null,
        idempotencyToken: idempotencyToken(req),
        params,
        received,
        parsed,
        teamNumber: (m) => m.to,
      }),
    );
    res.type('text/xml').send(emptyMessagingResponse());
  });

  router.post('/twilio/messages/status', form, async (req: Request, res: Response) => {
    const { params, received, query } = verifiedForm(req, deps, ['mid']);
    const parsed = parseStatusCallback(params);
    const messageId = query.mid ?? null;
    await answerWithin(res, deps, () =>
      deps.intake.accept({
        provider: 'twilio',
        type: 'message.status',
        dedupeKey: parsed.ok ? `twilio:status:${parsed.value.providerMessageId}:${parsed.value.rawStatus}` : null,
        idempotencyToken: idempotencyToken(req),
        params,
        received,
        parsed,
        teamNumber: null,
        toStored: (update): StatusCallbackPayload => ({ update, messageId }),
      }),
    );
    res.status(204).end();
  });

  return router;
}

import crypto from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { hangupResponse, voiceResponse } from '../../channels/twilio/voice-twiml.js';
import {
  parseCallStatus,
  parseRecordingStatus,
  parseVoiceRequest,
} from '../../channels/twilio/voice-request.parser.js';
import type { RecordingPayload } from '../voice/call-events.service.js';
import {
  CALL_STEPS,
  type CallAnswer,
  type CallStepName,
  type CallStepsService,
  type RenderCall,
} from '../voice/call-steps.service.js';
import { answerWithin, idempotencyToken, twilioForm, verifiedForm, type TwilioRequestDeps } from './twilio-form.js';
import type { WebhookIntakeService } from './webhook-intake.service.js';

export interface TwilioVoiceDeps extends TwilioRequestDeps {
  readonly steps: CallStepsService;
  readonly intake: WebhookIntakeService;
}

/** Where a call step's TwiML sends Twilio next: our own URLs, carrying our call id. */
export function twimlRenderer(publicUrl: string): RenderCall {
  return (instructions, callId, seq) =>
    voiceResponse(
      instructions,
      (action) => `${publicUrl}/twilio/voice/${action}?call=${encodeURIComponent(callId)}&s=${seq}`,
    );
}

/**
 * Twilio's voice webhooks. The incoming call and its action URLs answer TwiML from the team's
 * flow (recording the caller's stage first); status and recording callbacks are stored and
 * handled by the worker, like message callbacks.
 */
export function twilioVoiceRoutes(deps: TwilioVoiceDeps): Router {
  const router = Router();
  const form = twilioForm();

  router.post('/twilio/voice', form, async (req: Request, res: Response) => {
    const { params, received } = verifiedForm(req, deps);
    const answer = await answerWithin(res, deps, () =>
      deps.steps.incoming({
        parsed: parseVoiceRequest(params),
        params,
        received,
        requestKey: requestKey('incoming', req, params),
      }),
    );
    send(res, answer);
  });

  router.post('/twilio/voice/status', form, async (req: Request, res: Response) => {
    const { params, received } = verifiedForm(req, deps);
    const parsed = parseCallStatus(params);
    await answerWithin(res, deps, () =>
      deps.intake.accept({
        provider: 'twilio',
        type: 'call.status',
        // The same status twice is a repeat; a leg's and the caller's callbacks have their own CallSid.
        dedupeKey: parsed.ok ? `twilio:call-status:${parsed.value.callSid}:${parsed.value.status}` : null,
        idempotencyToken: idempotencyToken(req),
        params,
        received,
        parsed,
        teamNumber: null,
      }),
    );
    res.status(204).end();
  });

  router.post('/twilio/voice/recording', form, async (req: Request, res: Response) => {
    const { params, received, query } = verifiedForm(req, deps, ['call']);
    const parsed = parseRecordingStatus(params);
    const callId = query.call ?? null;
    await answerWithin(res, deps, () =>
      deps.intake.accept({
        provider: 'twilio',
        type: 'call.recording',
        dedupeKey: parsed.ok
          ? `twilio:recording:${parsed.value.callSid}:${parsed.value.recordingSid ?? ''}:${parsed.value.status}`
          : null,
        idempotencyToken: idempotencyToken(req),
        params,
        received,
        parsed,
        teamNumber: null,
        toStored: (update): RecordingPayload => ({ update, callId }),
      }),
    );
    res.status(204).end();
  });

  router.post('/twilio/voice/:step', form, async (req: Request, res: Response) => {
    const { params, received, query } = verifiedForm(req, deps, ['call']);
    const step = String(req.params.step);
    const callId = query.call ?? null;
    const seq = typeof req.query.s === 'string' && /^\d{1,6}$/.test(req.query.s) ? Number(req.query.s) : null;
    if (!(CALL_STEPS as readonly string[]).includes(step)) {
      deps.log.warn({ step }, 'unknown voice step; hanging up');
      res.type('text/xml').send(hangupResponse());
      return;
    }
    const answer = await answerWithin(res, deps, () =>
      deps.steps.step(step as CallStepName, callId, seq, {
        parsed: parseVoiceRequest(params),
        params,
        received,
        requestKey: requestKey(step, req, params),
      }),
    );
    send(res, answer);
  });

  return router;
}

function send(res: Response, answer: CallAnswer): void {
  res.type('text/xml');
  if (answer.kind === 'twiml') res.send(answer.twiml);
  else if (answer.kind === 'hangup') res.send(hangupResponse());
  else res.send(voiceResponse([], () => ''));
}

/** The same request retried by Twilio has the same key, and gets the same answer. */
function requestKey(step: string, req: Request, params: Readonly<Record<string, string>>): string {
  const token = idempotencyToken(req);
  if (token) return `${step}:token:${token}`;
  const canonical = Object.keys(params)
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
  return `${step}:${crypto.createHash('sha256').update(`${req.originalUrl}\n${canonical}`).digest('base64url')}`;
}

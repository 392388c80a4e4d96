import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { WebhookVerifier } from '../../channels/contract.js';
import { ForbiddenError, ServiceUnavailableError } from '../errors.js';
import type { Logger } from '../logger.js';

// Twilio waits 15 s; we answer 503 long before, so a database outage is visible and fast.
const ANSWER_DEADLINE_MS = 1_900;
const BODY_LIMIT = '64kb';

/** What every Twilio webhook route needs to check and read a request. */
export interface TwilioRequestDeps {
  readonly publicUrl: string;
  readonly verifier: WebhookVerifier;
  readonly log: Logger;
}

/** Body parsing for Twilio's form posts: the raw text (64 KiB at most), then flat keys. */
export function twilioForm(): RequestHandler[] {
  return [express.text({ type: 'application/x-www-form-urlencoded', limit: BODY_LIMIT }), parseForm];
}

export function verifiedParams(req: Request, deps: TwilioRequestDeps): Record<string, string> {
  const received = (req.body ?? {}) as Record<string, string | string[]>;
  const url = deps.publicUrl + req.originalUrl;
  const headers = { 'x-twilio-signature': req.get('x-twilio-signature') };
  // Verified over every value received, before anything reads them.
  if (!deps.verifier.verify({ url, params: received, headers })) {
    deps.log.warn({ path: req.path }, 'webhook signature rejected');
    throw new ForbiddenError('the X-Twilio-Signature header does not match this request', 'invalid_signature');
  }
  return flattenParams(received);
}

// URLSearchParams rather than qs: flat keys are all Twilio sends, and it is several times cheaper.
function parseForm(req: Request, _res: Response, next: NextFunction): void {
  const params: Record<string, string | string[]> = {};
  if (typeof req.body === 'string') {
    for (const [key, value] of new URLSearchParams(req.body)) {
      const seen = params[key];
      params[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
    }
  }
  req.body = params;
  next();
}

export function idempotencyToken(req: Request): string | null {
  return req.get('i-twilio-idempotency-token') ?? null;
}

// A repeated key arrives as an array; Twilio signs each value, the domain reads the first.
function flattenParams(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!body || typeof body !== 'object') return out;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    out[k] = Array.isArray(v) ? String(v[0] ?? '') : String(v ?? '');
  }
  return out;
}

export async function answerWithin<T>(res: Response, deps: TwilioRequestDeps, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ServiceUnavailableError('the database did not answer in time; retry later', 'database')), ANSWER_DEADLINE_MS);
  });
  try {
    const outcome = await Promise.race([work(), deadline]);
    res.locals.intake = outcome;
    return outcome;
  } catch (err) {
    if (err instanceof ServiceUnavailableError) throw err;
    deps.log.error({ err: (err as Error).message }, 'webhook could not be stored');
    throw new ServiceUnavailableError('the webhook could not be stored; retry later', 'database');
  } finally {
    clearTimeout(timer);
  }
}

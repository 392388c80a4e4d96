import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { WebhookVerifier } from '../../channels/contract.js';
import { ForbiddenError, ServiceUnavailableError } from '../errors.js';
import type { Logger } from '../logger.js';
import { decodeFormBody, storableParams, storableText, type DecodedForm, type ReceivedRequest } from './form-body.js';

// Twilio waits 15 s; we answer 503 long before, so a database outage is visible and fast.
const ANSWER_DEADLINE_MS = 1_900;
const BODY_LIMIT = '64kb';

/** What every Twilio webhook route needs to check and read a request. */
export interface TwilioRequestDeps {
  readonly publicUrl: string;
  readonly verifier: WebhookVerifier;
  readonly log: Logger;
}

/** A verified Twilio form post, every value safe to store. */
export interface VerifiedForm {
  /** Each field's first value; U+0000 and lone surrogates replaced by U+FFFD. */
  readonly params: Record<string, string>;
  /** The query parameters asked for (first value, made storable the same way); null when absent. */
  readonly query: Readonly<Record<string, string | null>>;
  readonly received: ReceivedRequest;
}

interface ReceivedBody {
  readonly raw: Buffer;
  readonly form: DecodedForm;
}

/** Body parsing for Twilio's form posts: the raw bytes (64 KiB at most), then flat keys. */
export function twilioForm(): RequestHandler[] {
  return [express.raw({ type: 'application/x-www-form-urlencoded', limit: BODY_LIMIT }), parseForm];
}

/**
 * Verifies the signature over the values as decoded (what Twilio signed), and only then makes
 * them storable: a signature over the replaced values must not verify.
 */
export function verifiedForm(req: Request, deps: TwilioRequestDeps, queryNames: readonly string[] = []): VerifiedForm {
  const { raw, form } = req.body as ReceivedBody;
  const url = deps.publicUrl + req.originalUrl;
  const headers = { 'x-twilio-signature': req.get('x-twilio-signature') };
  // Verified over every value received, before anything reads them.
  if (!deps.verifier.verify({ url, params: form.params, headers })) {
    deps.log.warn({ path: req.path }, 'webhook signature rejected');
    throw new ForbiddenError('the X-Twilio-Signature header does not match this request', 'invalid_signature');
  }
  const { params, anomalies } = storableParams(form);
  const query: Record<string, string | null> = {};
  for (const name of queryNames) {
    const value = req.query[name];
    if (typeof value !== 'string') {
      query[name] = null;
      continue;
    }
    const storable = storableText(value);
    query[name] = storable.text;
    for (const issue of storable.issues) anomalies.push({ field: name, part: 'query', issue });
  }
  if (anomalies.length > 0) deps.log.warn({ path: req.path, anomalies }, 'webhook values not stored exactly as sent');
  return { params, query, received: { rawBody: raw, anomalies } };
}

// Decoded from the bytes, not from text: only then are ill-formed bytes seen, and kept.
function parseForm(req: Request, _res: Response, next: NextFunction): void {
  const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const body: ReceivedBody = { raw, form: decodeFormBody(raw) };
  req.body = body;
  next();
}

export function idempotencyToken(req: Request): string | null {
  return req.get('i-twilio-idempotency-token') ?? null;
}

export async function answerWithin<T>(res: Response, deps: TwilioRequestDeps, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ServiceUnavailableError('the database did not answer in time; retry later', 'database')),
      ANSWER_DEADLINE_MS,
    );
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

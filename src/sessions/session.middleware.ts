import type { RequestHandler, Response } from 'express';
import { CSRF_FIELD, CSRF_HEADER, CsrfError, csrfProblem } from './csrf.js';
import { readSessionToken } from './session-cookie.js';
import type { SessionUser } from './session-user.js';
import type { SessionsService } from './sessions.service.js';

export const SIGN_IN_PATH = '/manage/login';

/** The signed-in user of this request, or null (set by `loadSession`, `requireSession` or /api auth). */
export function sessionUser(res: Response): SessionUser | null {
  return (res.locals.session as SessionUser | undefined) ?? null;
}

/** Resolves the session cookie, if any, without demanding one. */
export function loadSession(sessions: SessionsService): RequestHandler {
  return async (req, res, next) => {
    const token = readSessionToken(req.get('cookie'));
    const session = token ? await sessions.resolve(token) : null;
    if (session) res.locals.session = session;
    next();
  };
}

/** For panel pages: without a live session, the browser goes to the sign-in page. */
export function requireSession(sessions: SessionsService): RequestHandler {
  const load = loadSession(sessions);
  return (req, res, next) =>
    load(req, res, (err?: unknown) => {
      if (err) return next(err);
      if (!sessionUser(res)) return res.redirect(303, SIGN_IN_PATH);
      next();
    });
}

/**
 * For panel forms and scripts after `requireSession`: a change must carry the session's CSRF
 * token in X-CSRF-Token or the form field `_csrf` (needs a body parser before it).
 */
export const requireCsrf: RequestHandler = (req, res, next) => {
  const session = sessionUser(res);
  if (!session) return res.redirect(303, SIGN_IN_PATH);
  const body = req.body as Record<string, unknown> | undefined;
  const field = typeof body?.[CSRF_FIELD] === 'string' ? body[CSRF_FIELD] : undefined;
  const problem = csrfProblem(req.method, req.get(CSRF_HEADER) ?? field, session.csrfToken);
  next(problem ? new CsrfError(problem) : undefined);
};

import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { CSRF_FIELD, CsrfError, csrfProblem, isForeignOrigin } from '../sessions/csrf.js';
import { clearedSessionCookie, readSessionToken, sessionCookie } from '../sessions/session-cookie.js';
import { loadSession, sessionUser, SIGN_IN_PATH } from '../sessions/session.middleware.js';
import type { SessionsService } from '../sessions/sessions.service.js';
import { AccountLockedError, InvalidCredentialsError } from '../sessions/sign-in.errors.js';
import { PANEL_PATH } from './panel-path.js';
import { renderSignInPage, type SignInPageModel } from './sign-in-page.js';

const signInForm = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(256),
});

export interface SignInRoutesDeps {
  readonly sessions: SessionsService;
  readonly publicUrl: string;
}

/** GET/POST /manage/login and POST /manage/logout. The panel itself lives elsewhere. */
export function signInRoutes(deps: SignInRoutesDeps): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 20 });
  const publicOrigin = new URL(deps.publicUrl).origin.toLowerCase();
  const cookieOptions = (req: Request) => ({ secure: req.secure || deps.publicUrl.startsWith('https:') });
  const foreign = (req: Request) =>
    isForeignOrigin(req.get('origin'), [publicOrigin, `${req.protocol}://${req.get('host') ?? ''}`.toLowerCase()]);

  router.get(`${PANEL_PATH}/login`, loadSession(deps.sessions), (req, res) => {
    if (sessionUser(res)) return res.redirect(303, PANEL_PATH);
    page(res, 200, {});
  });

  router.post(`${PANEL_PATH}/login`, form, async (req, res) => {
    // Refused from other sites: nobody may sign a visitor in to an account of their choosing.
    if (foreign(req))
      return page(res, 403, {
        error: 'This sign-in form was sent from another site. Open the sign-in page and try again.',
      });
    const body = req.body as Record<string, unknown> | undefined;
    const input = signInForm.safeParse(body ?? {});
    if (!input.success) {
      const email = typeof body?.email === 'string' ? body.email : '';
      return page(res, 400, { error: 'Enter your email and password.', email });
    }
    try {
      const { token } = await deps.sessions.signIn(input.data.email, input.data.password);
      res.append('Set-Cookie', sessionCookie(token, cookieOptions(req)));
      res.redirect(303, PANEL_PATH);
    } catch (err) {
      if (!(err instanceof InvalidCredentialsError || err instanceof AccountLockedError)) throw err;
      if (err instanceof AccountLockedError) res.set('Retry-After', String(Math.ceil(err.retryAfterMs / 1000)));
      page(res, 401, { error: err.message, email: input.data.email });
    }
  });

  router.post(`${PANEL_PATH}/logout`, form, loadSession(deps.sessions), async (req, res) => {
    const session = sessionUser(res);
    if (!session) {
      // Nothing to end; clear a stale cookie anyway.
      if (readSessionToken(req.get('cookie'))) res.append('Set-Cookie', clearedSessionCookie(cookieOptions(req)));
      return res.redirect(303, SIGN_IN_PATH);
    }
    const body = req.body as Record<string, unknown> | undefined;
    const field = typeof body?.[CSRF_FIELD] === 'string' ? body[CSRF_FIELD] : undefined;
    const problem = csrfProblem(req.method, field ?? req.get('x-csrf-token'), session.csrfToken);
    if (problem) throw new CsrfError(problem);
    await deps.sessions.signOut(session.sessionId);
    res.append('Set-Cookie', clearedSessionCookie(cookieOptions(req)));
    res.redirect(303, SIGN_IN_PATH);
  });

  return router;
}

function page(res: Response, status: number, model: SignInPageModel): void {
  res
    .status(status)
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      // No framing (clickjacking) and the form may only post to us.
      'Content-Security-Policy':
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'same-origin',
    })
    .send(renderSignInPage(model));
}

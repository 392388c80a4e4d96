import type { RequestHandler } from 'express';
import { UnauthorizedError } from '../errors.js';
import { CSRF_HEADER, CsrfError, csrfProblem } from './csrf.js';
import { readSessionToken } from './session-cookie.js';
import { principalForUser } from './session-principal.js';
import type { SessionUser } from './session-user.js';
import { hashToken, tokensEqual } from '../auth/api-token.js';
import type { ApiTokensStore } from '../auth/api-tokens.store.js';
import type { Principal } from '../auth/principal.js';

/** Resolves the panel's session cookie (SessionsService does). */
export interface SessionResolver {
  resolve(token: string): Promise<SessionUser | null>;
}

/**
 * Resolves `Authorization: Bearer …` to a principal, or else the panel's session cookie (whose
 * every change must carry the session's CSRF token); otherwise answers 401. A request with an
 * Authorization header is judged by it alone: a cookie never rescues a bad token.
 */
export function authenticate(
  tokens: ApiTokensStore,
  adminToken: string | null,
  sessions: SessionResolver | null = null,
): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization');
    const sessionToken = header === undefined && sessions ? readSessionToken(req.get('cookie')) : null;
    if (sessionToken && sessions) {
      const session = await sessions.resolve(sessionToken);
      if (!session) return next(new UnauthorizedError('your session has ended; sign in again at /manage/login'));
      // The cookie rides along on cross-site requests; only our own pages know the CSRF token.
      const problem = csrfProblem(req.method, req.get(CSRF_HEADER), session.csrfToken);
      if (problem) return next(new CsrfError(problem));
      res.locals.principal = principalForUser(session.user);
      res.locals.session = session;
      return next();
    }
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    if (!match) return next(new UnauthorizedError());
    const token = match[1]!;
    if (adminToken && tokensEqual(token, adminToken)) {
      res.locals.principal = { kind: 'admin', tokenId: null } satisfies Principal;
      return next();
    }
    const principal = await tokens.findPrincipal(hashToken(token));
    if (!principal) return next(new UnauthorizedError('the bearer token is unknown or revoked'));
    res.locals.principal = principal;
    next();
  };
}

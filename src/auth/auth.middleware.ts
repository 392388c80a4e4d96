import type { RequestHandler } from 'express';
import { UnauthorizedError } from '../errors.js';
import { hashToken, tokensEqual } from './api-token.js';
import type { ApiTokensStore } from './api-tokens.store.js';
import type { Principal } from './principal.js';

/** Resolves `Authorization: Bearer …` to a principal, or answers 401. */
export function authenticate(tokens: ApiTokensStore, adminToken: string | null): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
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

export function principalOf(res: { locals: Record<string, unknown> }): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw new UnauthorizedError();
  return principal;
}


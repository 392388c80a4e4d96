import { UnauthorizedError } from '../errors.js';
import type { Principal } from './principal.js';

/** Who is asking, as `authenticate` put it on the response. */
export function principalOf(res: { locals: Record<string, unknown> }): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw new UnauthorizedError();
  return principal;
}

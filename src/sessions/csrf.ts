import { tokensEqual } from '../auth/api-token.js';
import { ForbiddenError } from '../errors.js';

export type CsrfProblem = 'csrf_token_missing' | 'csrf_token_invalid';

/** The header a session client sends its CSRF token in; forms send the field `_csrf`. */
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Anything but a read changes state (POST, PUT, PATCH, DELETE, and whatever else arrives). */
export function isStateChanging(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/** Why a cookie-authenticated request may not proceed, or null when it may. */
export function csrfProblem(method: string, sent: string | undefined | null, expected: string): CsrfProblem | null {
  if (!isStateChanging(method)) return null;
  if (!sent) return 'csrf_token_missing';
  return tokensEqual(sent, expected) ? null : 'csrf_token_invalid';
}

const MESSAGES: Readonly<Record<CsrfProblem, string>> = {
  csrf_token_missing: 'this change needs the CSRF token: send it in the X-CSRF-Token header (GET /api/me gives it)',
  csrf_token_invalid: 'the CSRF token does not match this session: fetch it again from GET /api/me',
};

export class CsrfError extends ForbiddenError {
  constructor(problem: CsrfProblem) {
    super(MESSAGES[problem], problem);
  }
}

/**
 * A browser form posted from another site carries that site's Origin: refused, so nobody can sign
 * a visitor in (or out) from elsewhere. Requests without Origin (scripts, old browsers) pass.
 */
export function isForeignOrigin(origin: string | undefined, allowed: readonly string[]): boolean {
  if (!origin) return false;
  return !allowed.includes(origin.toLowerCase());
}

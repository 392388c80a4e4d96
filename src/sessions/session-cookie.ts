/** The panel's session cookie. Only its name and attributes live here. */
export const SESSION_COOKIE = 'sb_session';

/**
 * Parses a `Cookie` header into name → value. The first of two same-named cookies wins (browsers
 * send the most specific path first); a value that is not valid percent-encoding is kept raw.
 */
export function parseCookies(header: string | undefined): ReadonlyMap<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || cookies.has(name)) continue;
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    cookies.set(name, safeDecode(value));
  }
  return cookies;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export function readSessionToken(cookieHeader: string | undefined): string | null {
  return parseCookies(cookieHeader).get(SESSION_COOKIE) || null;
}

export interface CookieOptions {
  /** Set when the request came over https or PUBLIC_URL is https. */
  readonly secure: boolean;
}

/**
 * The session cookie: httpOnly (no script reads it), SameSite=Lax (not sent on cross-site
 * POSTs), and without Max-Age: the server's sliding expiry is the one that counts.
 */
export function sessionCookie(token: string, opts: CookieOptions): string {
  return [
    `${SESSION_COOKIE}=${encodeURIComponent(token)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    ...(opts.secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedSessionCookie(opts: CookieOptions): string {
  return [
    `${SESSION_COOKIE}=`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    'Max-Age=0',
    'Expires=Thu, 01 Jan 1970 00:00:00 GMT',
    ...(opts.secure ? ['Secure'] : []),
  ].join('; ');
}

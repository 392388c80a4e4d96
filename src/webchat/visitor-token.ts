import crypto from 'node:crypto';

/** Who a widget is: a visitor of one team. The token says so, signed; nothing is kept in cookies. */
export interface VisitorClaims {
  readonly teamId: string;
  readonly visitorId: string;
  /** Seconds since the epoch. */
  readonly issuedAt: number;
}

const b64 = (data: Buffer | string) => Buffer.from(data).toString('base64url');

function mac(secret: string, payload: string): string {
  return crypto.createHmac('sha256', secret).update(payload).digest('base64url');
}

/** `<payload>.<HMAC-SHA256>`, both base64url: the payload is `{t, v, i}`. */
export function signVisitorToken(secret: string, claims: VisitorClaims): string {
  const payload = b64(JSON.stringify({ t: claims.teamId, v: claims.visitorId, i: claims.issuedAt }));
  return `${payload}.${mac(secret, payload)}`;
}

/** The claims of a token this gateway signed for `teamId`; null for a forged one or another team's. */
export function verifyVisitorToken(secret: string, token: string, teamId: string): VisitorClaims | null {
  if (token.length > 512) return null;
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(mac(secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      t?: unknown;
      v?: unknown;
      i?: unknown;
    };
    if (claims.t !== teamId || typeof claims.v !== 'string' || typeof claims.i !== 'number') return null;
    return { teamId: claims.t, visitorId: claims.v, issuedAt: claims.i };
  } catch {
    return null;
  }
}

/** The address a visitor has on threads and contacts: `web:<visitorId>`. */
export const visitorAddress = (visitorId: string) => `web:${visitorId}`;
/** The address the team's widget writes from: `web:<teamId>`. */
export const teamChatAddress = (teamId: string) => `web:${teamId}`;

import crypto from 'node:crypto';

const PREFIX = 'sb_';

/** A new bearer token: 32 random bytes, url-safe. */
export function generateToken(): string {
  return PREFIX + crypto.randomBytes(32).toString('base64url');
}

/** Tokens are high-entropy, so a plain SHA-256 is enough to store them (no slow hash needed). */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

export function tokensEqual(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

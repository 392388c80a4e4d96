import crypto from 'node:crypto';

/**
 * Passwords are hashed with scrypt and a per-user salt. The cost parameters travel inside the
 * stored string (`scrypt$N$r$p$salt$hash`, base64url), so they can be raised later without
 * breaking existing hashes.
 */
const DEFAULT_PARAMS = { N: 16_384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
// A stored hash asking for more work than this is treated as malformed, not computed.
const MAX_N = 1 << 20;
const MAX_MEMORY = 256 * 1024 * 1024;

interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

function scrypt(password: string, salt: Buffer, keyLength: number, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const maxmem = Math.min(MAX_MEMORY, 128 * params.N * params.r * params.p + 1024 * 1024);
    crypto.scrypt(password.normalize('NFKC'), salt, keyLength, { ...params, maxmem }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_PARAMS): Promise<string> {
  const salt = crypto.randomBytes(SALT_LENGTH);
  const key = await scrypt(password, salt, KEY_LENGTH, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** True only when `password` matches `stored`; a malformed or unsupported hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  try {
    const key = await scrypt(password, parsed.salt, parsed.key.length, parsed.params);
    return crypto.timingSafeEqual(key, parsed.key);
  } catch {
    return false;
  }
}

function parseHash(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map((v) => (/^[1-9][0-9]{0,7}$/.test(v) ? Number(v) : NaN)) as [
    number,
    number,
    number,
  ];
  if (![N, r, p].every(Number.isSafeInteger) || N > MAX_N || (N & (N - 1)) !== 0 || N < 2 || r > 32 || p > 16)
    return null;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const key = Buffer.from(parts[5]!, 'base64url');
  if (salt.length < 8 || key.length < 16 || key.length > 64) return null;
  return { params: { N, r, p }, salt, key };
}

let dummyHash: Promise<string> | null = null;

/**
 * A hash of a random secret, verified against when the email is unknown, so that an unknown
 * address costs the same scrypt run as a wrong password and timing does not reveal accounts.
 */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(crypto.randomBytes(16).toString('hex'));
  return dummyHash;
}

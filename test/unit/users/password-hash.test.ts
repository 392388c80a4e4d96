import { describe, expect, it } from 'vitest';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../../../src/users/password-hash.js';

// Cheap parameters keep the table fast; the format and checks are the same as the defaults.
const FAST = { N: 1024, r: 8, p: 1 };

describe('password hashing (scrypt)', () => {
  it('stores the parameters, salt and key in scrypt$N$r$p$salt$hash form', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(hash).not.toContain('correct horse');
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salts each hash: the same password hashes differently', async () => {
    const [a, b] = [await hashPassword('same password!', FAST), await hashPassword('same password!', FAST)];
    expect(a).not.toBe(b);
    expect(await verifyPassword('same password!', a)).toBe(true);
    expect(await verifyPassword('same password!', b)).toBe(true);
  });

  it('reads the cost from the hash, so older parameters still verify', async () => {
    const hash = await hashPassword('an older passphrase', FAST);
    expect(hash.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await verifyPassword('an older passphrase', hash)).toBe(true);
  });

  it('treats Unicode forms of one password alike (NFKC)', async () => {
    const hash = await hashPassword('caf\u00e9 au lait!', FAST);
    expect(await verifyPassword('cafe\u0301 au lait!', hash)).toBe(true);
  });

  const salt = Buffer.alloc(16, 1).toString('base64url');
  const key = Buffer.alloc(32, 2).toString('base64url');
  it.each([
    ['empty', ''],
    ['not scrypt', `bcrypt$1024$8$1$${salt}$${key}`],
    ['too few parts', `scrypt$1024$8$1$${salt}`],
    ['too many parts', `scrypt$1024$8$1$${salt}$${key}$x`],
    ['N not a power of two', `scrypt$1000$8$1$${salt}$${key}`],
    ['N absurdly large', `scrypt$${2 ** 30}$8$1$${salt}$${key}`],
    ['r not a number', `scrypt$1024$eight$1$${salt}$${key}`],
    ['p zero', `scrypt$1024$8$0$${salt}$${key}`],
    ['negative', `scrypt$-1024$8$1$${salt}$${key}`],
    ['short salt', `scrypt$1024$8$1$AAAA$${key}`],
    ['short key', `scrypt$1024$8$1$${salt}$AAAA`],
    ['plain text password', 'correct horse battery'],
  ])('a malformed hash (%s) never verifies and does not throw', async (_name, stored) => {
    await expect(verifyPassword('correct horse battery', stored)).resolves.toBe(false);
  });

  it('has a dummy hash for unknown emails that nothing matches', async () => {
    const dummy = await dummyPasswordHash();
    expect(dummy).toBe(await dummyPasswordHash());
    expect(await verifyPassword('', dummy)).toBe(false);
    expect(await verifyPassword('password1234', dummy)).toBe(false);
  });
});

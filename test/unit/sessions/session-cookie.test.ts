import { describe, expect, it } from 'vitest';
import {
  clearedSessionCookie,
  parseCookies,
  readSessionToken,
  sessionCookie,
} from '../../../src/sessions/session-cookie.js';

describe('parseCookies', () => {
  it.each<[string, string | undefined, Record<string, string>]>([
    ['no header', undefined, {}],
    ['empty header', '', {}],
    ['one cookie', 'sb_session=abc', { sb_session: 'abc' }],
    ['several, with spaces', 'a=1;  b=2 ; c=3', { a: '1', b: '2', c: '3' }],
    ['value containing =', 'a=x=y==', { a: 'x=y==' }],
    ['quoted value', 'a="quoted"', { a: 'quoted' }],
    ['percent-encoded value', 'a=hello%20world', { a: 'hello world' }],
    ['broken percent-encoding kept raw', 'a=%E0%A4%A', { a: '%E0%A4%A' }],
    ['first of two same-named wins', 'a=first; a=second', { a: 'first' }],
    ['pieces without a name or = ignored', '=nameless; flag; ; b=2', { b: '2' }],
    ['empty value', 'a=', { a: '' }],
  ])('%s', (_name, header, expected) => {
    expect(Object.fromEntries(parseCookies(header))).toEqual(expected);
  });

  it('does not pollute prototypes', () => {
    const cookies = parseCookies('__proto__=x; constructor=y');
    expect(cookies.get('__proto__')).toBe('x');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('session cookie', () => {
  it('reads the token from sb_session, else null', () => {
    expect(readSessionToken('other=1; sb_session=tok_123')).toBe('tok_123');
    expect(readSessionToken('other=1')).toBeNull();
    expect(readSessionToken('sb_session=')).toBeNull();
  });

  it('is httpOnly, SameSite=Lax, Path=/, and Secure only when asked', () => {
    const plain = sessionCookie('tok', { secure: false });
    expect(plain).toBe('sb_session=tok; Path=/; HttpOnly; SameSite=Lax');
    expect(sessionCookie('tok', { secure: true })).toBe('sb_session=tok; Path=/; HttpOnly; SameSite=Lax; Secure');
  });

  it('clears with Max-Age=0 and the same attributes', () => {
    const cleared = clearedSessionCookie({ secure: true });
    expect(cleared).toMatch(/^sb_session=; /);
    expect(cleared).toContain('Max-Age=0');
    expect(cleared).toContain('HttpOnly');
    expect(cleared).toContain('SameSite=Lax');
    expect(cleared).toContain('Secure');
  });
});

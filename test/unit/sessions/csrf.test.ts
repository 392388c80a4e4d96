import { describe, expect, it } from 'vitest';
import { csrfProblem, isForeignOrigin, isStateChanging } from '../../../src/sessions/csrf.js';

const TOKEN = 'tK9vQ2mX8pL4rN7sW1yZ3aB6cD0eF5gH';

describe('CSRF check', () => {
  it.each<[string, string | undefined | null, string | null]>([
    ['GET', undefined, null],
    ['HEAD', undefined, null],
    ['OPTIONS', undefined, null],
    ['get', 'wrong', null],
    ['POST', undefined, 'csrf_token_missing'],
    ['POST', '', 'csrf_token_missing'],
    ['POST', null, 'csrf_token_missing'],
    ['PUT', undefined, 'csrf_token_missing'],
    ['PATCH', undefined, 'csrf_token_missing'],
    ['DELETE', undefined, 'csrf_token_missing'],
    ['POST', 'wrong', 'csrf_token_invalid'],
    ['PUT', TOKEN.slice(0, -1), 'csrf_token_invalid'],
    ['PATCH', TOKEN + 'x', 'csrf_token_invalid'],
    ['DELETE', TOKEN.toLowerCase(), 'csrf_token_invalid'],
    ['POST', TOKEN, null],
    ['put', TOKEN, null],
    ['PATCH', TOKEN, null],
    ['DELETE', TOKEN, null],
  ])('%s with %j → %s', (method, sent, expected) => {
    expect(csrfProblem(method, sent, TOKEN)).toBe(expected);
  });

  it('treats unknown methods as changes', () => {
    expect(isStateChanging('PROPFIND')).toBe(true);
    expect(isStateChanging('GET')).toBe(false);
  });
});

describe('foreign origin', () => {
  const allowed = ['https://gateway.test', 'http://127.0.0.1:3000'];
  it.each<[string | undefined, boolean]>([
    [undefined, false],
    ['https://gateway.test', false],
    ['HTTPS://GATEWAY.TEST', false],
    ['http://127.0.0.1:3000', false],
    ['https://evil.test', true],
    ['http://gateway.test', true],
    ['null', true],
  ])('%s → %s', (origin, foreign) => {
    expect(isForeignOrigin(origin, allowed)).toBe(foreign);
  });
});

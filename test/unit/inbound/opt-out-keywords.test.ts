import { describe, expect, it } from 'vitest';
import type { OptOutKeyword } from '../../../channels/contract.js';
import { keywordOf } from '../../../src/inbound/opt-out-keywords.js';

describe('keywordOf', () => {
  it.each<[string, OptOutKeyword]>([
    ['STOP', 'STOP'],
    ['STOPALL', 'STOP'],
    ['UNSUBSCRIBE', 'STOP'],
    ['CANCEL', 'STOP'],
    ['END', 'STOP'],
    ['QUIT', 'STOP'],
    ['START', 'START'],
    ['UNSTOP', 'START'],
    ['HELP', 'HELP'],
    ['INFO', 'HELP'],
  ])('%s is %s', (word, keyword) => {
    expect(keywordOf(word, null)).toBe(keyword);
  });

  it.each<[string, OptOutKeyword]>([
    ['stop', 'STOP'],
    ['Stop', 'STOP'],
    ['  stop  ', 'STOP'],
    ['\nSTOP\n', 'STOP'],
    ['stop.', 'STOP'],
    ['Stop!', 'STOP'],
    ['STOP!!!', 'STOP'],
    ['stop.!', 'STOP'],
    ['start', 'START'],
    ['help!', 'HELP'],
    ['Info.', 'HELP'],
  ])('recognises %j regardless of case, spaces and final . or !', (body, keyword) => {
    expect(keywordOf(body, null)).toBe(keyword);
  });

  it.each([
    ['', 'an empty message'],
    ['   ', 'blanks'],
    ['stop please', 'a keyword inside a sentence'],
    ['please stop', 'a keyword at the end of a sentence'],
    ['STOP?', 'a question mark'],
    ['S T O P', 'spaced-out letters'],
    ['stopp', 'a misspelling'],
    ['helpful', 'a longer word'],
    ['Hello', 'an ordinary word'],
    ['.', 'punctuation only'],
  ])('%j is not a keyword (%s)', (body) => {
    expect(keywordOf(body, null)).toBeNull();
  });

  it.each<[string, OptOutKeyword]>([
    ['hello', 'STOP'],
    ['', 'START'],
    ['STOP', 'HELP'],
    ['help', 'START'],
  ])("prefers the provider's flag: %j flagged %s", (body, flagged) => {
    expect(keywordOf(body, flagged)).toBe(flagged);
  });
});

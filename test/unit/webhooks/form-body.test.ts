import { describe, expect, it } from 'vitest';
import { decodeFormBody, storableParams, storableText } from '../../../src/webhooks/form-body.js';

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('decodeFormBody', () => {
  it.each([
    'Body=Hello+world&From=%2B12125550123',
    'a=1&a=2&b=',
    'a&=x&&b=%3D%26',
    'Body=%F0%9F%98%80+%C3%A9',
    'Body=%00%01',
    'Body=%ZZ%4&x=%',
    'Body=%E0%A4%A',
    'Body=%FF%FE&k%FF=v',
    'Body=%ED%A0%80',
    'Body=%EF%BB%BFbom',
    '',
  ])('decodes %j as URLSearchParams does', (body) => {
    const expected: Record<string, string | string[]> = {};
    for (const [k, v] of new URLSearchParams(body)) {
      const seen = expected[k];
      expected[k] = seen === undefined ? v : Array.isArray(seen) ? [...seen, v] : [seen, v];
    }
    expect(decodeFormBody(bytes(body)).params).toEqual(expected);
  });

  it.each([
    ['clean', bytes('Body=Hi+there&From=%2B1'), []],
    ['a NUL (left to storableParams)', bytes('Body=%00'), []],
    ['a bad escape', bytes('Body=100%25+%ZZ'), [{ field: 'Body', part: 'value', issue: 'invalid_percent_encoding' }]],
    [
      'a truncated escape at the end',
      bytes('Body=%E0%A4%A'),
      [
        { field: 'Body', part: 'value', issue: 'invalid_percent_encoding' },
        { field: 'Body', part: 'value', issue: 'invalid_utf8' },
      ],
    ],
    [
      'escaped bytes that are not UTF-8',
      bytes('Body=%FF%FE'),
      [{ field: 'Body', part: 'value', issue: 'invalid_utf8' }],
    ],
    [
      'a surrogate encoded as CESU-8',
      bytes('Body=%ED%A0%80'),
      [{ field: 'Body', part: 'value', issue: 'invalid_utf8' }],
    ],
    [
      'raw bytes that are not UTF-8',
      bytes('Body=', [0xc3, 0x28]),
      [{ field: 'Body', part: 'value', issue: 'invalid_utf8' }],
    ],
    ['raw UTF-8', bytes('Body=', [0xc3, 0xa9]), []],
    ['a bad name', bytes('B%FFdy=x'), [{ field: 'B\uFFFDdy', part: 'name', issue: 'invalid_utf8' }]],
  ])('reports %s', (_name, body, anomalies) => {
    expect(decodeFormBody(body).anomalies).toEqual(anomalies);
  });

  it('reads raw bytes that are not UTF-8 as U+FFFD, as the standard does', () => {
    expect(decodeFormBody(bytes('Body=', [0xc3, 0x28], '!')).params).toEqual({ Body: '\uFFFD(!' });
  });
});

describe('storableText', () => {
  it.each([
    ['plain', 'hello', 'hello', []],
    ['an emoji (a surrogate pair)', 'hi \uD83D\uDE00', 'hi \uD83D\uDE00', []],
    ['U+0000', 'a\u0000b\u0000', 'a\uFFFDb\uFFFD', ['nul_character']],
    ['a lone high surrogate', 'a\uD800b', 'a\uFFFDb', ['lone_surrogate']],
    ['a lone high surrogate at the end', 'a\uD800', 'a\uFFFD', ['lone_surrogate']],
    ['a lone low surrogate', '\uDC00a', '\uFFFDa', ['lone_surrogate']],
    ['reversed pair', '\uDE00\uD83D', '\uFFFD\uFFFD', ['lone_surrogate']],
    ['both', '\u0000\uD800', '\uFFFD\uFFFD', ['nul_character', 'lone_surrogate']],
  ])('%s', (_name, input, text, issues) => {
    expect(storableText(input)).toEqual({ text, issues });
    // What PostgreSQL refuses in jsonb: the escaped NUL and unpaired surrogates.
    expect(JSON.stringify(storableText(input).text)).not.toMatch(/\\u0000|\\ud[89a-f]/i);
  });
});

describe('storableParams', () => {
  it('keeps the first value of a repeated field and records each change once, after the decoding’s own', () => {
    const form = decodeFormBody(bytes('Body=%00%FF&Body=%00&K%00=v&From=%2B1'));
    expect(storableParams(form)).toEqual({
      params: { Body: '\uFFFD\uFFFD', 'K\uFFFD': 'v', From: '+1' },
      anomalies: [
        { field: 'Body', part: 'value', issue: 'invalid_utf8' },
        { field: 'Body', part: 'value', issue: 'nul_character' },
        { field: 'K\uFFFD', part: 'name', issue: 'nul_character' },
      ],
    });
  });

  it('makes values from elsewhere (a JS string with a lone surrogate) storable too', () => {
    expect(storableParams({ params: { ProfileName: 'Ann\uD800' }, anomalies: [] })).toEqual({
      params: { ProfileName: 'Ann\uFFFD' },
      anomalies: [{ field: 'ProfileName', part: 'value', issue: 'lone_surrogate' }],
    });
  });
});

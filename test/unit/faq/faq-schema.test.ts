import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors.js';
import { parseFaqEntry } from '../../../src/faq/faq.schema.js';

const valid = { question: 'How do I reset my password?', answer: 'Use "Forgot password" on the sign-in page.' };

function problem(input: unknown): { status: number; code: string; field: string | null } {
  try {
    parseFaqEntry(input);
  } catch (err) {
    if (err instanceof AppError) return { status: err.statusCode, code: err.code, field: err.field };
    throw err;
  }
  throw new Error('parsed');
}

describe('parseFaqEntry', () => {
  it('takes an entry, trimming its texts, with no keywords and no locale by default', () => {
    expect(parseFaqEntry({ ...valid, question: `  ${valid.question} ` })).toEqual({ ...valid, keywords: [] });
    expect(parseFaqEntry({ ...valid, keywords: [' reset ', 'login'], locale: 'pl' })).toEqual({
      ...valid,
      keywords: ['reset', 'login'],
      locale: 'pl',
    });
  });

  it('takes the limits themselves', () => {
    const entry = {
      question: 'q'.repeat(300),
      answer: 'a'.repeat(2000),
      keywords: Array.from({ length: 20 }, (_, i) => `${i}`.padEnd(50, 'k')),
      locale: 'ru',
    };
    expect(parseFaqEntry(entry)).toEqual(entry);
  });

  it.each<[string, unknown, number, string, string | null]>([
    ['an empty question', { ...valid, question: '' }, 422, 'invalid_value', 'question'],
    ['a blank question', { ...valid, question: '   ' }, 422, 'invalid_value', 'question'],
    ['a question over 300', { ...valid, question: 'q'.repeat(301) }, 422, 'invalid_value', 'question'],
    ['an empty answer', { ...valid, answer: '' }, 422, 'invalid_value', 'answer'],
    ['a whitespace-only answer', { ...valid, answer: ' \n\t ' }, 422, 'invalid_value', 'answer'],
    ['an answer over 2000', { ...valid, answer: 'a'.repeat(2001) }, 422, 'invalid_value', 'answer'],
    [
      '21 keywords',
      { ...valid, keywords: Array.from({ length: 21 }, (_, i) => `k${i}`) },
      422,
      'invalid_value',
      'keywords',
    ],
    ['an empty keyword', { ...valid, keywords: ['ok', ''] }, 422, 'invalid_value', 'keywords.1'],
    ['a blank keyword', { ...valid, keywords: ['  '] }, 422, 'invalid_value', 'keywords.0'],
    ['a keyword over 50', { ...valid, keywords: ['k'.repeat(51)] }, 422, 'invalid_value', 'keywords.0'],
    ['an unknown locale', { ...valid, locale: 'de' }, 422, 'invalid_value', 'locale'],
    ['an unknown field', { ...valid, keyword: ['x'] }, 422, 'unknown_field', 'keyword'],
    ['an id in the body', { ...valid, id: 'x' }, 422, 'unknown_field', 'id'],
    ['no question', { answer: 'a' }, 400, 'missing_field', 'question'],
    ['a number as the answer', { ...valid, answer: 5 }, 400, 'invalid_type', 'answer'],
    ['keywords as a string', { ...valid, keywords: 'reset' }, 400, 'invalid_type', 'keywords'],
  ])('refuses %s', (_name, input, status, code, field) => {
    expect(problem(input)).toEqual({ status, code, field });
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BadRequestError, UnprocessableError, type AppError } from '../../../src/errors.js';
import { fieldOf, parseInput, toHttpError } from '../../../src/http/parse-input.js';

const schema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty'),
  age: z.number().int().min(0).optional(),
  email: z.email().optional(),
  role: z.enum(['manager', 'agent']).optional(),
  tags: z.array(z.string().max(5)).optional(),
  address: z.strictObject({ city: z.string(), zip: z.string().regex(/^\d{5}$/) }).optional(),
  contact: z.union([z.strictObject({ phone: z.string() }), z.strictObject({ email: z.string() })]).optional(),
  even: z
    .number()
    .refine((n) => n % 2 === 0, { message: 'must be even' })
    .optional(),
  flag: z.boolean().default(false),
});

function failure(input: unknown): AppError {
  try {
    parseInput(schema, input);
  } catch (err) {
    return err as AppError;
  }
  throw new Error('expected parseInput to throw');
}

describe('parseInput', () => {
  it('returns the parsed value, with defaults and transforms applied', () => {
    expect(parseInput(schema, { name: '  Ann  ' })).toEqual({ name: 'Ann', flag: false });
  });

  it.each<[string, unknown, 400 | 422, string, string | null, string | RegExp]>([
    // malformed: 400
    ['a missing field', {}, 400, 'missing_field', 'name', 'name is required'],
    [
      'a missing nested field',
      { name: 'a', address: { zip: '12345' } },
      400,
      'missing_field',
      'address.city',
      'address.city is required',
    ],
    [
      'a string where a number goes',
      { name: 'a', age: '3' },
      400,
      'invalid_type',
      'age',
      'age must be a number, not a string',
    ],
    ['a number where a string goes', { name: 5 }, 400, 'invalid_type', 'name', 'name must be a string, not a number'],
    ['null where a string goes', { name: null }, 400, 'invalid_type', 'name', 'name must be a string, not null'],
    [
      'an object where a list goes',
      { name: 'a', tags: {} },
      400,
      'invalid_type',
      'tags',
      'tags must be an array, not an object',
    ],
    [
      'a list where an object goes',
      { name: 'a', address: [] },
      400,
      'invalid_type',
      'address',
      'address must be an object, not an array',
    ],
    [
      'a wrong type inside a list',
      { name: 'a', tags: ['ok', 7] },
      400,
      'invalid_type',
      'tags.1',
      'tags.1 must be a string, not a number',
    ],
    ['a body that is not an object', 'hello', 400, 'invalid_type', null, 'body must be an object, not a string'],
    ['no body at all', undefined, 400, 'missing_field', null, 'body is required'],
    ['a body that is a list', [], 400, 'invalid_type', null, 'body must be an object, not an array'],
    [
      'an unknown field',
      { name: 'a', nickname: 'x' },
      400,
      'unknown_field',
      'nickname',
      'unknown field "nickname": remove it',
    ],
    [
      'an unknown nested field',
      { name: 'a', address: { city: 'X', zip: '12345', street: 'Y' } },
      400,
      'unknown_field',
      'address.street',
      /address\.street/,
    ],
    [
      'a value matching no branch of a union',
      { name: 'a', contact: { fax: '1' } },
      400,
      'invalid_input',
      'contact',
      /^contact: /,
    ],
    // well-formed but wrong: 422
    ['an empty string', { name: '   ' }, 422, 'invalid_value', 'name', 'name: must not be empty'],
    ['a number below the minimum', { name: 'a', age: -1 }, 422, 'invalid_value', 'age', /^age: /],
    ['a value outside an enum', { name: 'a', role: 'owner' }, 422, 'invalid_value', 'role', /^role: /],
    ['a malformed email', { name: 'a', email: 'nope' }, 422, 'invalid_value', 'email', /^email: /],
    [
      'a string too long inside a list',
      { name: 'a', tags: ['ok', 'toolong'] },
      422,
      'invalid_value',
      'tags.1',
      /^tags\.1: /,
    ],
    [
      'a failed pattern in a nested object',
      { name: 'a', address: { city: 'X', zip: 'abc' } },
      422,
      'invalid_value',
      'address.zip',
      /^address\.zip: /,
    ],
    ['a failed refinement', { name: 'a', even: 3 }, 422, 'invalid_value', 'even', 'even: must be even'],
  ])('%s → %i', (_name, input, status, code, field, message) => {
    const err = failure(input);
    expect(err).toBeInstanceOf(status === 400 ? BadRequestError : UnprocessableError);
    expect(err.statusCode).toBe(status);
    expect(err.code).toBe(code);
    expect(err.field).toBe(field);
    if (typeof message === 'string') expect(err.message).toBe(message);
    else expect(err.message).toMatch(message);
  });

  it('reports the first problem only', () => {
    const err = failure({ name: 5, age: 'x', colour: 'red' });
    expect(err.field).toBe('name');
  });

  it('works on a query object with coercion', () => {
    const query = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) });
    expect(parseInput(query, {})).toEqual({ limit: 100 });
    expect(parseInput(query, { limit: '7' })).toEqual({ limit: 7 });
    let err: AppError | null = null;
    try {
      parseInput(query, { limit: '0' });
    } catch (e) {
      err = e as AppError;
    }
    expect(err).toMatchObject({ statusCode: 422, code: 'invalid_value', field: 'limit' });
  });
});

describe('toHttpError', () => {
  it('names a root-level unknown key without a leading dot', () => {
    const err = toHttpError({ code: 'unrecognized_keys', keys: ['extra', 'more'], path: [], message: 'x', input: {} });
    expect(err).toMatchObject({ statusCode: 400, code: 'unknown_field', field: 'extra' });
    expect(err.message).toBe('unknown field "extra": remove it');
  });

  it('uses "an" before a vowel', () => {
    const err = toHttpError({ code: 'invalid_type', expected: 'object', path: ['a'], message: 'x', input: 1 });
    expect(err.message).toBe('a must be an object, not a number');
  });

  it('maps a custom issue to 422 with its message', () => {
    const err = toHttpError({
      code: 'custom',
      path: ['weekly', 'mon', 0, 1],
      message: '"25:00" is not a time of day',
      input: '25:00',
    });
    expect(err).toMatchObject({ statusCode: 422, code: 'invalid_value', field: 'weekly.mon.0.1' });
    expect(err.message).toBe('weekly.mon.0.1: "25:00" is not a time of day');
  });

  it('gives field null when the problem is the whole body', () => {
    const err = toHttpError({ code: 'custom', path: [], message: 'give one of a or b', input: {} });
    expect(err.field).toBeNull();
    expect(err.message).toBe('give one of a or b');
  });
});

describe('fieldOf', () => {
  it.each<[PropertyKey[], string]>([
    [[], ''],
    [['name'], 'name'],
    [['numbers', 0], 'numbers.0'],
    [['weekly', 'mon', 0, 1], 'weekly.mon.0.1'],
    [['missedCalls', 'attachWindowHours'], 'missedCalls.attachWindowHours'],
  ])('%j → %j', (path, field) => {
    expect(fieldOf({ path })).toBe(field);
  });
});

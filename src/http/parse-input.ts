import type { z } from 'zod';
import { BadRequestError, UnprocessableError, type AppError } from '../errors.js';

type Issue = z.core.$ZodIssue;

// Wrong types, missing or unknown fields are malformed (400); values of the right type that do
// not make sense are unprocessable (422).
const MALFORMED_CODES = new Set(['invalid_type', 'unrecognized_keys', 'invalid_union']);

/** Parses a request body or query with zod, or throws the error that tells the client what to change. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  // reportInput: without it zod leaves `input` off every issue, and a wrong type would read as missing.
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  throw toHttpError(result.error.issues[0]!);
}

export function toHttpError(issue: Issue): AppError {
  const field = fieldOf(issue);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const name = field ? `${field}.${key}` : key;
    return new BadRequestError(`unknown field "${name}": remove it`, 'unknown_field', name);
  }
  if (issue.code === 'invalid_type') {
    const missing = issue.input === undefined;
    const message = missing
      ? `${field || 'body'} is required`
      : `${field || 'body'} must be ${article(issue.expected)}, not ${describe(issue.input)}`;
    return new BadRequestError(message, missing ? 'missing_field' : 'invalid_type', field || null);
  }
  const message = field ? `${field}: ${issue.message}` : issue.message;
  if (MALFORMED_CODES.has(issue.code)) return new BadRequestError(message, 'invalid_input', field || null);
  return new UnprocessableError(message, 'invalid_value', field || null);
}

export function fieldOf(issue: { path: readonly PropertyKey[] }): string {
  return issue.path.map(String).join('.');
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

import { z } from 'zod';
import { UnprocessableError } from '../errors.js';
import { fieldOf, toHttpError } from '../http/parse-input.js';
import { FAQ_LOCALES } from './faq-entry.js';

const question = z.string().trim().min(1, 'must not be empty').max(300, 'keep a question to 300 characters');
const answer = z
  .string()
  .trim()
  .min(1, 'must not be empty: the customer would get a blank message')
  .max(2000, 'keep an answer to 2000 characters');
const keyword = z.string().trim().min(1, 'must not be empty').max(50, 'keep a keyword to 50 characters');
const keywords = z.array(keyword).max(20, 'at most 20 keywords');
const locale = z.enum(FAQ_LOCALES, { message: `must be one of ${FAQ_LOCALES.join(', ')}` });

/**
 * `POST /faq` and `PUT /faq/:id`: the whole entry. `keywords` defaults to none; a missing
 * `locale` is the team's on POST and the entry's own on PUT (the service decides).
 */
export const faqEntryInputSchema = z.strictObject({
  question,
  answer,
  keywords: keywords.default([]),
  locale: locale.optional(),
});
export type FaqEntryInput = z.infer<typeof faqEntryInputSchema>;

/**
 * Parses an entry. Values that do not make sense, and unknown fields (a typo such as `keyword`
 * would otherwise be dropped unseen), are 422s naming the field; a missing field or a wrong type
 * is a 400, as everywhere else.
 */
export function parseFaqEntry(input: unknown): FaqEntryInput {
  const result = faqEntryInputSchema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const field = [fieldOf(issue), issue.keys[0] ?? ''].filter(Boolean).join('.');
    return unknownField(field);
  }
  throw toHttpError(issue);
}

function unknownField(field: string): never {
  throw new UnprocessableError(
    `unknown field "${field}": an entry is {question, answer, keywords, locale}`,
    'unknown_field',
    field,
  );
}

/** `GET /faq/search?q=`: what a customer might write. */
export const faqSearchQuerySchema = z.strictObject({
  q: z.string().trim().min(1, 'must not be empty').max(1000, 'keep a search to 1000 characters'),
});

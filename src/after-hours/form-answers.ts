import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { FlowPath, FlowTextKey } from '../after-hours-flow/after-hours-flow.js';

/** A question of a path's form: what it asks, and how an answer is read. */
export type FormFieldKind = 'name' | 'email' | 'phone' | 'slot' | 'timeZone' | 'text';

export interface FormField {
  /** Its key in the ticket's `fields`. */
  readonly key: string;
  readonly kind: FormFieldKind;
  readonly ask: FlowTextKey;
}

/** What each path asks, in order (the Chatim template's forms, seed 000). */
export const PATH_FORMS: Readonly<Record<Exclude<FlowPath, 'faq'>, readonly FormField[]>> = {
  message: [
    { key: 'name', kind: 'name', ask: 'askName' },
    { key: 'email', kind: 'email', ask: 'askEmail' },
    { key: 'message', kind: 'text', ask: 'askMessage' },
  ],
  callback: [
    { key: 'name', kind: 'name', ask: 'askName' },
    { key: 'phone', kind: 'phone', ask: 'askPhone' },
    { key: 'timeZone', kind: 'timeZone', ask: 'askTimeZone' },
    { key: 'bestTime', kind: 'slot', ask: 'askBestTime' },
    { key: 'regarding', kind: 'text', ask: 'askRegarding' },
  ],
  urgent: [
    { key: 'name', kind: 'name', ask: 'askName' },
    { key: 'email', kind: 'email', ask: 'askEmail' },
    { key: 'phone', kind: 'phone', ask: 'askPhone' },
    { key: 'description', kind: 'text', ask: 'askDescription' },
  ],
};

/** The longest answer kept for a field; longer text is cut, never refused (noise must not break a session). */
const MAX_LENGTH: Readonly<Record<FormFieldKind, number>> = {
  name: 100,
  email: 254,
  phone: 40,
  slot: 10,
  timeZone: 64,
  text: 2_000,
};

// The address syntax browsers check for <input type="email"> (WHATWG HTML), plus a dot in the domain.
const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;

export type AnswerReading =
  | { readonly ok: true; readonly value: string }
  /** `problem`: the text that says what is wrong. */
  | { readonly ok: false; readonly problem: FlowTextKey };

export interface AnswerContext {
  /** The customer's own number, the phone question's default ("reply 1"). */
  readonly senderNumber: string;
  /** Where a number without a country code is read: the team's country. */
  readonly teamCountry: CountryCode | undefined;
  /** How many slots were offered (answers 1..n). */
  readonly slotCount: number;
}

/** Reads one answer to a form question: the stored value, or what is wrong with it. */
export function readAnswer(field: FormField, text: string, ctx: AnswerContext): AnswerReading {
  const answer = text
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_LENGTH[field.kind] * 4);
  if (answer === '') return { ok: false, problem: 'required' };
  switch (field.kind) {
    case 'name':
    case 'text':
      return { ok: true, value: answer.slice(0, MAX_LENGTH[field.kind]) };
    case 'email': {
      const address = answer.replace(/^mailto:/i, '');
      return EMAIL.test(address) && address.length <= MAX_LENGTH.email
        ? { ok: true, value: address }
        : { ok: false, problem: 'invalidEmail' };
    }
    case 'phone': {
      if (answer === '1') return { ok: true, value: ctx.senderNumber };
      const parsed = parsePhoneNumberFromString(answer.slice(0, MAX_LENGTH.phone), ctx.teamCountry);
      return parsed?.isPossible() ? { ok: true, value: parsed.number } : { ok: false, problem: 'invalidPhone' };
    }
    case 'slot': {
      const n = /^\d{1,2}$/.test(answer) ? Number(answer) : NaN;
      return n >= 1 && n <= ctx.slotCount ? { ok: true, value: String(n) } : { ok: false, problem: 'invalidChoice' };
    }
    case 'timeZone':
      return isTimeZone(answer) ? { ok: true, value: canonicalZone(answer) } : { ok: false, problem: 'invalidChoice' };
  }
}

export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+){0,2}$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function canonicalZone(zone: string): string {
  return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
}

/** The team's country, for numbers written without a code: the country of its first number. */
export function teamCountry(numbers: readonly string[]): CountryCode | undefined {
  for (const n of numbers) {
    const country = parsePhoneNumberFromString(n)?.country;
    if (country) return country;
  }
  return undefined;
}

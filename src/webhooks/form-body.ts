/**
 * Reading a signed form body without losing it. PostgreSQL holds neither U+0000 nor a lone
 * surrogate (in text or jsonb), and a body may be broken (bad percent-encoding, bytes that are not
 * UTF-8). Twilio does not resend an SMS webhook, so such a request is still stored: its bytes as
 * they came, its values made storable, and what was changed recorded.
 */

import type { FieldAnomaly, FieldIssue } from '../events/received-request.js';

export type { FieldAnomaly, FieldIssue, ReceivedRequest } from '../events/received-request.js';

/** A form body as decoded: the values a sender signs (Twilio signs the decoded values). */
export interface DecodedForm {
  /** Each field as decoded; a repeated field as a list. */
  readonly params: Record<string, string | string[]>;
  /** Where the bytes were ill-formed and the decoding had to be lenient. */
  readonly anomalies: readonly FieldAnomaly[];
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Decodes `application/x-www-form-urlencoded` bytes as the WHATWG URL standard does (and so as
 * URLSearchParams does): `+` is a space, a bad `%` escape stays as sent, ill-formed UTF-8 reads as
 * U+FFFD. Unlike URLSearchParams it reports where it had to do either.
 */
export function decodeFormBody(body: Uint8Array): DecodedForm {
  const params: Record<string, string | string[]> = {};
  const anomalies: FieldAnomaly[] = [];
  let start = 0;
  while (start <= body.length) {
    let end = body.indexOf(0x26 /* & */, start);
    if (end === -1) end = body.length;
    if (end > start) {
      let eq = body.indexOf(0x3d /* = */, start);
      if (eq === -1 || eq > end) eq = end;
      const name = decodeComponent(body, start, eq);
      const value = decodeComponent(body, Math.min(eq + 1, end), end);
      const field = storableText(name.text).text;
      for (const issue of name.issues) anomalies.push({ field, part: 'name', issue });
      for (const issue of value.issues) anomalies.push({ field, part: 'value', issue });
      const seen = Object.hasOwn(params, name.text) ? params[name.text] : undefined;
      params[name.text] =
        seen === undefined ? value.text : Array.isArray(seen) ? [...seen, value.text] : [seen, value.text];
    }
    start = end + 1;
  }
  return { params, anomalies };
}

function decodeComponent(body: Uint8Array, start: number, end: number): { text: string; issues: FieldIssue[] } {
  const out = Buffer.allocUnsafe(end - start);
  let length = 0;
  let ascii = true;
  let badEscape = false;
  for (let i = start; i < end; i++) {
    let byte = body[i]!;
    if (byte === 0x2b /* + */) byte = 0x20;
    else if (byte === 0x25 /* % */) {
      const hi = i + 2 < end ? hexValue(body[i + 1]!) : -1;
      const lo = hi >= 0 ? hexValue(body[i + 2]!) : -1;
      if (lo >= 0) {
        byte = hi * 16 + lo;
        i += 2;
      } else {
        badEscape = true;
      }
    }
    if (byte >= 0x80) ascii = false;
    out[length++] = byte;
  }
  const bytes = out.subarray(0, length);
  const issues: FieldIssue[] = badEscape ? ['invalid_percent_encoding'] : [];
  if (ascii) return { text: bytes.toString('latin1'), issues };
  try {
    return { text: strictUtf8.decode(bytes), issues };
  } catch {
    return { text: lenientUtf8.decode(bytes), issues: [...issues, 'invalid_utf8'] };
  }
}

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/* eslint-disable no-control-regex -- U+0000 is exactly what these look for: PostgreSQL cannot store it */
const NOT_STORABLE = /[\u0000\uD800-\uDFFF]/;
const NUL = /\u0000/g;
/* eslint-enable no-control-regex */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A string PostgreSQL can store (text and jsonb): U+0000 and lone surrogates become U+FFFD. */
export function storableText(text: string): { text: string; issues: FieldIssue[] } {
  if (!NOT_STORABLE.test(text)) return { text, issues: [] };
  const issues: FieldIssue[] = [];
  let out = text;
  if (out.includes('\u0000')) {
    issues.push('nul_character');
    out = out.replace(NUL, '\uFFFD');
  }
  const paired = out.replace(LONE_SURROGATE, '\uFFFD');
  if (paired !== out) issues.push('lone_surrogate');
  return { text: paired, issues };
}

/**
 * The first value of each field, storable, with every change recorded after the decoding's own.
 * Run after the signature is verified: the signature covers the values as decoded, not these.
 */
export function storableParams(form: DecodedForm): { params: Record<string, string>; anomalies: FieldAnomaly[] } {
  const params: Record<string, string> = {};
  const anomalies: FieldAnomaly[] = [...form.anomalies];
  for (const [name, values] of Object.entries(form.params)) {
    const field = storableText(name).text;
    const all = Array.isArray(values) ? values : [values];
    const issues = new Set(all.flatMap((value) => storableText(value).issues));
    for (const issue of storableText(name).issues) anomalies.push({ field, part: 'name', issue });
    for (const issue of issues) anomalies.push({ field, part: 'value', issue });
    // A repeated field: Twilio signs each value, the domain reads the first.
    if (!Object.hasOwn(params, field)) params[field] = storableText(all[0] ?? '').text;
  }
  return { params, anomalies: uniqueAnomalies(anomalies) };
}

/** Each field, part and issue once, in the order first seen (a repeated field can repeat them). */
export function uniqueAnomalies(anomalies: readonly FieldAnomaly[]): FieldAnomaly[] {
  const seen = new Set<string>();
  return anomalies.filter((a) => {
    const key = JSON.stringify([a.field, a.part, a.issue]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

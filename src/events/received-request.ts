/** How a stored event keeps the request it came from (see src/webhooks/form-body.ts). */

/** What was odd about a field. */
export type FieldIssue =
  /** U+0000: replaced by U+FFFD. */
  | 'nul_character'
  /** A UTF-16 surrogate without its pair: replaced by U+FFFD. */
  | 'lone_surrogate'
  /** Bytes that are not UTF-8: each ill-formed sequence read as U+FFFD. */
  | 'invalid_utf8'
  /** A `%` not followed by two hex digits: kept as the characters sent. */
  | 'invalid_percent_encoding';

/** One field that is not stored exactly as sent, and why. `field` is the name as stored. */
export interface FieldAnomaly {
  readonly field: string;
  /** The form field's name or value, or a parameter of the (signed) URL's query. */
  readonly part: 'name' | 'value' | 'query';
  readonly issue: FieldIssue;
}

/** The request as it arrived, kept with the event: what the stored values were made from. */
export interface ReceivedRequest {
  /** The body byte for byte. */
  readonly rawBody: Uint8Array;
  /** Values not stored exactly as sent (form fields and the signed URL's query), and why; empty when clean. */
  readonly anomalies: readonly FieldAnomaly[];
}

/** What a customer's message means as an answer to a question we asked, if anything. */
export type Rating = 1 | 2 | 3 | 4 | 5;

/** The request kinds a button payload can name ("approval_yes", "not_resolved"): that payload answers only that kind. */
export type PayloadTopic = 'approval' | 'resolution';

export type ReplyMeaning =
  | { readonly type: 'yes_no'; readonly value: 'yes' | 'no'; readonly about?: PayloadTopic }
  | { readonly type: 'rating'; readonly value: Rating }
  // A bare "1".."5" is a score or a numbered choice ("reply 1 or 2"): the question it answers decides.
  | { readonly type: 'digit'; readonly value: Rating };

export interface ReplyInput {
  readonly body: string;
  readonly button: { readonly text: string; readonly payload: string } | null;
}

// Whole-message answers only: "no idea what you mean" is not a "no".
const YES_NO: Readonly<Record<string, 'yes' | 'no'>> = {
  yes: 'yes',
  y: 'yes',
  ok: 'yes',
  okay: 'yes',
  sure: 'yes',
  yep: 'yes',
  yeah: 'yes',
  tak: 'yes',
  да: 'yes',
  no: 'no',
  n: 'no',
  nope: 'no',
  nie: 'no',
  нет: 'no',
};

// Button payloads are ours to define in WhatsApp templates; these read as yes/no besides the words
// above, each about the one kind of question it names ("resolved" approves nothing).
const PAYLOAD_YES_NO: Readonly<Record<string, { value: 'yes' | 'no'; about: PayloadTopic }>> = {
  approve: { value: 'yes', about: 'approval' },
  approved: { value: 'yes', about: 'approval' },
  accept: { value: 'yes', about: 'approval' },
  accepted: { value: 'yes', about: 'approval' },
  decline: { value: 'no', about: 'approval' },
  declined: { value: 'no', about: 'approval' },
  reject: { value: 'no', about: 'approval' },
  rejected: { value: 'no', about: 'approval' },
  resolved: { value: 'yes', about: 'resolution' },
  solved: { value: 'yes', about: 'resolution' },
  not_resolved: { value: 'no', about: 'resolution' },
  unresolved: { value: 'no', about: 'resolution' },
  not_solved: { value: 'no', about: 'resolution' },
};

// A plain yes/no payload names its question by the token before it: "approval_yes", "resolution_no".
const PAYLOAD_TOPIC: Readonly<Record<string, PayloadTopic>> = {
  approval: 'approval',
  approve: 'approval',
  resolution: 'resolution',
  resolved: 'resolution',
  solved: 'resolution',
};

const THUMBS_UP = '\u{1F44D}';
const THUMBS_DOWN = '\u{1F44E}';

/**
 * Reads a reply as yes/no, a 1–5 rating or a bare digit. A WhatsApp button's payload wins over the
 * text; the caller has already set aside STOP/START/HELP, which never count as answers.
 */
export function interpretReply(input: ReplyInput): ReplyMeaning | null {
  if (input.button) {
    const fromPayload = interpretPayload(input.button.payload);
    if (fromPayload) return fromPayload;
    const fromButton = interpretText(input.button.text);
    if (fromButton) return fromButton;
  }
  return interpretText(input.body);
}

/** Case, diacritics, emoji skin tones and surrounding punctuation do not matter. */
export function normalizeReply(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u{1F3FB}-\u{1F3FF}]|\uFE0F|\u200D/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/^[\p{P}\s]+|[\p{P}\s]+$/gu, '');
}

export function interpretText(text: string): ReplyMeaning | null {
  const t = normalizeReply(text);
  if (!t) return null;
  const digit = /^([1-5])$/u.exec(t);
  if (digit) return { type: 'digit', value: Number(digit[1]) as Rating };
  const rating = ratingOf(t);
  if (rating) return { type: 'rating', value: rating };
  return yesNoOf(t);
}

function ratingOf(t: string): Rating | null {
  const match = /^([1-5]) ?\/ ?5$/u.exec(t) ?? /^([1-5]) ?(?:stars?|gwiazdk[ai]|gwiazdek|звезд[аы]?)$/u.exec(t);
  if (match) return Number(match[1]) as Rating;
  // ⭐⭐⭐⭐ or ★★★★: the number of stars.
  if (/^(?:\u2B50|\u2605){1,5}$/u.test(t)) return [...t].length as Rating;
  return null;
}

function yesNoOf(t: string): ReplyMeaning | null {
  const signals = new Set<'yes' | 'no'>();
  if (t.includes(THUMBS_UP)) signals.add('yes');
  if (t.includes(THUMBS_DOWN)) signals.add('no');
  const words = t
    .replaceAll(THUMBS_UP, ' ')
    .replaceAll(THUMBS_DOWN, ' ')
    .replace(/[\p{P}\s]+/gu, ' ')
    .trim();
  if (words) {
    const value = YES_NO[words];
    if (!value) return null; // other words beside a thumb: a sentence, not an answer
    signals.add(value);
  }
  // "yes 👎" says both: not an answer.
  if (signals.size !== 1) return null;
  return { type: 'yes_no', value: [...signals][0]! };
}

/** "yes", "approval_yes", "req-42:not_resolved", "rating_5", "5": the longest known suffix decides. */
export function interpretPayload(payload: string): ReplyMeaning | null {
  const tokens = normalizeReply(payload)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  for (let i = 0; i < tokens.length; i++) {
    const suffix = tokens.slice(i).join('_');
    const named = PAYLOAD_YES_NO[suffix];
    if (named) return { type: 'yes_no', ...named };
    const yesNo = YES_NO[suffix];
    if (yesNo) {
      const about = i > 0 ? PAYLOAD_TOPIC[tokens[i - 1]!] : undefined;
      return about ? { type: 'yes_no', value: yesNo, about } : { type: 'yes_no', value: yesNo };
    }
    // A bare digit only as the whole payload: "order_5" is an order, not a rating.
    const digit = i === 0 ? /^([1-5])$/u.exec(suffix) : null;
    if (digit) return { type: 'digit', value: Number(digit[1]) as Rating };
    const rating = /^(?:rating|rate|score|stars?)_([1-5])$/u.exec(suffix) ?? /^([1-5])_stars?$/u.exec(suffix);
    if (rating) return { type: 'rating', value: Number(rating[1]) as Rating };
  }
  return null;
}

import type { InboundMessage, OptOutKeyword } from '../../channels/contract.js';
import {
  REQUEST_KINDS,
  statusAt,
  type AnswerPlan,
  type PendingRequest,
  type RequestAnswer,
  type RequestKind,
  type RequestStatus,
} from '../requests/customer-request.js';
import { interpretReply, type ReplyMeaning } from './interpret-reply.js';

/** A customer's reply as it reaches the matcher: the message, and the keyword it is, if any. */
export interface Reply {
  readonly message: InboundMessage;
  readonly keyword: OptOutKeyword | null;
}

export type AnswerMatch =
  | {
      readonly matched: true;
      readonly reason: 'newest_pending_request_that_takes_it';
      readonly request: PendingRequest;
      readonly status: RequestStatus;
      readonly answer: RequestAnswer;
    }
  | { readonly matched: false; readonly reason: 'keyword' | 'not_an_answer' | 'no_pending_request_takes_it' };

type Settlement = { readonly status: RequestStatus; readonly value: string | number } | null;

interface ReadInput {
  readonly meaning: ReplyMeaning | null;
  readonly hasMedia: boolean;
}

// What "1" and "2" mean in the ask_resolved default texts of every locale (templates/auto-replies/*/ask_resolved.liquid):
// en "Reply 1 if it is, or 2 if you still need help", pl "Odpisz 1, jeśli tak, lub 2…", ru "Ответьте 1, если да, или 2…".
export const RESOLUTION_CHOICES: Readonly<Partial<Record<number, 'yes' | 'no'>>> = { 1: 'yes', 2: 'no' };

const answered = (value: string | number): Settlement => ({ status: 'answered', value });

/**
 * How each kind of request reads a reply, from what its default text asks the customer to send
 * (templates/auto-replies/<locale>/<kind>.liquid); null: not an answer to that kind.
 */
const READ_ANSWER: Readonly<Record<RequestKind, (input: ReadInput) => Settlement>> = {
  // "Reply OK to approve or NO to decline": yes/no words, thumbs, approval buttons; no digits.
  approval: ({ meaning: m }) =>
    m?.type === 'yes_no' && m.about !== 'resolution'
      ? { status: m.value === 'yes' ? 'approved' : 'declined', value: m.value }
      : null,
  // Only the payment provider's callback settles a payment: "Reply and we'll tell you how to pay".
  payment: () => null,
  // "Reply with a number from 1 (poor) to 5 (great)": a bare digit is the score, as are "4/5", "4 stars", ⭐⭐⭐⭐.
  rating: ({ meaning: m }) => (m?.type === 'rating' || m?.type === 'digit' ? answered(m.value) : null),
  // "Reply 1 if it is, or 2 if you still need help"; yes/no words, thumbs and resolution buttons too.
  resolution: ({ meaning: m }) => {
    if (m?.type === 'yes_no' && m.about !== 'approval') return answered(m.value);
    const choice = m?.type === 'digit' ? RESOLUTION_CHOICES[m.value] : undefined;
    return choice ? answered(choice) : null;
  },
  // "Just attach it to your reply here": any media, whatever the caption says.
  media: ({ hasMedia }) => (hasMedia ? answered('received') : null),
};

/**
 * How the reply would settle a pending request of each kind that can take it. Null when it
 * answers nothing (or is STOP/START/HELP), so most messages cost no query.
 */
export function answerPlan(reply: Reply, now: Date): AnswerPlan | null {
  if (reply.keyword !== null) return null; // STOP/START/HELP were handled as keywords: never an answer
  const { message } = reply;
  const input: ReadInput = { meaning: interpretReply(message), hasMedia: message.media.length > 0 };
  const at = now.toISOString();
  const plan: Partial<Record<RequestKind, { status: RequestStatus; answer: RequestAnswer }>> = {};
  for (const kind of REQUEST_KINDS) {
    const settlement = READ_ANSWER[kind](input);
    if (!settlement) continue;
    plan[kind] = {
      status: settlement.status,
      answer:
        kind === 'media'
          ? { value: settlement.value, text: message.body, at, media: message.media }
          : { value: settlement.value, text: message.button?.text || message.body, at },
    };
  }
  return Object.keys(plan).length > 0 ? plan : null;
}

/** The request kinds a plan can answer: the only ones worth reading from the store. */
export const kindsOf = (plan: AnswerPlan): RequestKind[] => REQUEST_KINDS.filter((kind) => plan[kind] !== undefined);

/**
 * Which pending request a reply answers, and with what: the newest still-pending request among the
 * kinds that can take this reply. "2" with a rating newest is a score of 2; with ask_resolved
 * newest it is "not solved"; "3" skips ask_resolved for an older rating.
 */
export function matchAnswer(pending: readonly PendingRequest[], reply: Reply, now: Date): AnswerMatch {
  if (reply.keyword !== null) return { matched: false, reason: 'keyword' }; // STOP/START/HELP never answer
  const plan = answerPlan(reply, now);
  if (!plan) return { matched: false, reason: 'not_an_answer' };
  const request = pending
    .filter((r) => plan[r.kind] !== undefined && statusAt(r, now) === 'pending') // expiry is read, not swept
    .reduce<PendingRequest | null>((newest, r) => (newest === null || isNewer(r, newest) ? r : newest), null);
  if (!request) return { matched: false, reason: 'no_pending_request_takes_it' };
  return { matched: true, reason: 'newest_pending_request_that_takes_it', request, ...plan[request.kind]! };
}

// The store's order: created_at, then id for requests created in the same instant.
const isNewer = (a: PendingRequest, b: PendingRequest): boolean =>
  a.createdAt.getTime() !== b.createdAt.getTime() ? a.createdAt.getTime() > b.createdAt.getTime() : a.id > b.id;

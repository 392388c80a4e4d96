import type { MediaAttachment, MessageChannel } from '../../channels/contract.js';

export const REQUEST_KINDS = ['approval', 'payment', 'rating', 'resolution', 'media'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export const REQUEST_STATUSES = ['pending', 'approved', 'declined', 'paid', 'expired', 'answered'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** What the customer answered: yes/no, a 1–5 score, media, or the payment provider's verdict. */
export interface RequestAnswer {
  readonly value: string | number;
  /** The customer's words (or the button they tapped, or the provider's reference). */
  readonly text: string;
  /** ISO-8601. */
  readonly at: string;
  readonly media?: readonly MediaAttachment[];
}

/** Something an agent asked a customer, which the customer (or the payment provider) answers. */
export interface CustomerRequest {
  readonly id: string;
  readonly teamId: string;
  readonly kind: RequestKind;
  readonly customer: string;
  readonly channel: MessageChannel;
  /** The outbound message that asked. */
  readonly messageId: string | null;
  /** As stored; use `statusAt` for what it is now (a pending request past its expiry is expired). */
  readonly status: RequestStatus;
  readonly answer: RequestAnswer | null;
  readonly amount: string | null;
  readonly currency: string | null;
  readonly subject: string | null;
  readonly providerReference: string | null;
  readonly expiresAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** What matching an inbound answer needs of a request the customer may be answering. */
export type PendingRequest = Pick<CustomerRequest, 'id' | 'kind' | 'status' | 'expiresAt' | 'createdAt'>;

/** How a pending request of each kind is settled by one inbound message (a kind left out: not an answer to it). */
export type AnswerPlan = Readonly<
  Partial<Record<RequestKind, { readonly status: RequestStatus; readonly answer: RequestAnswer }>>
>;

/** The agent-triggered auto-reply kinds that open a request, and the request each opens. */
const REQUEST_KIND_OF_REPLY: Readonly<Record<string, RequestKind>> = {
  approval_request: 'approval',
  payment_request: 'payment',
  advisor_rating: 'rating',
  ask_resolved: 'resolution',
  ask_media: 'media',
};

export const requestKindOfReply = (replyKind: string): RequestKind | null => REQUEST_KIND_OF_REPLY[replyKind] ?? null;

/** How long an approval or a payment stays open; the other kinds wait for their answer indefinitely. */
export const REQUEST_TTL_MS: Readonly<Partial<Record<RequestKind, number>>> = {
  approval: 7 * 24 * 3_600_000,
  payment: 7 * 24 * 3_600_000,
};

export function expiresAtFor(kind: RequestKind, createdAt: Date): Date | null {
  const ttl = REQUEST_TTL_MS[kind];
  return ttl === undefined ? null : new Date(createdAt.getTime() + ttl);
}

/** Expiry is computed on read: nothing has to sweep for a request to read as expired on time. */
export function statusAt(request: Pick<CustomerRequest, 'status' | 'expiresAt'>, now: Date): RequestStatus {
  if (request.status === 'pending' && request.expiresAt && request.expiresAt.getTime() <= now.getTime())
    return 'expired';
  return request.status;
}

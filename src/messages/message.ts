import type { DeliveryStatus, MediaAttachment, MessageChannel, TemplateContent } from '../../channels/contract.js';

/** Ours beyond the provider's: 'received' for inbound, 'canceled' when a send was stopped (STOP arrived). */
export type MessageStatus = DeliveryStatus | 'received' | 'canceled';

/** A message's media: what a customer sent (with its type), or what an agent sent by URL (type unknown to us). */
export type MessageMedia = MediaAttachment | { readonly url: string; readonly contentType: null };

export interface Message {
  readonly id: string;
  readonly teamId: string;
  readonly direction: 'inbound' | 'outbound';
  readonly channel: MessageChannel;
  readonly from: string;
  readonly to: string;
  readonly body: string;
  readonly media: readonly MessageMedia[];
  /** The WhatsApp template it was sent as, instead of `body` (which keeps our text, for the thread). */
  readonly content: TemplateContent | null;
  readonly kind: string | null;
  readonly status: MessageStatus;
  /** When WhatsApp reported the customer read it. */
  readonly readAt: Date | null;
  readonly providerMessageId: string | null;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly eventId: string | null;
  /** Who wrote it: "customer", "auto-reply", or the agent ("user:<email>", "agent:<token id>", …). */
  readonly createdBy: string | null;
  /** The ticket whose thread it is on. */
  readonly ticketId: string | null;
  readonly attempts: number;
  readonly outcomeUnknown: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly sentAt: Date | null;
  /** Held for the customer's quiet hours: not sent before this (null: send at once). */
  readonly sendAfter: Date | null;
}

export interface NewOutboundMessage {
  readonly id: string;
  readonly teamId: string;
  readonly channel: MessageChannel;
  readonly from: string;
  readonly to: string;
  readonly body: string;
  /** Media sent with it, as Twilio MediaUrl. */
  readonly media?: readonly MessageMedia[];
  /** Send as this WhatsApp template instead of the body. */
  readonly content?: TemplateContent | null;
  readonly kind: string | null;
  readonly eventId: string | null;
  readonly createdBy: string;
  readonly createdAt: Date;
  /** The customer's current ticket, whose thread the message goes on. */
  readonly ticketId?: string | null;
  /** Inserted already claimed (`sending`, one attempt) by the worker that will send it now. */
  readonly claimed?: boolean;
  /** Held: the sweeper sends it once due (the reply ledger's quiet hours). */
  readonly sendAfter?: Date | null;
}

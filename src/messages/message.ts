import type { DeliveryStatus, MediaAttachment, MessageChannel } from '../../channels/contract.js';

/** Ours beyond the provider's: 'received' for inbound, 'canceled' when a send was stopped (STOP arrived). */
export type MessageStatus = DeliveryStatus | 'received' | 'canceled';

export interface Message {
  readonly id: string;
  readonly teamId: string;
  readonly direction: 'inbound' | 'outbound';
  readonly channel: MessageChannel;
  readonly from: string;
  readonly to: string;
  readonly body: string;
  readonly media: readonly MediaAttachment[];
  readonly kind: string | null;
  readonly status: MessageStatus;
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
}

export interface NewOutboundMessage {
  readonly id: string;
  readonly teamId: string;
  readonly channel: MessageChannel;
  readonly from: string;
  readonly to: string;
  readonly body: string;
  readonly kind: string | null;
  readonly eventId: string | null;
  readonly createdBy: string;
  readonly createdAt: Date;
  /** The customer's current ticket, whose thread the message goes on. */
  readonly ticketId?: string | null;
  /** Inserted already claimed (`sending`, one attempt) by the worker that will send it now. */
  readonly claimed?: boolean;
}

import { ACKNOWLEDGEMENT_KINDS, kindDefinition } from '../auto-replies/catalogue.js';
import type { TicketSource, TicketStatus } from '../tickets/ticket.js';

export interface AcknowledgementInput {
  /** This message opened the ticket (it did not join the customer's open or pending one). */
  readonly ticketOpened: boolean;
  readonly ticketStatus: TicketStatus;
  readonly ticketSource: TicketSource;
  /** The team turned on at least one acknowledgement kind. */
  readonly anyEnabled: boolean;
  /** The message answered a question of ours. */
  readonly answeredRequest: boolean;
  /** Whether the team is open at the moment of the message; asked only when it matters. */
  readonly teamOpen: () => boolean;
}

export type AcknowledgementPlan =
  /** Not acknowledged, and nothing to log: the message did not open a ticket, or the team uses none. */
  | { readonly consider: false }
  /** Each kind goes to the reply decision (skip null), or is logged skipped with the reason. */
  | { readonly consider: true; readonly skip: 'answer_to_request' | 'after_hours' | null };

/** Whether the team turned on any acknowledgement kind (saved on, or on by default and never saved). */
export function anyAcknowledgementEnabled(saved: ReadonlyMap<string, { readonly enabled: boolean }>): boolean {
  return ACKNOWLEDGEMENT_KINDS.some((kind) => saved.get(kind)?.enabled ?? kindDefinition(kind)!.enabledByDefault);
}

/** Whether a customer's message gets the acknowledgements (seed 004), with the reason when it does not. */
export function acknowledgementPlan(input: AcknowledgementInput): AcknowledgementPlan {
  // Only a customer's message that opens a ticket: writing back on it is not a new conversation.
  if (!input.ticketOpened) return { consider: false };
  // Seed 004's guard "status is open": tickets that agents start are not acknowledged.
  if (input.ticketStatus !== 'open' || input.ticketSource !== 'message') return { consider: false };
  // A team that turned none on pays nothing and logs nothing for them.
  if (!input.anyEnabled) return { consider: false };
  if (input.answeredRequest) return { consider: true, skip: 'answer_to_request' };
  // After hours the after-hours reply answers instead: "we usually reply in 20 minutes" would mislead at night.
  if (!input.teamOpen()) return { consider: true, skip: 'after_hours' };
  return { consider: true, skip: null };
}

import type { MessageChannel } from '../../channels/contract.js';
import type { TicketChannel } from '../tickets/ticket.js';

/** What the customer last sent the team: on which channel, to which of its numbers. */
export interface LastInbound {
  readonly channel: MessageChannel;
  readonly teamNumber: string;
}

/**
 * The channel an agent's reply on a ticket goes on: the one they named; the web chat for a chat
 * visitor (`web:<id>`: they have no number); else the ticket's own when it is a messaging channel,
 * else the one the customer last wrote on, else SMS. (A `web` ticket from a web form is not a chat:
 * its customer is a phone number.)
 */
export function replyChannel(
  named: MessageChannel | undefined,
  ticketChannel: TicketChannel,
  lastInbound: LastInbound | null,
  customer = '',
): MessageChannel {
  if (named) return named;
  if (customer.startsWith('web:')) return 'web';
  if (ticketChannel === 'sms' || ticketChannel === 'whatsapp') return ticketChannel;
  return lastInbound?.channel ?? 'sms';
}

/** A web chat reply goes from the team's chat address (`web:<teamId>`), the others from a team number. */
export function replyAddress(
  channel: MessageChannel,
  teamId: string,
  teamNumbers: readonly string[],
  lastInbound: LastInbound | null,
): string | null {
  return channel === 'web' ? `web:${teamId}` : replyFrom(teamNumbers, lastInbound);
}

/**
 * The team number a reply goes from: the one the customer last wrote to (the thread they know),
 * while the team still has it, else the team's first number; null when the team has none.
 */
export function replyFrom(teamNumbers: readonly string[], lastInbound: LastInbound | null): string | null {
  if (lastInbound && teamNumbers.includes(lastInbound.teamNumber)) return lastInbound.teamNumber;
  return teamNumbers[0] ?? null;
}

/** A message the customer wrote from one of their addresses (linked customers have several). */
export interface CustomerInbound extends LastInbound {
  readonly from: string;
}

/**
 * Where a reply on a linked customer's ticket goes (src/customers): on the channel named, else the
 * one the customer last wrote on from any of their addresses, to the address they used on that
 * channel (a web visitor on web, a phone by SMS or WhatsApp); with the last message on that channel
 * for the team number. `inbounds` is newest first; `addresses` the customer's, canonical first.
 * Null `to` when none of their addresses can take that channel.
 */
export function linkedReplyRoute(
  named: MessageChannel | undefined,
  inbounds: readonly CustomerInbound[],
  addresses: readonly string[],
): { channel: MessageChannel; to: string | null; lastInbound: LastInbound | null } {
  const last = inbounds[0] ?? null;
  const channel = named ?? last?.channel ?? (addresses.some(isPhone) ? 'sms' : 'web');
  const onChannel = inbounds.find((i) => i.channel === channel) ?? null;
  const fits = (a: string) => (channel === 'web' ? !isPhone(a) : isPhone(a));
  return { channel, to: onChannel?.from ?? addresses.find(fits) ?? null, lastInbound: onChannel ?? last };
}

// Web chat visitors are `web:<visitorId>`; every other customer address is a phone number.
const isPhone = (address: string) => !address.startsWith('web:');

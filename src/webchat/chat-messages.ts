import type { OutboundMessage } from '../../channels/contract.js';
import type { Message } from '../messages/message.js';
import type { MessagesStore } from '../messages/messages.store.js';
import { threadAuthorOf } from '../tickets/thread-message.js';
import type { ChatHub, ChatMessage } from './chat-hub.js';

/** A stored message as the widget shows it. */
export function chatMessageOf(m: Message): ChatMessage {
  return {
    id: m.id,
    direction: m.direction,
    author: threadAuthorOf(m).author,
    body: m.body,
    createdAt: m.createdAt.toISOString(),
    readAt: m.readAt?.toISOString() ?? null,
  };
}

/** `web:<id>` → `<id>`; null for an address of another channel. */
export function webAddressId(address: string): string | null {
  return address.startsWith('web:') ? address.slice('web:'.length) : null;
}

/**
 * Hands a sent `web` message to the visitor's widgets: read back (who wrote it, when) and
 * published on the chat hub under the team (`from`, `web:<teamId>`) and the visitor (`to`).
 */
export async function pushToWidget(
  stores: { readonly messages: MessagesStore },
  hub: ChatHub,
  outbound: OutboundMessage,
): Promise<void> {
  const teamId = webAddressId(outbound.from);
  const visitorId = webAddressId(outbound.to);
  if (!teamId || !visitorId) throw new Error(`not a web chat message: ${outbound.id}`);
  const stored = await stores.messages.get(outbound.id);
  if (!stored) return;
  await hub.publish(teamId, visitorId, { type: 'message', data: chatMessageOf(stored) });
}

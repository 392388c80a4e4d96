import type { Message } from '../messages/message.js';

export type ThreadAuthor = 'customer' | 'agent' | 'automation';

// Who acted, as principalLabel writes it: a signed-in user, an agent's or manager's token, the admin.
const AGENT_LABEL = /^(user|agent|manager):|^admin$/;

/** Who wrote a message on a ticket's thread: the customer, an agent (with who), or our automation. */
export function threadAuthorOf(m: Pick<Message, 'direction' | 'createdBy'>): {
  author: ThreadAuthor;
  authorId: string | null;
} {
  if (m.direction === 'inbound') return { author: 'customer', authorId: null };
  if (m.createdBy && AGENT_LABEL.test(m.createdBy)) return { author: 'agent', authorId: m.createdBy };
  return { author: 'automation', authorId: null };
}

/** A message as a ticket's thread shows it (`GET`/`POST /tickets/:id/messages`). */
export function threadMessageView(m: Message) {
  return {
    id: m.id,
    direction: m.direction,
    ...threadAuthorOf(m),
    channel: m.channel,
    body: m.body,
    media: m.media,
    status: m.status,
    readAt: m.readAt?.toISOString() ?? null,
    kind: m.kind,
    createdAt: m.createdAt.toISOString(),
  };
}

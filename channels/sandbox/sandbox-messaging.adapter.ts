import { createHash } from 'node:crypto';
import type { MessagingAdapter, OutboundMessage, SendResult } from '../contract.js';

/**
 * Sends nothing: outbound messages are recorded by the domain as if sent. The provider id is derived
 * from our message id, so a retry of the same message gets the same id.
 */
export class SandboxMessagingAdapter implements MessagingAdapter {
  readonly name = 'sandbox';

  /** Returns `SB` + 32 hex characters of sha256(message.id), status `sent`. */
  async send(message: OutboundMessage): Promise<SendResult> {
    const digest = createHash('sha256').update(message.id).digest('hex');
    return { providerMessageId: `SB${digest.slice(0, 32)}`, status: 'sent' };
  }

  /** Nothing was ever sent, so there is nothing to find. */
  async findSent(_query: Parameters<MessagingAdapter['findSent']>[0]): Promise<SendResult | null> {
    return null;
  }
}

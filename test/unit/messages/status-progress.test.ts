import { describe, expect, it } from 'vitest';
import type { MessageStatus } from '../../../src/messages/message.js';
import { advanceStatus } from '../../../src/messages/status-progress.js';

/** Applies callbacks in arrival order, starting from `start`. */
const replay = (start: MessageStatus, arrivals: MessageStatus[]): MessageStatus =>
  arrivals.reduce(advanceStatus, start);

describe('advanceStatus', () => {
  it.each<[MessageStatus, MessageStatus, MessageStatus]>([
    ['queued', 'sending', 'sending'],
    ['queued', 'sent', 'sent'],
    ['sending', 'sent', 'sent'],
    ['sent', 'delivered', 'delivered'],
    ['delivered', 'read', 'read'],
    ['sent', 'failed', 'failed'],
    ['sent', 'undelivered', 'undelivered'],
    ['queued', 'canceled', 'canceled'],
    // late or repeated callbacks never move a message back
    ['delivered', 'sent', 'delivered'],
    ['delivered', 'queued', 'delivered'],
    ['read', 'delivered', 'read'],
    ['read', 'sent', 'read'],
    ['failed', 'sent', 'failed'],
    ['failed', 'queued', 'failed'],
    ['undelivered', 'sending', 'undelivered'],
    ['sending', 'queued', 'sending'],
    ['canceled', 'sent', 'canceled'],
    // final states do not replace one another
    ['delivered', 'failed', 'delivered'],
    ['failed', 'delivered', 'failed'],
    ['undelivered', 'delivered', 'undelivered'],
    // the same status again changes nothing
    ['sent', 'sent', 'sent'],
    ['delivered', 'delivered', 'delivered'],
  ])('%s then %s → %s', (current, next, expected) => {
    expect(advanceStatus(current, next)).toBe(expected);
  });

  it.each<[string, MessageStatus, MessageStatus[], MessageStatus]>([
    ['in order', 'queued', ['sending', 'sent', 'delivered', 'read'], 'read'],
    ['delivered before sent', 'queued', ['delivered', 'sent'], 'delivered'],
    ['read first, then the rest', 'queued', ['read', 'delivered', 'sent'], 'read'],
    ['failed, then a late sent', 'sending', ['failed', 'sent', 'queued'], 'failed'],
    ['sent, delivered, sent again', 'queued', ['sent', 'delivered', 'sent'], 'delivered'],
    ['undelivered after sent', 'queued', ['sent', 'undelivered'], 'undelivered'],
  ])('a sequence %s ends at the furthest status', (_name, start, arrivals, expected) => {
    expect(replay(start, arrivals)).toBe(expected);
  });

  it('is order-independent for a forward chain', () => {
    const chain: MessageStatus[] = ['queued', 'sending', 'sent', 'delivered', 'read'];
    const shuffled: MessageStatus[] = ['sent', 'read', 'queued', 'delivered', 'sending'];
    expect(replay('queued', shuffled)).toBe(replay('queued', chain));
  });
});

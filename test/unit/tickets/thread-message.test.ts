import { describe, expect, it } from 'vitest';
import { threadAuthorOf } from '../../../src/tickets/thread-message.js';

describe('threadAuthorOf: who wrote a message on the thread', () => {
  it.each([
    ['inbound', 'customer', { author: 'customer', authorId: null }],
    ['inbound', null, { author: 'customer', authorId: null }],
    ['outbound', 'auto-reply', { author: 'automation', authorId: null }],
    ['outbound', null, { author: 'automation', authorId: null }],
    ['outbound', 'rule:42', { author: 'automation', authorId: null }],
    ['outbound', 'user:ann@example.com', { author: 'agent', authorId: 'user:ann@example.com' }],
    ['outbound', 'agent:tok_1', { author: 'agent', authorId: 'agent:tok_1' }],
    ['outbound', 'manager:tok_2', { author: 'agent', authorId: 'manager:tok_2' }],
    ['outbound', 'admin', { author: 'agent', authorId: 'admin' }],
    ['outbound', 'administrator', { author: 'automation', authorId: null }],
  ] as const)('%s by %s', (direction, createdBy, expected) => {
    expect(threadAuthorOf({ direction, createdBy })).toEqual(expected);
  });
});

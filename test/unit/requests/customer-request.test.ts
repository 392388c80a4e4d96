import { describe, expect, it } from 'vitest';
import { expiresAtFor, requestKindOfReply, statusAt } from '../../../src/requests/customer-request.js';

describe('customer requests', () => {
  it.each([
    ['approval_request', 'approval'],
    ['payment_request', 'payment'],
    ['advisor_rating', 'rating'],
    ['ask_resolved', 'resolution'],
    ['ask_media', 'media'],
    ['share_contact_page', null],
    ['after_hours_text', null],
  ])('the auto-reply %s opens a %s request', (kind, requestKind) => {
    expect(requestKindOfReply(kind)).toBe(requestKind);
  });

  it('gives approvals and payments 7 days and the others no expiry', () => {
    const created = new Date('2026-11-21T21:30:00Z');
    expect(expiresAtFor('approval', created)?.toISOString()).toBe('2026-11-28T21:30:00.000Z');
    expect(expiresAtFor('payment', created)?.toISOString()).toBe('2026-11-28T21:30:00.000Z');
    expect(expiresAtFor('rating', created)).toBeNull();
    expect(expiresAtFor('media', created)).toBeNull();
  });

  it.each([
    ['pending', '2026-11-28T21:29:59Z', 'pending'],
    ['pending', '2026-11-28T21:30:00Z', 'expired'],
    ['approved', '2026-12-30T00:00:00Z', 'approved'],
    ['paid', '2026-12-30T00:00:00Z', 'paid'],
  ] as const)('a %s request read at %s is %s', (status, now, read) => {
    expect(statusAt({ status, expiresAt: new Date('2026-11-28T21:30:00Z') }, new Date(now))).toBe(read);
  });

  it('never expires a pending request without an expiry', () => {
    expect(statusAt({ status: 'pending', expiresAt: null }, new Date('2030-01-01T00:00:00Z'))).toBe('pending');
  });
});

import { describe, expect, it } from 'vitest';
import type { Notification } from '../../../src/notifications/notification.js';
import { webhookBody, webhookPost } from '../../../src/notifications/webhook-request.js';
import { verifyWebhookSignature } from '../../../src/notifications/webhook-signature.js';

const notification: Notification = {
  id: 'n1',
  teamId: 'team1',
  channel: 'webhook',
  target: 'https://hooks.example.com/sb',
  event: 'rla.breach',
  subject: 'RLA breached',
  body: 'Ticket t1 waited too long',
  payload: { ticketId: 't1' },
  dedupeKey: 'rla.breach:t1',
  status: 'pending',
  attempts: 1,
  lastError: null,
  createdAt: new Date('2026-11-21T21:00:00Z'),
  sentAt: null,
  subscriptionId: null,
  eventId: null,
  eventAt: null,
  responseStatus: null,
};

/** A delivery of a team event to a subscription: the contract's shape, with the event's id. */
const delivery: Notification = {
  ...notification,
  id: 'd1',
  event: 'ticket.created',
  subject: '',
  body: '',
  payload: { number: 7 },
  dedupeKey: 'e1:s1',
  subscriptionId: 's1',
  eventId: 'e1',
  eventAt: new Date('2026-11-21T20:59:59Z'),
};

describe('webhookPost', () => {
  const now = new Date('2026-11-21T21:30:00Z');

  it('posts an event delivery as {id, event, teamId, createdAt, data}, the id the event’s, the delivery header the row’s', () => {
    const post = webhookPost(delivery, 'whsec_x', now);
    expect(JSON.parse(post.body)).toEqual({
      id: 'e1',
      event: 'ticket.created',
      teamId: 'team1',
      createdAt: '2026-11-21T20:59:59.000Z',
      data: { number: 7 },
    });
    expect(post.headers).toMatchObject({ 'X-Switchboard-Event': 'ticket.created', 'X-Switchboard-Delivery': 'd1' });
    expect(verifyWebhookSignature('whsec_x', post.headers['X-Switchboard-Signature'], post.body, now)).toBe(true);
  });

  it('posts a row from before team events in the shape it was planned with, signed, with event and delivery headers', () => {
    const post = webhookPost(notification, 'whsec_x', now);
    expect(post.url).toBe('https://hooks.example.com/sb');
    expect(JSON.parse(post.body)).toEqual({
      id: 'n1',
      event: 'rla.breach',
      teamId: 'team1',
      createdAt: '2026-11-21T21:00:00.000Z',
      subject: 'RLA breached',
      text: 'Ticket t1 waited too long',
      data: { ticketId: 't1' },
    });
    expect(post.headers).toMatchObject({
      'Content-Type': 'application/json',
      'X-Switchboard-Event': 'rla.breach',
      'X-Switchboard-Delivery': 'n1',
    });
    expect(verifyWebhookSignature('whsec_x', post.headers['X-Switchboard-Signature'], post.body, now)).toBe(true);
  });

  it('posts the same bytes on every try; only the signature moves with the clock', () => {
    const later = new Date(now.getTime() + 60_000);
    expect(webhookPost(notification, 'whsec_x', later).body).toBe(webhookBody(notification));
    expect(webhookPost(notification, 'whsec_x', later).headers['X-Switchboard-Signature']).not.toBe(
      webhookPost(notification, 'whsec_x', now).headers['X-Switchboard-Signature'],
    );
  });
});

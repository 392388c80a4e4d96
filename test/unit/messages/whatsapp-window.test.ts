import { describe, expect, it } from 'vitest';
import { whatsappWindow } from '../../../src/messages/whatsapp-window.js';

describe('whatsappWindow', () => {
  const last = new Date('2026-11-30T10:00:00Z');

  it('is absent when the customer never wrote on WhatsApp', () => {
    expect(whatsappWindow(null, last)).toBeNull();
  });

  it('is open until 24 hours after the last inbound message, and closed from then on', () => {
    expect(whatsappWindow(last, new Date('2026-12-01T09:59:59.999Z'))).toEqual({
      open: true,
      closesAt: new Date('2026-12-01T10:00:00Z'),
    });
    expect(whatsappWindow(last, new Date('2026-12-01T10:00:00Z'))?.open).toBe(false);
    expect(whatsappWindow(last, new Date('2026-12-05T00:00:00Z'))?.open).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import type { MessageChannel } from '../../../channels/contract.js';
import { whatsappSkipMessage, whyUnreachable } from '../../../src/agent-messages/reachability.js';

const NOW = new Date('2026-11-30T12:00:00Z');
const HOUR = 3_600_000;
const wrote = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * HOUR);
const customer = (optedOut: boolean, lastWhatsappInboundAt: Date | null) => ({
  number: '+12125550123',
  optedOut,
  lastWhatsappInboundAt,
});

describe('whyUnreachable', () => {
  it.each<[string, MessageChannel, boolean, Date | null, string | null]>([
    ['SMS to someone who never wrote', 'sms', false, null, null],
    ['SMS long after the WhatsApp window', 'sms', false, wrote(100), null],
    ['WhatsApp inside the window', 'whatsapp', false, wrote(1), null],
    ['WhatsApp a minute before the window closes', 'whatsapp', false, wrote(24 - 1 / 60), null],
    ['WhatsApp when the window just closed', 'whatsapp', false, wrote(24), 'whatsapp_window_closed'],
    ['WhatsApp days later', 'whatsapp', false, wrote(72), 'whatsapp_window_closed'],
    ['WhatsApp to someone who never wrote on it', 'whatsapp', false, null, 'no_whatsapp_history'],
    ['SMS to someone who texted STOP', 'sms', true, null, 'opted_out'],
    ['WhatsApp (open window) to someone who texted STOP', 'whatsapp', true, wrote(1), 'opted_out'],
  ])('%s', (_name, channel, optedOut, lastWhatsappInboundAt, code) => {
    expect(whyUnreachable(channel, customer(optedOut, lastWhatsappInboundAt), NOW)?.code ?? null).toBe(code);
  });

  it('names what would work when the window is closed: SMS to the same number, or a templated reply', () => {
    const problem = whyUnreachable('whatsapp', customer(false, wrote(30)), NOW)!;
    expect(problem.message).toContain('closed at 2026-11-30T06:00:00.000Z');
    expect(problem.message).toContain('SMS to the same number');
    expect(problem.message).toContain('WhatsApp template');
    expect(whyUnreachable('whatsapp', customer(false, null), NOW)!.message).toContain('never written');
  });

  it('says what a catalogue reply without a template needs', () => {
    const message = whatsappSkipMessage('whatsapp_window_closed', 'ask_resolved');
    expect(message).toContain('"ask_resolved" has no WhatsApp template');
    expect(message).toContain('PUT /auto-replies/ask_resolved');
  });
});

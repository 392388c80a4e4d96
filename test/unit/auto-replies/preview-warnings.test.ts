import { describe, expect, it } from 'vitest';
import { kindDefinition } from '../../../src/auto-replies/catalogue.js';
import { previewWarnings } from '../../../src/auto-replies/preview-warnings.js';
import { measureSms } from '../../../src/auto-replies/sms-segments.js';

const codes = (kind: string, channel: 'sms' | 'whatsapp', text: string): string[] =>
  previewWarnings(kindDefinition(kind)!, channel, measureSms(text)).map((w) => w.code);

describe('previewWarnings', () => {
  it.each<[string, string, 'sms' | 'whatsapp', string, string[]]>([
    ['a short SMS', 'after_hours_text', 'sms', 'Closed.', []],
    ['exactly 3 parts', 'after_hours_text', 'sms', 'a'.repeat(459), []],
    ['4 parts', 'after_hours_text', 'sms', 'a'.repeat(460), ['too_many_segments']],
    ['4 UCS-2 parts', 'after_hours_text', 'sms', 'ą'.repeat(202), ['too_many_segments']],
    ['a long WhatsApp text (WhatsApp has no parts)', 'after_hours_text', 'whatsapp', 'a'.repeat(460), []],
    ['an agent kind on WhatsApp', 'payment_request', 'whatsapp', 'Pay.', ['whatsapp_template_required']],
    ['an agent kind by SMS', 'payment_request', 'sms', 'Pay.', []],
    ['after_hours_ticket on WhatsApp', 'after_hours_ticket', 'whatsapp', 'Got it.', ['whatsapp_template_required']],
    ['a reply to a WhatsApp message', 'after_hours_text', 'whatsapp', 'Closed.', []],
    ["a call kind on WhatsApp (sent only inside the caller's 24-hour window)", 'missed_call', 'whatsapp', 'Sorry.', []],
  ])('%s', (_name, kind, channel, text, expected) => {
    expect(codes(kind, channel, text)).toEqual(expected);
  });

  it('says how many parts and which encoding', () => {
    const [warning] = previewWarnings(kindDefinition('after_hours_text')!, 'sms', measureSms('ą'.repeat(202)));
    expect(warning!.message).toMatch(/4 SMS parts \(UCS-2\)/);
  });
});

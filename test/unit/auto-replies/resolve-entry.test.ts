import { describe, expect, it } from 'vitest';
import type { SavedAutoReply } from '../../../src/auto-replies/auto-reply.js';
import { kindDefinition } from '../../../src/auto-replies/catalogue.js';
import { defaultText } from '../../../src/auto-replies/default-texts.js';
import { resolveEntry } from '../../../src/auto-replies/resolve-entry.js';

const definition = kindDefinition('payment_request')!;
const saved: SavedAutoReply = {
  kind: 'payment_request',
  enabled: false,
  bodies: { pl: 'Zapłać {{ amount }}.' },
  options: { includeTeamName: true },
  repeatWindowHours: null,
  whatsappTemplates: {
    pl: { contentSid: 'HX0123456789abcdef0123456789abcdef', contentVariables: { '1': '{{ amount }}' } },
  },
};

describe('resolveEntry', () => {
  it('uses the default of each locale when nothing is saved', () => {
    for (const locale of ['en', 'pl', 'ru'] as const) {
      const entry = resolveEntry(definition, null, locale);
      expect(entry).toMatchObject({
        locale,
        body: defaultText('payment_request', locale),
        isDefaultBody: true,
        bodies: {},
        enabled: true,
      });
    }
  });

  it("uses a locale's override only for that locale; enabled and options apply to every locale", () => {
    expect(resolveEntry(definition, saved, 'pl')).toMatchObject({
      body: 'Zapłać {{ amount }}.',
      isDefaultBody: false,
      enabled: false,
    });
    const en = resolveEntry(definition, saved, 'en');
    expect(en).toMatchObject({
      body: defaultText('payment_request', 'en'),
      isDefaultBody: true,
      enabled: false,
      bodies: saved.bodies,
    });
    expect(en.options).toEqual({ includeCompanyName: true, includeTeamName: true, extraMessage: null });
    expect(en.repeatWindowHours).toBe(0);
  });

  it('treats an unsupported team locale as English', () => {
    expect(resolveEntry(definition, saved, 'de')).toMatchObject({
      locale: 'en',
      body: defaultText('payment_request', 'en'),
    });
  });

  it("gives the locale's WhatsApp template, and none for a locale without one", () => {
    expect(resolveEntry(definition, saved, 'pl').whatsappTemplate).toEqual(saved.whatsappTemplates.pl);
    expect(resolveEntry(definition, saved, 'en').whatsappTemplate).toBeNull();
    expect(resolveEntry(definition, saved, 'en').whatsappTemplates).toEqual(saved.whatsappTemplates);
    expect(resolveEntry(definition, null, 'pl')).toMatchObject({ whatsappTemplate: null, whatsappTemplates: {} });
  });
});

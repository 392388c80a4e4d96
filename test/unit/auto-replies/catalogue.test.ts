import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_LOCALES } from '../../../src/teams/team.js';
import {
  allowedPlaceholders,
  catalogueKinds,
  COMMON_PLACEHOLDERS,
  kindDefinition,
} from '../../../src/auto-replies/catalogue.js';
import { checkTemplate, renderTemplate } from '../../../src/reply-templates/reply-template.js';
import { measureSms } from '../../../src/auto-replies/sms-segments.js';

// The contract's table, in its order.
const CONTRACT_KINDS = [
  'customer_hangup',
  'voicemail_left',
  'call_completed',
  'advisor_rating',
  'ask_resolved',
  'first_message',
  'ask_media',
  'share_contact_page',
  'after_hours_call',
  'missed_call',
  'approval_request',
  'payment_request',
  'after_hours_text',
  'after_hours_ticket',
  // Seed 004's acknowledgements after first_message (the greeting), added after the contract's table.
  'response_time_notice',
  'clarifying_question',
];
const ACKNOWLEDGEMENTS = ['first_message', 'response_time_notice', 'clarifying_question'];
const AGENT_KINDS = [
  'ask_media',
  'share_contact_page',
  'approval_request',
  'payment_request',
  'advisor_rating',
  'ask_resolved',
];
const TEMPLATES = path.resolve(import.meta.dirname, '../../../templates/auto-replies');

const TEAM_VALUES: Record<string, string> = {
  company_name: 'Acme',
  team_name: 'Support',
  next_open: 'tomorrow at 09:00',
  business_hours: 'Mon-Fri 09:00-17:00',
  contact_page_url: 'https://acme.example.com/contact',
};

function readTemplate(locale: string, kind: string): string {
  return fs.readFileSync(path.join(TEMPLATES, locale, `${kind}.liquid`), 'utf8').trim();
}

describe('catalogue', () => {
  it("has the contract's kinds in its order, then the acknowledgements", () => {
    expect(catalogueKinds().map((k) => k.kind)).toEqual(CONTRACT_KINDS);
  });

  it.each(catalogueKinds().map((d) => [d.kind, d] as const))('%s is fully described', (kind, d) => {
    expect(kindDefinition(kind)).toBe(d);
    expect(['calls', 'messages', 'requests']).toContain(d.group);
    expect(d.title.length).toBeGreaterThan(0);
    expect(d.firesWhen.length).toBeGreaterThan(0);
    expect(d.trigger).toBe(AGENT_KINDS.includes(kind) ? 'agent' : 'event');
    // Every kind goes out by SMS or WhatsApp; call outcomes use WhatsApp only when the team prefers it and the caller's window is open.
    expect(d.channels).toEqual(['sms', 'whatsapp']);
    expect(d.repeatWindowHours).toBeGreaterThanOrEqual(0);
    if (d.trigger === 'agent') expect(d.repeatWindowHours).toBe(0);
    const names = allowedPlaceholders(d).map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const p of allowedPlaceholders(d)) {
      expect(p.name).toMatch(/^[a-z_]+$/);
      expect(p.description.length).toBeGreaterThan(0);
      expect(p.description).not.toContain('\n');
    }
  });

  it.each([
    ['payment_request', ['amount', 'currency', 'payment_link']],
    ['approval_request', ['approval_link', 'approval_subject']],
    ['advisor_rating', ['rating_link', 'agent_name']],
  ])('%s has its own placeholders', (kind, names) => {
    const own = kindDefinition(kind)!.placeholders.map((p) => p.name);
    expect(own).toEqual(expect.arrayContaining(names));
  });

  it('starts the customer-protecting kinds on and the noisy ones off', () => {
    const off = catalogueKinds()
      .filter((k) => !k.enabledByDefault)
      .map((k) => k.kind);
    expect(off.sort()).toEqual(['after_hours_ticket', 'call_completed', ...ACKNOWLEDGEMENTS].sort());
  });

  it('acknowledges once per ticket: the repeat window counts replies on the ticket', () => {
    for (const kind of ACKNOWLEDGEMENTS) expect(kindDefinition(kind)).toMatchObject({ repeatPer: 'ticket' });
    expect(
      catalogueKinds()
        .filter((k) => k.repeatPer === 'ticket')
        .map((k) => k.kind),
    ).toEqual(ACKNOWLEDGEMENTS);
  });

  it('offers average_response_time to every kind', () => {
    for (const d of catalogueKinds())
      expect(allowedPlaceholders(d).map((p) => p.name)).toContain('average_response_time');
  });

  it('has no kind placeholder that shadows a common one', () => {
    const common = new Set(COMMON_PLACEHOLDERS.map((p) => p.name));
    for (const d of catalogueKinds()) for (const p of d.placeholders) expect(common.has(p.name)).toBe(false);
  });
});

describe('default texts', () => {
  const cases = catalogueKinds().flatMap((d) => SUPPORTED_LOCALES.map((locale) => [locale, d.kind] as const));

  it.each(cases)('%s/%s exists and passes the same check as a saved body', (locale, kind) => {
    const d = kindDefinition(kind)!;
    const body = readTemplate(locale, kind);
    expect(body.length).toBeGreaterThan(0);
    expect(
      checkTemplate(
        body,
        allowedPlaceholders(d).map((p) => p.name),
      ),
    ).toBeNull();
  });

  it.each(cases)('%s/%s renders with samples and with nothing known, never leaving {{ or a gap', (locale, kind) => {
    const d = kindDefinition(kind)!;
    const body = readTemplate(locale, kind);
    const full: Record<string, string> = { ...TEAM_VALUES };
    const empty: Record<string, string> = {};
    for (const p of allowedPlaceholders(d)) {
      full[p.name] ??= p.sample ?? 'x';
      empty[p.name] = '';
    }
    for (const values of [full, empty]) {
      const text = renderTemplate(body, values);
      expect(text).not.toMatch(/\{\{|\}\}|\{%|%\}/);
      expect(text.trim()).toBe(text);
    }
    // With every value present the sentence reads without the tidy-up compose does.
    expect(renderTemplate(body, full)).not.toMatch(/ {2}| [.,!?]/);
  });

  it.each(catalogueKinds().map((d) => [d.kind]))(
    'en/%s is one GSM-7 part with samples and a company prefix',
    (kind) => {
      const d = kindDefinition(kind)!;
      const values: Record<string, string> = { ...TEAM_VALUES };
      for (const p of allowedPlaceholders(d)) values[p.name] ??= p.sample ?? 'x';
      const measure = measureSms(`Acme: ${renderTemplate(readTemplate('en', kind), values)}`);
      expect(measure).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    },
  );

  it.each(cases.filter(([l]) => l !== 'en'))('%s/%s stays within 3 parts', (locale, kind) => {
    const d = kindDefinition(kind)!;
    const values: Record<string, string> = { ...TEAM_VALUES };
    for (const p of allowedPlaceholders(d)) values[p.name] ??= p.sample ?? 'x';
    expect(measureSms(`Acme: ${renderTemplate(readTemplate(locale, kind), values)}`).segments).toBeLessThanOrEqual(3);
  });

  it('ships no default text for a kind outside the catalogue', () => {
    const known = new Set(catalogueKinds().map((k) => `${k.kind}.liquid`));
    for (const locale of SUPPORTED_LOCALES) {
      for (const file of fs.readdirSync(path.join(TEMPLATES, locale))) expect(known.has(file)).toBe(true);
    }
  });

  it('never asks for a reply word that carriers treat as an opt-in or opt-out keyword', () => {
    const keywords = /\b(STOP|START|YES|UNSTOP|HELP|INFO|CANCEL|END|QUIT|UNSUBSCRIBE|STOPALL)\b/;
    for (const [locale, kind] of cases) expect(readTemplate(locale, kind)).not.toMatch(keywords);
  });
});

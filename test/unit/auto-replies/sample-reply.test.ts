import { describe, expect, it } from 'vitest';
import { kindDefinition } from '../../../src/auto-replies/catalogue.js';
import { resolveEntry } from '../../../src/auto-replies/resolve-entry.js';
import { sampleReply } from '../../../src/auto-replies/sample-reply.js';
import { measureSms } from '../../../src/auto-replies/sms-segments.js';
import { defaultSchedule } from '../../../src/schedules/schedule.schema.js';
import { DEFAULT_TEAM_SETTINGS, type Team } from '../../../src/teams/team.js';
import type { TeamConfig } from '../../../src/auto-replies/team-config.js';

const team: Team = {
  id: 't1',
  name: 'Support',
  companyName: 'Acme',
  timezone: 'Europe/Warsaw',
  locale: 'en',
  contactPageUrl: null,
  numbers: ['+15005550006'],
  settings: DEFAULT_TEAM_SETTINGS,
  createdAt: new Date(0),
  updatedAt: new Date(0),
};
const config: TeamConfig = {
  version: 1,
  team,
  schedule: defaultSchedule('Europe/Warsaw'),
  savedAutoReplies: new Map(),
};
const NOW = new Date('2026-11-21T21:30:00Z'); // Saturday night in Warsaw

function reply(kind: string, locale: 'en' | 'pl' | 'ru', sample: Record<string, string> = {}): string {
  const definition = kindDefinition(kind)!;
  return sampleReply({ config, definition, entry: resolveEntry(definition, null, locale), locale, now: NOW, sample });
}

describe('sampleReply', () => {
  it("uses the team's schedule in the locale asked for, and keeps English replies in GSM-7", () => {
    const text = reply('after_hours_text', 'en');
    expect(text).toBe(
      "Acme: Thanks for your message! We're closed right now and will reply when we open Monday at 9:00 AM. Our hours: Mon-Fri 9:00 AM-5:00 PM.",
    );
    expect(measureSms(text)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    expect(reply('after_hours_call', 'pl')).toContain('otwieramy w poniedziałek o 9:00');
  });

  it('fills kind placeholders with the catalogue samples unless the caller gives its own', () => {
    expect(reply('payment_request', 'en')).toContain('49.90 EUR');
    expect(reply('payment_request', 'en', { amount: '5.00', payment_link: '' })).toBe(
      "Acme: A payment of 5.00 EUR is due. Reply and we'll tell you how to pay.",
    );
  });

  it('falls back to the default wording when the team has no contact page', () => {
    expect(reply('share_contact_page', 'ru')).toBe('Acme: Вы можете связаться с нами, ответив на это сообщение.');
  });
});
